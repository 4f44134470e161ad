{{ config(alias='fct_insurance_payments') }}

{#-
    The group's fct_insurance_payments:
    every built practice's rows, with practice_id (DECISIONLOG G1).
-#}
{{ union_practices('fct_insurance_payments') }}
