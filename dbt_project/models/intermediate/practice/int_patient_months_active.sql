{#-
    One row per patient and calendar month in which the patient is active: the
    patient had a visit (int_patient_visits_attributed) in that month or in the
    active_patient_months - 1 months before it (default 18 months in all, as
    Dental Intelligence and most consultants count; OpenDental's Active Patients
    report takes any date range). Whole calendar months, so a month's figure
    does not depend on the day it is read. Patient status is applied by the KPI
    mart.
-#}
{%- set active_months = var('active_patient_months', 18) | int -%}

with

as_of as (

    select * from {{ ref('int_practice_as_of_date') }}

),

visits as (

    select distinct
        patient_id,
        visit_month

    from {{ ref('int_patient_visits_attributed') }}

),

months as (

    select distinct dates.month_start_date

    from {{ ref('dim_date') }} as dates
    cross join as_of
    where dates.calendar_date <= as_of.as_of_date

),

visit_months_sequenced as (

    {#-
        Each visit month covers the months until the next visit month takes over, at
        most active_months of them: every active patient-month is produced exactly
        once.
    -#}
    select
        patient_id,
        visit_month,
        least(
            coalesce(
                lead(visit_month) over (
                    partition by patient_id order by visit_month
                ),
                cast('9999-12-01' as date)
            ),
            {{ dbt.dateadd('month', active_months, 'visit_month') }}
        ) as covered_until

    from visits

),

final as (

    select
        visit_months_sequenced.patient_id,
        months.month_start_date

    from visit_months_sequenced
    inner join months
        on
            visit_months_sequenced.visit_month <= months.month_start_date
            and visit_months_sequenced.covered_until > months.month_start_date

)

select * from final
