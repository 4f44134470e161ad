{{
    config(
        materialized='table',
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
-#}
with

schedule_slots as (

    select * from {{ ref('int_schedule_slots_listed') }}

),

appointment_slots as (

    select * from {{ ref('int_appointment_time_slots_listed') }}

),

slots_unioned as (

    select
        schedule_date,
        operatory_id,
        provider_id,
        slot_number,
        1 as is_scheduled,
        cast(null as signed) as outcome_rank,
        0 as held_appointments

    from schedule_slots

    union all

    select
        slot_date as schedule_date,
        operatory_id,
        provider_id,
        slot_number,
        0 as is_scheduled,
        outcome_rank,
        held_appointments

    from appointment_slots

),

final as (

    select
        schedule_date,
        operatory_id,
        provider_id,
        slot_number,
        max(is_scheduled) as is_scheduled,
        min(outcome_rank) as outcome_rank,
        max(held_appointments) as held_appointments

    from slots_unioned
    group by 1, 2, 3, 4

)

select * from final
