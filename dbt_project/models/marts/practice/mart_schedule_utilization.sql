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
                'columns': ['schedule_date', 'operatory_id', 'provider_id'],
                'unique': true,
            },
            {'columns': ['provider_id', 'schedule_date']},
            {'columns': ['clinic_id', 'schedule_date']},
        ]
    )
}}

{#-
    How full the chairs and the providers' schedules were: one row per day x
    operatory x provider with scheduled time or booked time. Minutes are sums
    of 5-minute slots, so every roll-up (week, month, provider, clinic,
    hygiene vs doctor) is exact: divide the summed numerators by the summed
    denominators. Definitions and a worked day: DECISIONLOG.md, R1.

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

appointments as (

    select * from {{ ref('fct_appointments') }}
    where
        appointment_status_code = 2
        and {{ schedule_days_filter('appointment_date') }}

),

procedures as (

    select * from {{ ref('fct_procedures') }}
    where is_completed

),

operatories as (

    select * from {{ ref('stg_opendental__operatory') }}

),

providers as (

    select * from {{ ref('dim_provider') }}

),

minutes_by_row as (

    select
        schedule_date,
        operatory_id,
        provider_id,
        5 * sum(is_scheduled) as scheduled_minutes,
        5 * sum(
            case
                when is_scheduled = 1 and outcome_rank is not null then 1 else 0
            end
        ) as booked_minutes,
        5 * sum(
            case when is_scheduled = 1 and outcome_rank = 1 then 1 else 0 end
        ) as completed_minutes,
        5 * sum(
            case when is_scheduled = 1 and outcome_rank >= 3 then 1 else 0 end
        ) as broken_minutes,
        5 * sum(
            case when is_scheduled = 1 and outcome_rank = 3 then 1 else 0 end
        ) as no_show_minutes,
        5 * sum(
            case
                when is_scheduled = 0 and outcome_rank is not null then 1 else 0
            end
        ) as booked_minutes_outside_schedule,
        5 * sum(case when held_appointments > 1 then 1 else 0 end)
            as double_booked_minutes

    from slots
    group by 1, 2, 3

),

production_by_row as (

    select
        appointments.appointment_date as schedule_date,
        appointments.operatory_id,
        coalesce(appointments.credited_provider_id, 0) as provider_id,
        sum(procedures.production_amount) as gross_production

    from appointments
    inner join procedures
        on appointments.appointment_id = procedures.appointment_id
    where appointments.operatory_id is not null
    group by 1, 2, 3

),

final as (

    select
        minutes_by_row.schedule_date,
        minutes_by_row.operatory_id,
        minutes_by_row.provider_id,
        providers.provider_type,
        cast(minutes_by_row.scheduled_minutes as signed) as scheduled_minutes,
        cast(minutes_by_row.booked_minutes as signed) as booked_minutes,
        cast(minutes_by_row.completed_minutes as signed) as completed_minutes,
        cast(minutes_by_row.broken_minutes as signed) as broken_minutes,
        cast(minutes_by_row.no_show_minutes as signed) as no_show_minutes,
        cast(minutes_by_row.booked_minutes_outside_schedule as signed)
            as booked_minutes_outside_schedule,
        cast(minutes_by_row.double_booked_minutes as signed)
            as double_booked_minutes,
        cast(coalesce(production_by_row.gross_production, 0) as decimal(14, 2))
            as gross_production,
        cast(
            coalesce(production_by_row.gross_production, 0)
            * 60 / nullif(minutes_by_row.scheduled_minutes, 0)
            as decimal(14, 2)
        ) as production_per_scheduled_hour,
        cast(
            minutes_by_row.booked_minutes
            / nullif(minutes_by_row.scheduled_minutes, 0)
            as decimal(9, 4)
        ) as booked_utilization_rate,
        cast(
            minutes_by_row.completed_minutes
            / nullif(minutes_by_row.scheduled_minutes, 0)
            as decimal(9, 4)
        ) as completed_utilization_rate,
        coalesce(operatories.clinic_id, 0) as clinic_id,
        coalesce(providers.provider_type = 'hygienist', false) as is_hygiene

    from minutes_by_row
    left outer join production_by_row
        on
            minutes_by_row.schedule_date = production_by_row.schedule_date
            and minutes_by_row.operatory_id = production_by_row.operatory_id
            and minutes_by_row.provider_id = production_by_row.provider_id
    left outer join operatories
        on minutes_by_row.operatory_id = operatories.operatory_id
    left outer join providers
        on minutes_by_row.provider_id = providers.provider_id

)

select * from final
