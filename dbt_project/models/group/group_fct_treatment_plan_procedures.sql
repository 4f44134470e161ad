{{ config(alias='fct_treatment_plan_procedures') }}

{#-
    The group's fct_treatment_plan_procedures:
    every built practice's rows, with practice_id (DECISIONLOG G1).
-#}
{{ union_practices('fct_treatment_plan_procedures') }}
