{{
    config(
        materialized='table',
        indexes=[
            {
                'columns': [
                    'slot_date', 'operatory_id', 'provider_id', 'slot_number'
                ],
                'unique': true,
            },
        ],
    )
}}

{#-
    One row per 5-minute slot of an operatory that an appointment slot
    (int_appointment_slots_classified: kept, still scheduled or lost to a
    break) covered, per provider credited with the appointment. Length: one
    pattern character per time increment (the preference
    AppointmentTimeIncrement, 5 minutes when unset). Where appointments of
    one provider overlap (double booking) the slot counts once, with the best
    outcome: completed, then scheduled, then no-show, then another break.
-#}
with

appointment_slots as (

    select * from {{ ref('int_appointment_slots_classified') }}
    where
        operatory_id is not null
        and slot_at is not null
        and coalesce(pattern, '') != ''

),

preferences as (

    select * from {{ ref('stg_opendental__preference') }}

),

numbers as (

    select * from {{ ref('int_finance_day_numbers_listed') }}
    where day_number < 288

),

time_increment as (

    select
        coalesce(
            max(
                case
                    when
                        preference_name = 'AppointmentTimeIncrement'
                        and preference_value in ('5', '10', '15')
                        then cast(preference_value as unsigned)
                end
            ),
            5
        ) as minutes_per_character

    from preferences

),

appointment_spans as (

    select
        appointment_slots.appointment_id,
        appointment_slots.slot_date,
        appointment_slots.operatory_id,
        appointment_slots.slot_outcome,
        coalesce(appointment_slots.credited_provider_id, 0) as provider_id,
        time_to_sec(appointment_slots.slot_at) div 300 as first_slot_number,
        char_length(appointment_slots.pattern)
        * time_increment.minutes_per_character / 5 as slot_count

    from appointment_slots
    cross join time_increment

),

covered as (

    select
        appointment_spans.slot_date,
        appointment_spans.operatory_id,
        appointment_spans.provider_id,
        numbers.day_number as slot_number,
        case appointment_spans.slot_outcome
            when 'completed' then 1
            when 'scheduled' then 2
            when 'no_show' then 3
            else 4
        end as outcome_rank,
        appointment_spans.slot_outcome in ('completed', 'scheduled')
            as is_held

    from appointment_spans
    inner join numbers
        on
            appointment_spans.first_slot_number <= numbers.day_number
            and appointment_spans.first_slot_number
            + appointment_spans.slot_count > numbers.day_number

),

final as (

    select
        slot_date,
        operatory_id,
        provider_id,
        slot_number,
        min(outcome_rank) as outcome_rank,
        sum(case when is_held then 1 else 0 end) as held_appointments

    from covered
    group by 1, 2, 3, 4

)

select * from final
