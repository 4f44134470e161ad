{{
    config(
        materialized='incremental',
        unique_key='schedule_date',
        global_inputs=[
            {
                'name': 'stg_opendental__operatory',
                'columns': ['operatory_id', 'clinic_id'],
            },
            {
                'name': 'dim_provider',
                'columns': ['provider_id', 'provider_type'],
            },
        ],
        pre_hook=[
            "{{ schedule_days_prepare() }}",
            "{{ schedule_days_select() }}",
            "{{ schedule_days_delete('schedule_date') }}",
        ],
        post_hook=[
            "{{ schedule_days_record() }}",
            "{{ schedule_days_cleanup() }}",
        ],
        indexes=[
            {
                'columns': [
                    'schedule_date', 'hour_of_day', 'operatory_id', 'provider_id'
                ],
                'unique': true,
            },
        ]
    )
}}

{#-
    mart_schedule_utilization's minutes split by hour of the day, for the
    weekday x hour heatmap: one row per day x hour x operatory x provider with
    scheduled or booked time. The same slots, so the hours of a day add up to
    its row in mart_schedule_utilization (DECISIONLOG.md, R1).

    Incremental by day (DECISIONLOG.md, R6): an incremental run rebuilds
    only the days whose int_schedule_day_fingerprints entry differs from
    the one this model was last built from (hooks:
    macros/incremental/schedule_days_select.sql).
-#}
-- depends_on: {{ ref('int_schedule_day_fingerprints') }}

with

slots as (

    select * from {{ ref('int_chair_slots_combined') }}
    where {{ schedule_days_filter('schedule_date') }}

),

operatories as (

    select * from {{ ref('stg_opendental__operatory') }}

),

providers as (

    select * from {{ ref('dim_provider') }}

),

minutes_by_hour as (

    select
        schedule_date,
        operatory_id,
        provider_id,
        slot_number div 12 as hour_of_day,
        5 * sum(is_scheduled) as scheduled_minutes,
        5 * sum(
            case
                when is_scheduled = 1 and outcome_rank is not null then 1 else 0
            end
        ) as booked_minutes,
        5 * sum(
            case when is_scheduled = 1 and outcome_rank = 1 then 1 else 0 end
        ) as completed_minutes

    from slots
    group by 1, 2, 3, 4

),

final as (

    select
        minutes_by_hour.schedule_date,
        minutes_by_hour.operatory_id,
        minutes_by_hour.provider_id,
        cast(minutes_by_hour.hour_of_day as signed) as hour_of_day,
        cast(minutes_by_hour.scheduled_minutes as signed) as scheduled_minutes,
        cast(minutes_by_hour.booked_minutes as signed) as booked_minutes,
        cast(minutes_by_hour.completed_minutes as signed) as completed_minutes,
        weekday(minutes_by_hour.schedule_date) + 1 as iso_day_of_week,
        coalesce(operatories.clinic_id, 0) as clinic_id,
        coalesce(providers.provider_type = 'hygienist', false) as is_hygiene

    from minutes_by_hour
    left outer join operatories
        on minutes_by_hour.operatory_id = operatories.operatory_id
    left outer join providers
        on minutes_by_hour.provider_id = providers.provider_id

)

select * from final
