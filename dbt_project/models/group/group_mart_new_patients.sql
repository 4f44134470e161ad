{{ config(alias='mart_new_patients') }}

{#-
    The group's mart_new_patients:
    every built practice's rows, with practice_id (DECISIONLOG G1).
-#}
{{ union_practices('mart_new_patients') }}
