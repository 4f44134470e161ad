{{
    config(
        indexes=[
            {'columns': ['patient_id'], 'unique': true},
        ]
    )
}}

{#-
    The "patients to call" list at the latest month end of
    mart_patient_features: patients in status Patient who are lapsing (last
    visit 12 to 18 months before: about to stop being active) or overdue for
    hygiene (recall status overdue) and have nothing booked from the month end
    on. By PatNum; the chart number and names are NULL under the default PHI
    policy (the loader drops them) and filled when the practice's catalogue
    keeps them (od_source in stg_opendental__patient; docs/etl.md, PHI).
-#}
{%- set lapsing_after_days = var('practice_lapsing_after_days', 365) -%}

with

features as (

    select * from {{ ref('mart_patient_features') }}

),

patients as (

    select * from {{ ref('dim_patient') }}

),

identifiers as (

    select
        patient_id,
        chart_number,
        last_name,
        first_name,
        preferred_name

    from {{ ref('stg_opendental__patient') }}

),

appointments as (

    select * from {{ ref('fct_appointments') }}
    where appointment_status_code = 1

),

latest as (

    select max(as_of_date) as as_of_date from features

),

booked as (

    select distinct appointments.patient_id

    from appointments
    cross join latest
    where appointments.appointment_date > latest.as_of_date

),

final as (

    select
        features.patient_id,
        identifiers.chart_number,
        identifiers.last_name,
        identifiers.first_name,
        identifiers.preferred_name,
        features.as_of_date,
        features.guarantor_id,
        patients.clinic_id,
        patients.primary_provider_id,
        cast(
            case
                when features.days_since_last_visit > {{ lapsing_after_days }}
                    then 'lapsing'
                else 'hygiene overdue'
            end as char(16)
        ) as call_reason,
        features.last_visit_date,
        features.days_since_last_visit,
        features.last_hygiene_visit_date,
        features.days_since_last_hygiene_visit,
        features.open_treatment_plan_amount,
        features.family_balance,
        features.family_aging_bucket

    from features
    inner join latest
        on features.as_of_date = latest.as_of_date
    inner join patients
        on features.patient_id = patients.patient_id
    inner join identifiers
        on features.patient_id = identifiers.patient_id
    left outer join booked
        on features.patient_id = booked.patient_id
    where
        patients.patient_status_code = 0
        and booked.patient_id is null
        and features.last_visit_date is not null
        and features.days_since_last_visit <= 548
        and (
            features.days_since_last_visit > {{ lapsing_after_days }}
            or features.recall_status = 'overdue'
        )

)

select * from final
