{#- One row per visit: a patient-day with at least one completed procedure other than the
    broken-appointment codes D9986/D9987 (a missed appointment is not a visit). Each visit is
    credited to one provider and clinic, the pair with the most gross production that day (ties:
    lowest provider, then clinic), so provider rows add up to the practice's patient-days. -#}
with

procedures as (

    select * from {{ ref('fct_procedures') }}
    where procedure_status_code = 2

),

procedure_codes as (

    select * from {{ ref('dim_procedure_code') }}

),

production_per_provider_day as (

    select
        procedures.patient_id,
        procedures.procedure_date as visit_date,
        procedures.provider_id,
        procedures.clinic_id,
        sum(procedures.gross_production) as gross_production

    from procedures
    inner join procedure_codes
        on procedures.procedure_code_id = procedure_codes.procedure_code_id
    where
        procedure_codes.procedure_code not in ('D9986', 'D9987')
        and procedures.procedure_date is not null
    group by
        procedures.patient_id,
        procedures.procedure_date,
        procedures.provider_id,
        procedures.clinic_id

),

providers_ranked as (

    select
        *,
        row_number() over (
            partition by patient_id, visit_date
            order by gross_production desc, provider_id, clinic_id
        ) as production_rank,
        sum(gross_production) over (partition by patient_id, visit_date)
            as visit_gross_production

    from production_per_provider_day

),

final as (

    select
        patient_id,
        visit_date,
        cast({{ dbt.date_trunc('month', 'visit_date') }} as date) as visit_month,
        provider_id,
        clinic_id,
        visit_gross_production

    from providers_ranked
    where production_rank = 1

)

select * from final
