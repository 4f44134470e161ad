{#- A table, not ephemeral: it is read more than once downstream, and MariaDB
    recomputes an inlined CTE for every reference. -#}
{{
    config(
        materialized='table',
        indexes=[
            {'columns': ['appointment_id'], 'unique': true},
            {'columns': ['patient_id']},
        ],
    )
}}

{#-
    Every appointment with its attached-procedure counts, hygiene classification
    and the provider KPIs credit it to. Shared by fct_appointments and the KPI
    helpers so that "hygiene appointment" has one definition.
-#}
with

appointments as (

    select * from {{ ref('stg_opendental__appointment') }}

),

procedures_summarized as (

    select * from {{ ref('int_appointment_procedures_summarized') }}

),

appointments_joined as (

    select
        appointments.appointment_id,
        appointments.patient_id,
        appointments.provider_id,
        appointments.hygienist_id,
        appointments.clinic_id,
        appointments.operatory_id,
        appointments.appointment_type_id,
        appointments.planned_appointment_id,
        appointments.appointment_status_code,
        appointments.appointment_status,
        appointments.pattern,
        appointments.is_new_patient,
        appointments.is_hygiene,
        appointments.appointment_at,
        appointments.created_at,
        appointments.arrived_at,
        appointments.seated_at,
        appointments.dismissed_at,
        procedures_summarized.procedure_codes,
        coalesce(procedures_summarized.procedure_count, 0)
            as procedure_count,
        coalesce(procedures_summarized.hygiene_procedure_count, 0)
            as hygiene_procedure_count

    from appointments
    left outer join procedures_summarized
        on appointments.appointment_id = procedures_summarized.appointment_id

),

appointments_classified as (

    {#-
        Hygiene appointment: OpenDental's IsHygiene flag, or a hygienist on the
        appointment with at least one hygiene-coded procedure attached. Neither
        signal alone is reliable: the flag is often left unset, radiographs
        carry the hygiene code on dentist visits, and an operatory can give
        every appointment a default hygienist (DECISIONLOG.md, P3).
    -#}
    select
        *,
        coalesce(
            is_hygiene
            or (hygienist_id is not null and hygiene_procedure_count > 0),
            false
        ) as is_hygiene_appointment

    from appointments_joined

),

final as (

    select
        *,
        -- KPIs credit a hygiene appointment to its hygienist, others to the
        -- dentist
        case
            when is_hygiene_appointment then coalesce(hygienist_id, provider_id)
            else provider_id
        end as credited_provider_id

    from appointments_classified

)

select * from final
