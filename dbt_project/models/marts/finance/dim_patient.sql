{#-
    Patients without PHI (no names, birth dates, contact details or notes:
    the loader leaves those at the source): family, status, clinic, primary
    provider, billing type, first and last visit, and whether the patient is
    active. Dates of visits come from completed procedures, leaving out the
    broken-appointment codes D9986/D9987 (as OpenDental's new-patient logic
    does), and from completed appointments.
      is_active  status Patient and a completed procedure within the last
                 `active_patient_months` months (dbt var, default 18) before
                 the practice's as-of date (int_practice_as_of_date).
-#}
{{
    config(
        indexes=[
            {'columns': ['patient_id'], 'unique': true},
            {'columns': ['guarantor_id']},
        ],
    )
}}

{%- set active_months = var('active_patient_months', 18) | int -%}

with

patients as (

    select * from {{ ref('stg_opendental__patient') }}

),

procedures as (

    select * from {{ ref('int_procedures_with_capitation_writeoffs') }}

),

{# grouped: a lookup materialized once, not the staging view per row #}
procedure_codes as (

    select
        procedure_code_id,
        max(procedure_code) as procedure_code
    from {{ ref('stg_opendental__procedurecode') }}
    group by procedure_code_id

),

appointments as (

    select * from {{ ref('stg_opendental__appointment') }}

),

definitions as (

    select * from {{ ref('stg_opendental__definition') }}

),

practice_as_of as (

    select * from {{ ref('int_practice_as_of_date') }}

),

billing_types as (

    select
        definition_id as billing_type_def_id,
        item_name as billing_type_name
    from definitions
    where category_code = 4

),

completed_procedures as (

    select
        procedures.patient_id,
        min(procedures.procedure_date) as first_completed_procedure_date,
        max(procedures.procedure_date) as last_completed_procedure_date,
        count(*) as completed_procedure_count
    from procedures
    left outer join procedure_codes
        on procedures.procedure_code_id = procedure_codes.procedure_code_id
    where
        procedures.procedure_status_code = 2
        and coalesce(procedure_codes.procedure_code, '')
        not in ('D9986', 'D9987')
    group by procedures.patient_id

),

completed_appointments as (

    select
        patient_id,
        cast(min(appointment_at) as date) as first_appointment_date,
        cast(max(appointment_at) as date) as last_visit_date
    from appointments
    where appointment_status_code = 2
    group by patient_id

),

families as (

    select
        coalesce(guarantor_id, patient_id) as guarantor_id,
        count(*) as family_member_count
    from patients
    group by coalesce(guarantor_id, patient_id)

),

joined as (

    select
        patients.patient_id,
        coalesce(patients.guarantor_id, patients.patient_id) as guarantor_id,
        coalesce(patients.guarantor_id, patients.patient_id)
        = patients.patient_id as is_guarantor,
        coalesce(families.family_member_count, 1) as family_member_count,
        patients.super_family_id,
        patients.patient_status_code,
        patients.patient_status,
        patients.gender,
        patients.clinic_id,
        coalesce(patients.primary_provider_id, 0) as primary_provider_id,
        coalesce(patients.secondary_provider_id, 0) as secondary_provider_id,
        patients.billing_type_def_id,
        billing_types.billing_type_name,
        patients.has_insurance,
        patients.first_visit_date,
        completed_procedures.first_completed_procedure_date,
        completed_procedures.last_completed_procedure_date,
        coalesce(completed_procedures.completed_procedure_count, 0)
            as completed_procedure_count,
        completed_appointments.last_visit_date,
        patients.patient_status_code = 0
        and coalesce(
            completed_procedures.last_completed_procedure_date
            > date_sub(
                practice_as_of.as_of_date, interval {{ active_months }} month
            ),
            false
        ) as is_active,
        {{ active_months }} as active_patient_months,
        patients.created_date,
        patients.source_updated_at
    from patients
    cross join practice_as_of
    left outer join families
        on
            coalesce(patients.guarantor_id, patients.patient_id)
            = families.guarantor_id
    left outer join billing_types
        on patients.billing_type_def_id = billing_types.billing_type_def_id
    left outer join completed_procedures
        on patients.patient_id = completed_procedures.patient_id
    left outer join completed_appointments
        on patients.patient_id = completed_appointments.patient_id

)

select * from joined
