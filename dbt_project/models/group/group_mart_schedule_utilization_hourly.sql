{{ config(alias='mart_schedule_utilization_hourly') }}

{#-
    The group's mart_schedule_utilization_hourly:
    every built practice's rows, with practice_id (DECISIONLOG G1).
-#}
{{ union_practices('mart_schedule_utilization_hourly') }}
