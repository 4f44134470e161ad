{{ config(alias='mart_patient_features') }}

{#-
    The group's mart_patient_features:
    every built practice's rows, with practice_id (DECISIONLOG G1).
-#}
{{ union_practices('mart_patient_features') }}
