{{ config(alias='dim_insurance_plan') }}

{#-
    The group's dim_insurance_plan:
    every built practice's rows, with practice_id (DECISIONLOG G1).
-#}
{{ union_practices('dim_insurance_plan') }}
