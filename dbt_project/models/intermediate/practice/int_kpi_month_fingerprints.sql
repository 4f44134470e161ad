{{ config(materialized='table') }}

{#-
    For every month with KPI activity up to the as-of date, a fingerprint of
    everything int_kpi_measures_by_cell and the claim-lag medians of
    int_kpis_monthly_rolled_up compute that month from: per input, the rows
    credited to the month (same date filters as the measures), each hashed
    over exactly the columns the measures read, including the patient's clinic,
    provider and status where a measure credits by patient. The roll-up
    rebuilds the months whose fingerprint differs from the one it was last
    built from (DECISIONLOG.md, F16), so late-dated entries, hard
    deletes, rolling flags (active patients, hygiene re-appointment, A/R) and
    the as-of date moving on need no rule of their own: they change the
    month's input rows. Each input is grouped on its own, then summed.
-#}
with

as_of as (

    select * from {{ ref('int_practice_as_of_date') }}

),

production_income as (

    select * from {{ ref('mart_production_income_daily') }}

),

procedures as (

    select * from {{ ref('fct_procedures') }}
    where is_completed

),

procedure_codes as (

    select * from {{ ref('dim_procedure_code') }}

),

patients as (

    select * from {{ ref('dim_patient') }}

),

receivables as (

    select * from {{ ref('mart_ar_aging') }}

),

visits as (

    select * from {{ ref('int_patient_visits_attributed') }}

),

active_patient_months as (

    select * from {{ ref('int_patient_months_active') }}

),

slots as (

    select * from {{ ref('int_appointment_slots_classified') }}

),

hygiene_visits as (

    select * from {{ ref('int_hygiene_visits_checked_for_reappointment') }}

),

presentations as (

    select * from {{ ref('fct_treatment_plan_procedures') }}
    where is_first_presentation

),

claims as (

    select * from {{ ref('int_claims_with_lags') }}

),

utilization as (

    select * from {{ ref('mart_schedule_utilization') }}

),

-- ---------- per input: rows and the sum of their CRC32, per month

production_months as (

    select
        cast(
            {{ dbt.date_trunc('month', 'production_income.report_date') }}
            as date
        ) as month_start_date,
        count(*) as input_rows,
        sum(crc32(concat_ws(
            '|', 'production', production_income.report_date,
            coalesce(production_income.clinic_id, '~'),
            coalesce(production_income.provider_id, '~'),
            production_income.gross_production,
            production_income.adjustments,
            production_income.writeoffs,
            production_income.net_production,
            production_income.total_income
        ))) as input_fingerprint

    from production_income
    cross join as_of
    where production_income.report_date <= as_of.as_of_date
    group by 1

),

hygiene_production_months as (

    select
        cast({{ dbt.date_trunc('month', 'procedures.procedure_date') }} as date)
            as month_start_date,
        count(*) as input_rows,
        sum(crc32(concat_ws(
            '|', 'hygiene_production', procedures.procedure_date,
            coalesce(procedures.clinic_id, '~'),
            coalesce(procedures.provider_id, '~'),
            procedures.production_amount
        ))) as input_fingerprint

    from procedures
    inner join procedure_codes
        on procedures.procedure_code_id = procedure_codes.procedure_code_id
    cross join as_of
    where
        procedure_codes.is_hygiene
        and procedures.procedure_date <= as_of.as_of_date
    group by 1

),

visit_months as (

    select
        visits.visit_month as month_start_date,
        count(*) as input_rows,
        sum(crc32(concat_ws(
            '|', 'visits', visits.visit_date,
            coalesce(visits.clinic_id, '~'),
            coalesce(visits.provider_id, '~')
        ))) as input_fingerprint

    from visits
    cross join as_of
    where visits.visit_date <= as_of.as_of_date
    group by 1

),

new_patient_months as (

    select
        cast(
            {{ dbt.date_trunc(
                'month', 'patients.first_completed_procedure_date'
            ) }} as date
        ) as month_start_date,
        count(*) as input_rows,
        sum(crc32(concat_ws(
            '|', 'new_patients', patients.first_completed_procedure_date,
            coalesce(patients.clinic_id, '~'),
            coalesce(patients.primary_provider_id, '~')
        ))) as input_fingerprint

    from patients
    cross join as_of
    where patients.first_completed_procedure_date <= as_of.as_of_date
    group by 1

),

active_patient_month_sums as (

    select
        active_patient_months.month_start_date,
        count(*) as input_rows,
        sum(crc32(concat_ws(
            '|', 'active_patients',
            coalesce(patients.clinic_id, '~'),
            coalesce(patients.primary_provider_id, '~')
        ))) as input_fingerprint

    from active_patient_months
    inner join patients
        on active_patient_months.patient_id = patients.patient_id
    where patients.patient_status_code = 0
    group by 1

),

slot_months as (

    select
        slots.slot_month as month_start_date,
        count(*) as input_rows,
        sum(crc32(concat_ws(
            '|', 'slots', slots.slot_date,
            coalesce(slots.clinic_id, '~'),
            coalesce(slots.credited_provider_id, 0),
            coalesce(slots.is_broken, '~'),
            coalesce(slots.slot_outcome, '~'),
            coalesce(slots.is_short_notice_cancellation, '~')
        ))) as input_fingerprint

    from slots
    cross join as_of
    where slots.slot_date <= as_of.as_of_date
    group by 1

),

hygiene_visit_months as (

    select
        hygiene_visits.visit_month as month_start_date,
        count(*) as input_rows,
        sum(crc32(concat_ws(
            '|', 'hygiene_visits', hygiene_visits.visit_date,
            coalesce(hygiene_visits.clinic_id, '~'),
            coalesce(hygiene_visits.credited_provider_id, 0),
            coalesce(hygiene_visits.is_reappointed, '~')
        ))) as input_fingerprint

    from hygiene_visits
    cross join as_of
    where hygiene_visits.visit_date <= as_of.as_of_date
    group by 1

),

presentation_months as (

    select
        presentations.presented_month as month_start_date,
        count(*) as input_rows,
        sum(crc32(concat_ws(
            '|', 'presentations', presentations.presented_date,
            coalesce(presentations.clinic_id, '~'),
            coalesce(presentations.provider_id, 0),
            coalesce(presentations.is_accepted, '~'),
            coalesce(presentations.procedure_amount, '~')
        ))) as input_fingerprint

    from presentations
    cross join as_of
    where presentations.presented_date <= as_of.as_of_date
    group by 1

),

aging_dates as (

    {#- the month's last aging date, as int_kpi_measures_by_cell -#}
    select
        cast({{ dbt.date_trunc('month', 'receivables.as_of_date') }} as date)
            as month_start_date,
        max(receivables.as_of_date) as as_of_date

    from receivables
    cross join as_of
    where receivables.as_of_date <= as_of.as_of_date
    group by 1

),

receivable_months as (

    select
        aging_dates.month_start_date,
        count(*) as input_rows,
        sum(crc32(concat_ws(
            '|', 'receivables', receivables.as_of_date,
            coalesce(patients.clinic_id, '~'),
            coalesce(patients.primary_provider_id, '~'),
            receivables.bal_0_30,
            receivables.bal_31_60,
            receivables.bal_61_90,
            receivables.bal_over_90
        ))) as input_fingerprint

    from receivables
    inner join aging_dates
        on receivables.as_of_date = aging_dates.as_of_date
    inner join patients
        on receivables.guarantor_id = patients.patient_id
    group by 1

),

claim_sent_months as (

    select
        claims.sent_month as month_start_date,
        count(*) as input_rows,
        sum(crc32(concat_ws(
            '|', 'claims_sent',
            coalesce(claims.clinic_id, '~'),
            coalesce(claims.provider_id, 0),
            claims.days_service_to_sent
        ))) as input_fingerprint

    from claims
    cross join as_of
    where
        claims.sent_date <= as_of.as_of_date
        and claims.days_service_to_sent is not null
    group by 1

),

claim_paid_months as (

    select
        claims.paid_month as month_start_date,
        count(*) as input_rows,
        sum(crc32(concat_ws(
            '|', 'claims_paid',
            coalesce(claims.clinic_id, '~'),
            coalesce(claims.provider_id, 0),
            claims.days_sent_to_paid
        ))) as input_fingerprint

    from claims
    cross join as_of
    where
        claims.first_paid_date <= as_of.as_of_date
        and claims.days_sent_to_paid is not null
    group by 1

),

utilization_months as (

    select
        cast({{ dbt.date_trunc('month', 'utilization.schedule_date') }} as date)
            as month_start_date,
        count(*) as input_rows,
        sum(crc32(concat_ws(
            '|', 'utilization', utilization.schedule_date,
            coalesce(utilization.clinic_id, '~'),
            coalesce(utilization.provider_id, '~'),
            utilization.scheduled_minutes,
            utilization.booked_minutes,
            utilization.completed_minutes
        ))) as input_fingerprint

    from utilization
    cross join as_of
    where
        utilization.schedule_date <= as_of.as_of_date
        and utilization.scheduled_minutes > 0
    group by 1

),

input_months as (

    select * from production_months
    union all
    select * from hygiene_production_months
    union all
    select * from visit_months
    union all
    select * from new_patient_months
    union all
    select * from active_patient_month_sums
    union all
    select * from slot_months
    union all
    select * from hygiene_visit_months
    union all
    select * from presentation_months
    union all
    select * from receivable_months
    union all
    select * from claim_sent_months
    union all
    select * from claim_paid_months
    union all
    select * from utilization_months

),

final as (

    select
        month_start_date,
        cast(sum(input_rows) as decimal(20, 0)) as input_rows,
        cast(sum(input_fingerprint) as decimal(30, 0)) as input_fingerprint
    from input_months
    where month_start_date is not null
    group by 1

)

select * from final
