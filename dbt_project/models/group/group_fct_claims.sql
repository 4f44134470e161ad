{{ config(alias='fct_claims') }}

{#-
    The group's fct_claims:
    every built practice's rows, with practice_id (DECISIONLOG G1).
-#}
{{ union_practices('fct_claims') }}
