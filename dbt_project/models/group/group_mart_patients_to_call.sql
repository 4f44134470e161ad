{{ config(alias='mart_patients_to_call') }}

{#-
    The group's mart_patients_to_call:
    every built practice's rows, with practice_id (DECISIONLOG G1).
-#}
{{ union_practices('mart_patients_to_call') }}
