{{ config(alias='fct_claim_procedures') }}

{#-
    The group's fct_claim_procedures:
    every built practice's rows, with practice_id (DECISIONLOG G1).
-#}
{{ union_practices('fct_claim_procedures') }}
