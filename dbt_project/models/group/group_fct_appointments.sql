{{ config(alias='fct_appointments') }}

{#-
    The group's fct_appointments:
    every built practice's rows, with practice_id (DECISIONLOG G1).
-#}
{{ union_practices('fct_appointments') }}
