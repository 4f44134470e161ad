{{ config(alias='fct_patient_payments') }}

{#-
    The group's fct_patient_payments:
    every built practice's rows, with practice_id (DECISIONLOG G1).
-#}
{{ union_practices('fct_patient_payments') }}
