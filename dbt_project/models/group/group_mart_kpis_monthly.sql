{{ config(alias='mart_kpis_monthly') }}

{#-
    The group's mart_kpis_monthly:
    every built practice's rows, with practice_id (DECISIONLOG G1).
-#}
{{ union_practices('mart_kpis_monthly') }}
