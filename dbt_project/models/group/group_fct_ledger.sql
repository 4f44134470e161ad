{{ config(alias='fct_ledger') }}

{#-
    The group's fct_ledger:
    every built practice's rows, with practice_id (DECISIONLOG G1).
-#}
{{ union_practices('fct_ledger') }}
