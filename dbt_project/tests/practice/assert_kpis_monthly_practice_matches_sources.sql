{#-
    The practice rows of mart_kpis_monthly_practice, recounted straight from
    the marts they come from, without the KPI mart's crediting to providers and
    clinics: if crediting lost or doubled anything (a patient counted under two
    providers, a visit dropped for want of a provider), the practice totals
    would drift from these. Returns every month and measure that differs.
-#}
{%- set active_months = var('active_patient_months', 18) | int -%}

with

as_of as (

    select * from {{ ref('int_practice_as_of_date') }}

),

practice_rows as (

    select * from {{ ref('mart_kpis_monthly_practice') }}
    where rollup_level = 'practice'

),

income as (

    select * from {{ ref('mart_production_income_daily') }}

),

procedure_rows as (

    select * from {{ ref('fct_procedures') }}
    where is_completed

),

procedure_codes as (

    select * from {{ ref('dim_procedure_code') }}

),

patients as (

    select * from {{ ref('dim_patient') }}

),

new_patients as (

    select * from {{ ref('mart_new_patients') }}

),

presented as (

    select * from {{ ref('fct_treatment_plan_procedures') }}
    where procedure_id is not null

),

aging as (

    select receivables.*
    from {{ ref('mart_ar_aging') }} as receivables
    cross join as_of
    where receivables.as_of_date <= as_of.as_of_date

),

completed_to_date as (

    select procedure_rows.*
    from procedure_rows
    cross join as_of
    where procedure_rows.procedure_date <= as_of.as_of_date

),

visit_procedures as (

    select * from completed_to_date
    where not is_broken_appointment_code

),

patient_visit_months as (

    select distinct
        patient_id,
        cast({{ dbt.date_trunc('month', 'procedure_date') }} as date)
            as visit_month
    from visit_procedures

),

aging_dates as (

    select
        cast({{ dbt.date_trunc('month', 'as_of_date') }} as date)
            as month_start_date,
        max(as_of_date) as last_as_of_date
    from aging
    group by 1

),

first_presentations as (

    select
        procedure_id,
        min(presented_date) as first_presented_date
    from presented
    group by 1

),

income_by_month as (

    select
        cast({{ dbt.date_trunc('month', 'income.report_date') }} as date)
            as month_start_date,
        sum(income.gross_production) as gross_production,
        sum(income.total_income) as collections
    from income
    cross join as_of
    where income.report_date <= as_of.as_of_date
    group by 1

),

recounted as (

    select
        'gross_production' as measure,
        month_start_date,
        gross_production as expected
    from income_by_month

    union all

    select
        'collections' as measure,
        month_start_date,
        collections as expected
    from income_by_month

    union all

    select
        'new_patients' as measure,
        new_patients.first_visit_month as month_start_date,
        count(*) as expected
    from new_patients
    cross join as_of
    where new_patients.first_visit_date <= as_of.as_of_date
    group by 2

    union all

    select
        'visits' as measure,
        cast({{ dbt.date_trunc('month', 'procedure_date') }} as date)
            as month_start_date,
        count(distinct patient_id, procedure_date) as expected
    from visit_procedures
    group by 2

    union all

    select
        'hygiene_production' as measure,
        cast(
            {{ dbt.date_trunc('month', 'completed_to_date.procedure_date') }}
            as date
        ) as month_start_date,
        sum(completed_to_date.production_amount) as expected
    from completed_to_date
    inner join procedure_codes
        on
            completed_to_date.procedure_code_id
            = procedure_codes.procedure_code_id
    where procedure_codes.is_hygiene
    group by 2

    union all

    select
        'active_patients' as measure,
        practice_rows.month_start_date,
        count(distinct patient_visit_months.patient_id) as expected
    from practice_rows
    inner join patient_visit_months
        on
            practice_rows.month_start_date >= patient_visit_months.visit_month
            and {{ dbt.dateadd(
                'month', -active_months, 'practice_rows.month_start_date'
            ) }} < patient_visit_months.visit_month
    inner join patients
        on patient_visit_months.patient_id = patients.patient_id
    where patients.patient_status_code = 0
    group by 2

    union all

    select
        'ar_total' as measure,
        aging_dates.month_start_date,
        sum(
            aging.bal_0_30 + aging.bal_31_60 + aging.bal_61_90
            + aging.bal_over_90
        ) as expected
    from aging
    inner join aging_dates
        on aging.as_of_date = aging_dates.last_as_of_date
    group by 2

    union all

    select
        'presented_procedures' as measure,
        cast(
            {{ dbt.date_trunc(
                'month', 'first_presentations.first_presented_date'
            ) }} as date
        ) as month_start_date,
        count(*) as expected
    from first_presentations
    cross join as_of
    where first_presentations.first_presented_date <= as_of.as_of_date
    group by 2

),

reported as (

    select
        'gross_production' as measure,
        month_start_date,
        gross_production as reported
    from practice_rows
    union all
    select
        'collections' as measure,
        month_start_date,
        collections as reported
    from practice_rows
    union all
    select
        'new_patients' as measure,
        month_start_date,
        new_patients as reported
    from practice_rows
    union all
    select
        'visits' as measure,
        month_start_date,
        visits as reported
    from practice_rows
    union all
    select
        'hygiene_production' as measure,
        month_start_date,
        hygiene_production as reported
    from practice_rows
    union all
    select
        'active_patients' as measure,
        month_start_date,
        active_patients as reported
    from practice_rows
    union all
    select
        'ar_total' as measure,
        month_start_date,
        ar_total as reported
    from practice_rows
    union all
    select
        'presented_procedures' as measure,
        month_start_date,
        presented_procedures as reported
    from practice_rows

),

compared as (

    select
        reported.measure,
        reported.month_start_date,
        reported.reported,
        coalesce(recounted.expected, 0) as expected
    from reported
    left outer join recounted
        on
            reported.measure = recounted.measure
            and reported.month_start_date = recounted.month_start_date

    union all

    select
        recounted.measure,
        recounted.month_start_date,
        null as reported,
        recounted.expected
    from recounted
    left outer join reported
        on
            recounted.measure = reported.measure
            and recounted.month_start_date = reported.month_start_date
    where reported.measure is null and recounted.expected != 0

)

select * from compared
where not (reported <=> expected)
