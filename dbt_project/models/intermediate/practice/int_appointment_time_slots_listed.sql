{{
    config(
        materialized='incremental',
        unique_key='slot_date',
        global_inputs=[
            {
                'name': 'stg_opendental__preference',
                'where': "preference_name = 'AppointmentTimeIncrement'",
            },
        ],
        pre_hook=[
            "{{ schedule_days_prepare() }}",
            "{{ schedule_days_select() }}",
            "{{ schedule_days_delete('slot_date') }}",
        ],
        post_hook=[
            "{{ schedule_days_record() }}",
            "{{ schedule_days_cleanup() }}",
        ],
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

    Incremental by day (DECISIONLOG.md, R6): an incremental run rebuilds
    only the days whose int_schedule_day_fingerprints entry differs from
    the one this model was last built from (hooks:
    macros/incremental/schedule_days_select.sql).
-#}
-- depends_on: {{ ref('int_schedule_day_fingerprints') }}

with

appointment_slots as (

    select * from {{ ref('int_appointment_slots_classified') }}
    where
        operatory_id is not null
        and slot_at is not null
        and coalesce(pattern, '') != ''
        and {{ schedule_days_filter('slot_date') }}

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
        appointment_slots.slot_date,
        appointment_slots.operatory_id,
        coalesce(appointment_slots.credited_provider_id, 0) as provider_id,
        time_to_sec(appointment_slots.slot_at) div 300 as first_slot_number,
        time_to_sec(appointment_slots.slot_at) div 300
        + char_length(appointment_slots.pattern)
        * time_increment.minutes_per_character / 5 as end_slot_number,
        case appointment_slots.slot_outcome
            when 'completed' then 1
            when 'scheduled' then 2
            when 'no_show' then 3
            else 4
        end as outcome_rank,
        case
            when appointment_slots.slot_outcome in ('completed', 'scheduled')
                then 1
            else 0
        end as held_appointments

    from appointment_slots
    cross join time_increment

),

spans_collapsed as (

    {#- Appointment slots with the same span collapse into one before the
        slots are listed (the best outcome, the held ones counted). Grouped,
        the spans are also materialized once: merged into the range join
        below, their expressions were evaluated for every span x number
        pair (5.7 of 7.8 s at demo scale). -#}
    select
        slot_date,
        operatory_id,
        provider_id,
        first_slot_number,
        end_slot_number,
        min(outcome_rank) as outcome_rank,
        sum(held_appointments) as held_appointments

    from appointment_spans
    group by 1, 2, 3, 4, 5

),

final as (

    {#- key columns NOT NULL (never null here): the unique index becomes the
        table's clustered index -#}
    select
        coalesce(spans_collapsed.slot_date, date '1900-01-01') as slot_date,
        coalesce(spans_collapsed.operatory_id, 0) as operatory_id,
        coalesce(spans_collapsed.provider_id, 0) as provider_id,
        coalesce(numbers.day_number, 0) as slot_number,
        min(spans_collapsed.outcome_rank) as outcome_rank,
        sum(spans_collapsed.held_appointments) as held_appointments

    from spans_collapsed
    inner join numbers
        on
            spans_collapsed.first_slot_number <= numbers.day_number
            and spans_collapsed.end_slot_number > numbers.day_number
    group by 1, 2, 3, 4

)

select * from final
