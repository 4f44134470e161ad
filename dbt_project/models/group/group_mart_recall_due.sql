{{ config(alias='mart_recall_due') }}

{#-
    The group's mart_recall_due:
    every built practice's rows, with practice_id (DECISIONLOG G1).
-#}
{{ union_practices('mart_recall_due') }}
