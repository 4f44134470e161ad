{{
    config(
        materialized='incremental',
        unique_key='schedule_date',
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
                    'schedule_date', 'operatory_id', 'provider_id', 'slot_number'
                ],
                'unique': true,
            },
        ],
    )
}}

{#-
    Every 5-minute slot of a day x operatory x provider that was scheduled,
    booked, or both: whether it was in the provider's schedule there, and the
    best outcome of the appointments covering it. Read by the daily and the
    hourly utilization marts (DECISIONLOG.md, R1).

    Incremental by day (DECISIONLOG.md, R6): an incremental run rebuilds
    only the days whose int_schedule_day_fingerprints entry differs from
    the one this model was last built from (hooks:
    macros/incremental/schedule_days_select.sql).
-#}
-- depends_on: {{ ref('int_schedule_day_fingerprints') }}

with

schedule_slots as (

    select * from {{ ref('int_schedule_slots_listed') }}
    where {{ schedule_days_filter('schedule_date') }}

),

appointment_slots as (

    select * from {{ ref('int_appointment_time_slots_listed') }}
    where {{ schedule_days_filter('slot_date') }}

),

scheduled as (

    {#- Both inputs are unique on the slot key, so they are merged by an
        index lookup each way instead of a GROUP BY over their union (which
        spilled ~720,000 rows to an on-disk temporary table: 30 of 36 s at
        demo scale). -#}
    select
        schedule_slots.schedule_date,
        schedule_slots.operatory_id,
        schedule_slots.provider_id,
        schedule_slots.slot_number,
        1 as is_scheduled,
        appointment_slots.outcome_rank,
        coalesce(appointment_slots.held_appointments, 0) as held_appointments

    from schedule_slots
    left outer join appointment_slots
        on
            schedule_slots.schedule_date = appointment_slots.slot_date
            and schedule_slots.operatory_id = appointment_slots.operatory_id
            and schedule_slots.provider_id = appointment_slots.provider_id
            and schedule_slots.slot_number = appointment_slots.slot_number

),

booked_outside_schedule as (

    select
        appointment_slots.slot_date as schedule_date,
        appointment_slots.operatory_id,
        appointment_slots.provider_id,
        appointment_slots.slot_number,
        0 as is_scheduled,
        appointment_slots.outcome_rank,
        appointment_slots.held_appointments

    from appointment_slots
    left outer join schedule_slots
        on
            appointment_slots.slot_date = schedule_slots.schedule_date
            and appointment_slots.operatory_id = schedule_slots.operatory_id
            and appointment_slots.provider_id = schedule_slots.provider_id
            and appointment_slots.slot_number = schedule_slots.slot_number
    where schedule_slots.schedule_date is null

),

final as (

    {#- One type for the two branches. The key columns are never null;
        declared NOT NULL (coalesce) they make the unique index the table's
        clustered index: the marts read the slots in key order without a
        lookup per row (6.3 of 7.6 s of mart_schedule_utilization at demo
        scale). -#}
    select
        coalesce(schedule_date, date '1900-01-01') as schedule_date,
        coalesce(operatory_id, 0) as operatory_id,
        coalesce(provider_id, 0) as provider_id,
        coalesce(slot_number, 0) as slot_number,
        is_scheduled,
        cast(outcome_rank as signed) as outcome_rank,
        cast(held_appointments as signed) as held_appointments

    from scheduled

    union all

    select
        coalesce(schedule_date, date '1900-01-01') as schedule_date,
        coalesce(operatory_id, 0) as operatory_id,
        coalesce(provider_id, 0) as provider_id,
        coalesce(slot_number, 0) as slot_number,
        is_scheduled,
        cast(outcome_rank as signed) as outcome_rank,
        cast(held_appointments as signed) as held_appointments

    from booked_outside_schedule

)

select * from final
