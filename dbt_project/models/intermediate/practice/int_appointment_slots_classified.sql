{#- A table, not ephemeral: it is read more than once downstream, and MariaDB
    recomputes an inlined CTE for every reference. -#}
{{ config(materialized='table') }}

{#-
    One row per booked appointment slot that has reached (or awaits) its day,
    for the broken-appointment rates: kept and still-scheduled appointments at
    their current time, every broken slot from the history at the time it was
    broken (an appointment broken once and then completed on another day is two
    slots; a break on the slot the appointment still holds as kept or scheduled
    was undone and does not count), and appointments in status Broken that have
    no break in the history (legacy rows) at their current time. Planned,
    unscheduled-list and note appointments never held a slot.
-#}
with

appointments as (

    select * from {{ ref('int_appointments_classified') }}

),

breaks as (

    select * from {{ ref('int_appointment_breaks_deduplicated') }}

),

appointments_with_break_history as (

    select distinct appointment_id from breaks

),

kept_or_pending_slots as (

    select
        appointment_id,
        patient_id,
        credited_provider_id,
        clinic_id,
        is_hygiene_appointment,
        operatory_id,
        pattern,
        appointment_at as slot_at,
        cast(appointment_at as date) as slot_date,
        case
            when appointment_status_code = 2 then 'completed' else 'scheduled'
        end as slot_outcome,
        false as is_short_notice_cancellation

    from appointments
    where
        appointment_status_code in (1, 2)
        and appointment_at is not null

),

broken_slots as (

    select
        breaks.appointment_id,
        breaks.patient_id,
        -- provider and clinic as they were when the slot was lost
        case
            when
                coalesce(
                    appointments.is_hygiene_appointment,
                    breaks.is_hygiene_flagged
                )
                then coalesce(breaks.hygienist_id, breaks.provider_id)
            else breaks.provider_id
        end as credited_provider_id,
        breaks.clinic_id,
        coalesce(
            appointments.is_hygiene_appointment, breaks.is_hygiene_flagged
        ) as is_hygiene_appointment,
        breaks.operatory_id,
        breaks.pattern,
        breaks.scheduled_at as slot_at,
        breaks.scheduled_date as slot_date,
        breaks.break_type as slot_outcome,
        breaks.is_short_notice_cancellation

    from breaks
    left outer join appointments
        on breaks.appointment_id = appointments.appointment_id
    -- a break on a slot the appointment still holds (kept or scheduled) was
    -- undone
    where not coalesce(
        appointments.appointment_status_code in (1, 2)
        and appointments.appointment_at = breaks.scheduled_at,
        false
    )

),

broken_slots_without_history as (

    select
        appointments.appointment_id,
        appointments.patient_id,
        appointments.credited_provider_id,
        appointments.clinic_id,
        appointments.is_hygiene_appointment,
        appointments.operatory_id,
        appointments.pattern,
        appointments.appointment_at as slot_at,
        cast(appointments.appointment_at as date) as slot_date,
        'unknown' as slot_outcome,
        false as is_short_notice_cancellation

    from appointments
    left outer join appointments_with_break_history
        on
            appointments.appointment_id
            = appointments_with_break_history.appointment_id
    where
        appointments.appointment_status_code = 5
        and appointments.appointment_at is not null
        and appointments_with_break_history.appointment_id is null

),

slots_unioned as (

    select * from kept_or_pending_slots
    union all
    select * from broken_slots
    union all
    select * from broken_slots_without_history

),

final as (

    select
        *,
        cast({{ dbt.date_trunc('month', 'slot_date') }} as date) as slot_month,
        slot_outcome in ('no_show', 'cancellation', 'unknown') as is_broken

    from slots_unioned

)

select * from final
