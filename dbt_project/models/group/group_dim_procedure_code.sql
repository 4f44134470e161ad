{{ config(alias='dim_procedure_code') }}

{#-
    The group's dim_procedure_code:
    every built practice's rows, with practice_id (DECISIONLOG G1).
-#}
{{ union_practices('dim_procedure_code') }}
