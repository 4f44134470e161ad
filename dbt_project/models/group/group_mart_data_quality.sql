{{ config(alias='mart_data_quality') }}

{#-
    The group's mart_data_quality:
    every built practice's rows, with practice_id (DECISIONLOG G1).
-#}
{{ union_practices('mart_data_quality') }}
