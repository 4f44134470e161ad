{{ config(alias='mart_production_income_daily') }}

{#-
    The group's mart_production_income_daily:
    every built practice's rows, with practice_id (DECISIONLOG G1).
-#}
{{ union_practices('mart_production_income_daily') }}
