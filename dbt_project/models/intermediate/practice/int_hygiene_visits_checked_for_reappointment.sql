{#- A table, not ephemeral: it is read more than once downstream, and MariaDB
    recomputes an inlined CTE for every reference. -#}
{{ config(materialized='table') }}

{#-
    One row per completed hygiene appointment (a hygiene visit), with whether
    the patient left with another hygiene appointment booked: one that, at the
    end of the visit day, was in status Scheduled for a later date. "At the end
    of the visit day" is read from the appointment history (each history row is
    the appointment's state from its time until the next row), so an appointment
    booked at checkout and later moved, broken or deleted still counts, and one
    booked weeks after the visit does not. Appointments with no history at all
    (rows older than OpenDental's history) are taken as they are now, scheduled
    since their creation.
-#}
with

appointments as (

    select * from {{ ref('int_appointments_classified') }}

),

history as (

    select * from {{ ref('stg_opendental__histappointment') }}
    where
        appointment_id is not null
        and changed_at is not null

),

hygiene_visits as (

    select
        appointment_id,
        patient_id,
        credited_provider_id,
        clinic_id,
        cast(appointment_at as date) as visit_date,
        {{ dbt.dateadd('day', 1, 'cast(appointment_at as date)') }}
            as visit_day_ends_at

    from appointments
    where
        appointment_status_code = 2
        and is_hygiene_appointment
        and appointment_at is not null

),

history_states as (

    select
        appointment_id,
        patient_id,
        history_action_code,
        appointment_status_code,
        appointment_at,
        is_hygiene,
        changed_at as valid_from,
        lead(changed_at) over (
            partition by appointment_id
            order by changed_at, appointment_history_id
        ) as valid_until

    from history

),

appointments_with_history as (

    select distinct appointment_id from history

),

appointments_without_history as (

    {#-
        An anti-join, not "not exists", and no derived tables: MariaDB cannot see
        a sibling CTE from a subquery once a model is inlined as an ephemeral CTE.
    -#}
    select
        appointments.appointment_id,
        appointments.patient_id,
        1 as history_action_code,
        appointments.appointment_status_code,
        appointments.appointment_at,
        appointments.is_hygiene,
        coalesce(appointments.created_at, cast('1880-01-01' as datetime))
            as valid_from,
        cast(null as datetime) as valid_until

    from appointments
    left outer join appointments_with_history
        on
            appointments.appointment_id
            = appointments_with_history.appointment_id
    where appointments_with_history.appointment_id is null

),

states as (

    select * from history_states
    union all
    select * from appointments_without_history

),

scheduled_hygiene_states as (

    select
        states.appointment_id,
        states.patient_id,
        states.appointment_at,
        states.valid_from,
        states.valid_until

    from states
    left outer join appointments
        on states.appointment_id = appointments.appointment_id
    where
        states.history_action_code <> 4
        and states.appointment_status_code = 1
        and states.appointment_at is not null
        -- today's classification if the appointment still exists, else the
        -- flag it had then
        and coalesce(appointments.is_hygiene_appointment, states.is_hygiene)

),

visits_checked as (

    select
        hygiene_visits.appointment_id,
        min(scheduled_hygiene_states.appointment_at)
            as next_hygiene_appointment_at

    from hygiene_visits
    left outer join scheduled_hygiene_states
        on
            hygiene_visits.patient_id = scheduled_hygiene_states.patient_id
            and hygiene_visits.appointment_id
            <> scheduled_hygiene_states.appointment_id
            and hygiene_visits.visit_day_ends_at
            > scheduled_hygiene_states.valid_from
            and (
                scheduled_hygiene_states.valid_until is null
                or hygiene_visits.visit_day_ends_at
                <= scheduled_hygiene_states.valid_until
            )
            and cast(scheduled_hygiene_states.appointment_at as date)
            > hygiene_visits.visit_date
    group by hygiene_visits.appointment_id

),

final as (

    select
        hygiene_visits.appointment_id,
        hygiene_visits.patient_id,
        hygiene_visits.credited_provider_id,
        hygiene_visits.clinic_id,
        hygiene_visits.visit_date,
        cast({{ dbt.date_trunc('month', 'hygiene_visits.visit_date') }} as date)
            as visit_month,
        visits_checked.next_hygiene_appointment_at,
        visits_checked.next_hygiene_appointment_at is not null
            as is_reappointed

    from hygiene_visits
    inner join visits_checked
        on hygiene_visits.appointment_id = visits_checked.appointment_id

)

select * from final
