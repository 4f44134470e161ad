{#- A table, not ephemeral: it is read more than once downstream, and MariaDB
    recomputes an inlined CTE for every reference. -#}
{{
    config(
        materialized='table',
        indexes=[
            {'columns': ['patient_id', 'visit_date'], 'unique': true},
        ],
    )
}}

{#-
    One row per visit: a patient-day with at least one completed procedure other
    than the broken-appointment codes D9986/D9987 (a missed appointment is not a
    visit). Each visit is credited to one provider and clinic, the pair with the
    most gross production that day (ties: lowest provider, then clinic), so
    provider rows add up to the practice's patient-days.
-#}
with

procedures as (

    select * from {{ ref('fct_procedures') }}
    where
        is_completed
        and not is_broken_appointment_code
        and procedure_date is not null

),

production_per_provider_day as (

    select
        patient_id,
        procedure_date as visit_date,
        provider_id,
        clinic_id,
        sum(production_amount) as gross_production

    from procedures
    group by patient_id, procedure_date, provider_id, clinic_id

),

providers_ranked as (

    select
        *,
        row_number() over (
            partition by patient_id, visit_date
            order by gross_production desc, provider_id asc, clinic_id asc
        ) as production_rank,
        sum(gross_production) over (partition by patient_id, visit_date)
            as visit_gross_production

    from production_per_provider_day

),

final as (

    select
        patient_id,
        visit_date,
        provider_id,
        clinic_id,
        visit_gross_production,
        cast({{ dbt.date_trunc('month', 'visit_date') }} as date) as visit_month

    from providers_ranked
    where production_rank = 1

)

select * from final
