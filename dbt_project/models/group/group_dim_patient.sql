{{ config(alias='dim_patient') }}

{#-
    The group's dim_patient:
    every built practice's rows, with practice_id (DECISIONLOG G1).
-#}
{{ union_practices('dim_patient') }}
