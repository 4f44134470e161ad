{{ config(alias='dim_clinic') }}

{#-
    The group's dim_clinic:
    every built practice's rows, with practice_id (DECISIONLOG G1).
-#}
{{ union_practices('dim_clinic') }}
