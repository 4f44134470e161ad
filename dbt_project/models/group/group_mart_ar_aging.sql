{{ config(alias='mart_ar_aging') }}

{#-
    The group's mart_ar_aging:
    every built practice's rows, with practice_id (DECISIONLOG G1).
-#}
{{ union_practices('mart_ar_aging') }}
