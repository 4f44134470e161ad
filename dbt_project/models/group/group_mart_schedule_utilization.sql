{{ config(alias='mart_schedule_utilization') }}

{#-
    The group's mart_schedule_utilization:
    every built practice's rows, with practice_id (DECISIONLOG G1).
-#}
{{ union_practices('mart_schedule_utilization') }}
