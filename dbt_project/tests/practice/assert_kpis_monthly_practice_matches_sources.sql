{#-
    The practice rows of mart_kpis_monthly_practice, recounted straight from the
    marts they come from, without the KPI mart's crediting to providers and
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

completed_procedures as (

    select procedures.*
    from {{ ref('fct_procedures') }} as procedures
    cross join as_of
    where
        procedures.is_completed
        and procedures.procedure_date <= as_of.as_of_date

),

procedure_codes as (

    select * from {{ ref('dim_procedure_code') }}

),

patients as (

    select * from {{ ref('dim_patient') }}

),

visit_procedures as (

    select * from completed_procedures
    where not is_broken_appointment_code

),

patient_visit_months as (

    select distinct
        patient_id,
        cast({{ dbt.date_trunc('month', 'procedure_date') }} as date)
            as visit_month
    from visit_procedures

),

aging as (

    select receivables.*
    from {{ ref('mart_ar_aging') }} as receivables
    cross join as_of
    where receivables.as_of_date <= as_of.as_of_date

),

aging_dates as (

    select
        cast({{ dbt.date_trunc('month', 'as_of_date') }} as date)
            as month_start_date,
        max(as_of_date) as last_as_of_date
    from aging
    group by 1

),

recounted as (

    select
        'gross_production' as measure,
        cast({{ dbt.date_trunc('month', 'report_date') }} as date)
            as month_start_date,
        sum(gross_production) as expected
    from {{ ref('mart_production_income_daily') }}
    cross join as_of
    where report_date <= as_of.as_of_date
    group by 2

    union all

    select
        'collections',
        cast({{ dbt.date_trunc('month', 'report_date') }} as date),
        sum(total_income)
    from {{ ref('mart_production_income_daily') }}
    cross join as_of
    where report_date <= as_of.as_of_date
    group by 2

    union all

    select
        'new_patients',
        new_patients.first_visit_month,
        count(*)
    from {{ ref('mart_new_patients') }} as new_patients
    cross join as_of
    where new_patients.first_visit_date <= as_of.as_of_date
    group by 2

    union all

    select
        'visits',
        cast({{ dbt.date_trunc('month', 'procedure_date') }} as date),
        count(distinct patient_id, procedure_date)
    from visit_procedures
    group by 2

    union all

    select
        'hygiene_production',
        cast(
            {{ dbt.date_trunc('month', 'completed_procedures.procedure_date') }}
            as date
        ),
        sum(completed_procedures.production_amount)
    from completed_procedures
    inner join procedure_codes
        on
            completed_procedures.procedure_code_id
            = procedure_codes.procedure_code_id
    where procedure_codes.is_hygiene
    group by 2

    union all

    select
        'active_patients',
        practice_rows.month_start_date,
        count(distinct patient_visit_months.patient_id)
    from practice_rows
    inner join patient_visit_months
        on
            patient_visit_months.visit_month <= practice_rows.month_start_date
            and patient_visit_months.visit_month > {{ dbt.dateadd(
                'month', -active_months, 'practice_rows.month_start_date'
            ) }}
    inner join patients
        on patient_visit_months.patient_id = patients.patient_id
    where patients.patient_status_code = 0
    group by 2

    union all

    select
        'ar_total',
        aging_dates.month_start_date,
        sum(
            aging.bal_0_30 + aging.bal_31_60 + aging.bal_61_90
            + aging.bal_over_90
        )
    from aging
    inner join aging_dates
        on aging.as_of_date = aging_dates.last_as_of_date
    group by 2

    union all

    select
        'presented_procedures',
        cast({{ dbt.date_trunc('month', 'first_presented_date') }} as date),
        count(*)
    from (
        select
            presented.procedure_id,
            min(presented.presented_date) as first_presented_date
        from {{ ref('fct_treatment_plan_procedures') }} as presented
        where presented.procedure_id is not null
        group by presented.procedure_id
    ) as first_presentations
    cross join as_of
    where first_presentations.first_presented_date <= as_of.as_of_date
    group by 2

),

{%- set measures = [
    'gross_production', 'collections', 'new_patients', 'visits',
    'hygiene_production', 'active_patients', 'ar_total', 'presented_procedures',
] %}

reported as (

    {% for measure in measures -%}
        select
            '{{ measure }}' as measure,
            month_start_date,
            {{ measure }} as reported
        from practice_rows
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

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
    where reported.measure is null and recounted.expected <> 0

)

select * from compared
where not (reported <=> expected)
