{#-
    One row per broken appointment slot, from OpenDental's appointment history:
    a Missed (2) history row is a no-show, a Cancelled (3) one a cancellation.
    The history row is a copy of the appointment as it was when broken, so its
    AptDateTime is the slot that was lost, even if the same appointment was
    later moved to the unscheduled list or booked again. Several break rows for
    one slot (a no-show later re-marked as a cancellation) count once, as the
    latest.
-#}
{%- set short_notice_hours = var('practice_short_notice_hours', 24) -%}

with

history as (

    select * from {{ ref('stg_opendental__histappointment') }}
    where
        history_action_code in (2, 3)
        and appointment_id is not null
        and appointment_at is not null

),

breaks_ranked as (

    select
        history.*,
        row_number() over (
            partition by history.appointment_id, history.appointment_at
            order by
                history.changed_at desc, history.appointment_history_id desc
        ) as recency_rank

    from history

),

breaks_classified as (

    select
        appointment_history_id,
        appointment_id,
        patient_id,
        provider_id,
        hygienist_id,
        clinic_id,
        operatory_id,
        pattern,
        is_hygiene as is_hygiene_flagged,
        appointment_at as scheduled_at,
        cast(appointment_at as date) as scheduled_date,
        changed_at as broken_at,
        case
            when history_action_code = 2 then 'no_show' else 'cancellation'
        end as break_type,
        -- hours of warning; negative when recorded after the start
        round(timestampdiff(minute, changed_at, appointment_at) / 60, 2)
            as notice_hours,
        coalesce(
            history_action_code = 3
            and timestampdiff(minute, changed_at, appointment_at)
            < {{ short_notice_hours }} * 60,
            false
        ) as is_short_notice_cancellation

    from breaks_ranked
    where recency_rank = 1

)

select * from breaks_classified
