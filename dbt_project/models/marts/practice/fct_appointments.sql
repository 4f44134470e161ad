{{
    config(
        indexes=[
            {'columns': ['appointment_id'], 'unique': true},
            {'columns': ['appointment_month', 'clinic_id', 'credited_provider_id']},
            {'columns': ['appointment_date']},
            {'columns': ['patient_id']},
        ]
    )
}}

with

appointments as (

    select * from {{ ref('int_appointments_classified') }}

),

breaks as (

    select * from {{ ref('int_appointment_breaks_deduplicated') }}

),

patients as (

    select * from {{ ref('dim_patient') }}

),

breaks_ranked as (

    select
        breaks.*,
        count(*) over (partition by breaks.appointment_id) as break_count,
        row_number() over (
            partition by breaks.appointment_id
            order by breaks.broken_at desc, breaks.appointment_history_id desc
        ) as recency_rank

    from breaks

),

last_breaks as (

    select * from breaks_ranked
    where recency_rank = 1

),

final as (

    select
        -- ids
        appointments.appointment_id,
        appointments.patient_id,
        appointments.provider_id,
        appointments.hygienist_id,
        appointments.credited_provider_id,
        appointments.clinic_id,
        appointments.operatory_id,
        appointments.appointment_type_id,
        appointments.planned_appointment_id,

        -- status
        appointments.appointment_status_code,
        appointments.appointment_status,

        -- scheduling
        appointments.appointment_at,
        cast(appointments.appointment_at as date) as appointment_date,
        cast(
            {{ dbt.date_trunc('month', 'appointments.appointment_at') }} as date
        ) as appointment_month,
        char_length(appointments.pattern) * 5 as length_minutes,
        appointments.created_at,
        appointments.arrived_at,
        appointments.seated_at,
        appointments.dismissed_at,

        -- content
        appointments.procedure_count,
        appointments.hygiene_procedure_count,
        appointments.procedure_codes,
        appointments.is_new_patient as is_new_patient_flagged,
        coalesce(
            appointments.appointment_status_code = 2
            and cast(appointments.appointment_at as date)
            = patients.first_completed_procedure_date,
            false
        ) as is_first_visit,
        appointments.is_hygiene as is_hygiene_flagged,
        appointments.is_hygiene_appointment,

        -- broken: current status, and the latest break in the history
        appointments.appointment_status_code = 5 as is_broken,
        coalesce(last_breaks.break_count, 0) as break_count,
        case
            when last_breaks.break_type is not null then last_breaks.break_type
            when appointments.appointment_status_code = 5 then 'unknown'
        end as last_break_type,
        last_breaks.broken_at as last_broken_at,
        last_breaks.notice_hours as last_break_notice_hours,
        coalesce(last_breaks.is_short_notice_cancellation, false)
            as is_last_break_short_notice_cancellation

    from appointments
    left outer join last_breaks
        on appointments.appointment_id = last_breaks.appointment_id
    left outer join patients
        on appointments.patient_id = patients.patient_id

)

select * from final
