{{ config(alias='fct_procedures') }}

{#-
    The group's fct_procedures:
    every built practice's rows, with practice_id (DECISIONLOG G1).
-#}
{{ union_practices('fct_procedures') }}
