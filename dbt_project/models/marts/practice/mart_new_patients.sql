{{
    config(
        indexes=[
            {'columns': ['patient_id'], 'unique': true},
            {'columns': ['first_visit_month', 'clinic_id', 'primary_provider_id']},
        ]
    )
}}

{#-
    One row per new patient: every patient with a visit, at the first one. First
    visit = first completed procedure other than D9986/D9987 (dim_patient), as
    in OpenDental's New Patients report, which also lists the patient's primary
    provider and first "referred from" source. First-year production counts
    completed procedures in the 12 months from the first visit; lifetime
    production is OpenDental's "$ HowMuch" column.
-#}
with

patients as (

    select
        patient_id,
        guarantor_id,
        primary_provider_id,
        clinic_id,
        patient_status,
        first_completed_procedure_date as first_visit_date

    from {{ ref('dim_patient') }}
    where first_completed_procedure_date is not null

),

visits as (

    select * from {{ ref('int_patient_visits_attributed') }}

),

procedures as (

    select * from {{ ref('fct_procedures') }}
    where is_completed

),

referral_attachments as (

    select * from {{ ref('stg_opendental__refattach') }}
    where referral_type_code = 1

),

referrals as (

    select * from {{ ref('stg_opendental__referral') }}

),

first_referrals as (

    select
        patient_id,
        referral_id,
        row_number() over (
            partition by patient_id
            order by item_order, referral_date, referral_attachment_id
        ) as referral_rank

    from referral_attachments

),

production_per_patient as (

    select
        procedures.patient_id,
        sum(
            case
                when
                    procedures.procedure_date >= patients.first_visit_date
                    and procedures.procedure_date
                    < {{ dbt.dateadd('year', 1, 'patients.first_visit_date') }}
                    then procedures.production_amount
                else 0
            end
        ) as first_year_production,
        sum(procedures.production_amount) as lifetime_production

    from procedures
    inner join patients
        on procedures.patient_id = patients.patient_id
    group by procedures.patient_id

),

final as (

    select
        -- ids
        patients.patient_id,
        patients.guarantor_id,
        patients.primary_provider_id,
        patients.clinic_id,
        visits.provider_id as first_visit_provider_id,
        visits.clinic_id as first_visit_clinic_id,
        first_referrals.referral_id,

        -- patient
        patients.patient_status,

        -- first visit
        patients.first_visit_date,
        cast({{ dbt.date_trunc('month', 'patients.first_visit_date') }} as date)
            as first_visit_month,
        visits.visit_gross_production as first_visit_production,

        -- referral source (a referring patient is not named)
        case
            when referrals.referral_id is null then null
            when referrals.patient_id is not null then 'Patient referral'
            when referrals.business_name <> '' then referrals.business_name
            else trim(concat_ws(' ', referrals.first_name, referrals.last_name))
        end as referral_source,
        case
            when referrals.referral_id is null then null
            when referrals.patient_id is not null then 'patient'
            when referrals.is_doctor then 'doctor'
            else 'other'
        end as referral_source_type,

        -- production
        coalesce(production_per_patient.first_year_production, 0)
            as first_year_production,
        coalesce(production_per_patient.lifetime_production, 0)
            as lifetime_production

    from patients
    left outer join visits
        on
            patients.patient_id = visits.patient_id
            and patients.first_visit_date = visits.visit_date
    left outer join first_referrals
        on
            patients.patient_id = first_referrals.patient_id
            and first_referrals.referral_rank = 1
    left outer join referrals
        on first_referrals.referral_id = referrals.referral_id
    left outer join production_per_patient
        on patients.patient_id = production_per_patient.patient_id

)

select * from final
