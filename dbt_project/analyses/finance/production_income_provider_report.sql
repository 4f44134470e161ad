{#-
    OpenDental's Production and Income "Provider" report (Reports > Production
    & Income > Provider, "Include unearned" ticked) from
    mart_production_income_daily, for comparing with OpenDental by eye:
    one row per provider (by abbreviation, as OpenDental groups them) with
    the report's columns, plus a total row.
    Compile and run:  mdc dbt compile -s production_income_provider_report
        --vars '{pi_date_from: 2026-10-01, pi_date_to: 2026-10-31}'
    then run target/compiled/.../production_income_provider_report.sql.
    The write-off dating is the mart's (var writeoff_dating or the practice's
    preference). Clinic filter: var pi_clinic_ids, a list (default: all).
-#}
{%- set date_from = var('pi_date_from', '1900-01-01') -%}
{%- set date_to = var('pi_date_to', '2999-12-31') -%}
{%- set clinic_ids = var('pi_clinic_ids', []) -%}

with

production_income as (

    select * from {{ ref('mart_production_income_daily') }}
    where
        report_date between '{{ date_from }}' and '{{ date_to }}'
    {% if clinic_ids %}
            and clinic_id in ({{ clinic_ids | join(', ') }})
        {% endif %}

),

providers as (

    select * from {{ ref('dim_provider') }}

),

by_provider as (

    select
        providers.provider_abbreviation as provider,
        sum(production_income.gross_production) as production,
        sum(production_income.adjustments) as adjustments,
        sum(production_income.writeoffs) as writeoff,
        sum(production_income.net_production) as total_production,
        sum(production_income.patient_income) as patient_income,
        sum(production_income.unearned_income) as unearned_income,
        sum(production_income.insurance_income) as insurance_income,
        sum(production_income.total_income) as total_income
    from production_income
    inner join providers
        on production_income.provider_id = providers.provider_id
    group by providers.provider_abbreviation

),

with_total as (

    select
        0 as sort_order,
        provider,
        production,
        adjustments,
        writeoff,
        total_production,
        patient_income,
        unearned_income,
        insurance_income,
        total_income
    from by_provider

    union all

    select
        1 as sort_order,
        'Total' as provider,
        sum(production) as production,
        sum(adjustments) as adjustments,
        sum(writeoff) as writeoff,
        sum(total_production) as total_production,
        sum(patient_income) as patient_income,
        sum(unearned_income) as unearned_income,
        sum(insurance_income) as insurance_income,
        sum(total_income) as total_income
    from by_provider

)

select * from with_total
order by sort_order, provider
