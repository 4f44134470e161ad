{{ config(alias='dim_date') }}

{#-
    The group's dim_date:
    every built practice's rows, with practice_id (DECISIONLOG G1).
-#}
{{ union_practices('dim_date') }}
