{{ config(alias='fct_adjustments') }}

{#-
    The group's fct_adjustments:
    every built practice's rows, with practice_id (DECISIONLOG G1).
-#}
{{ union_practices('fct_adjustments') }}
