{#-
    One row per month x clinic x provider with any activity, with every
    additive KPI measure of that cell (0 where a source has nothing for it).
    Each counted thing (procedure, visit, patient, guarantor, appointment slot,
    hygiene visit, presented procedure, claim) is credited to exactly one cell,
    so cells add up to clinic and practice totals. Which date and which
    provider each measure is credited to: DECISIONLOG.md, P1.
    Reads only the months int_kpis_monthly_rolled_up is building
    (kpi_months_filter: every month on its full build, those whose input
    fingerprint changed on a nightly one; DECISIONLOG.md, F16).
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

-- ---------- one aggregate per source, per cell (month, clinic, provider)

production_by_cell as (

    select
        cast(
            {{ dbt.date_trunc('month', 'production_income.report_date') }}
            as date
        ) as month_start_date,
        production_income.clinic_id,
        production_income.provider_id,
        sum(production_income.gross_production) as gross_production,
        sum(production_income.adjustments) as adjustments,
        sum(production_income.writeoffs) as writeoffs,
        sum(production_income.net_production) as net_production,
        sum(production_income.total_income) as collections

    from production_income
    cross join as_of
    where
        production_income.report_date <= as_of.as_of_date
        and {{ kpi_months_filter(
            dbt.date_trunc('month', 'production_income.report_date'),
            'production_income.report_date'
        ) }}
    group by 1, 2, 3

),

hygiene_production_by_cell as (

    select
        cast({{ dbt.date_trunc('month', 'procedures.procedure_date') }} as date)
            as month_start_date,
        procedures.clinic_id,
        procedures.provider_id,
        sum(procedures.production_amount) as hygiene_production

    from procedures
    inner join procedure_codes
        on procedures.procedure_code_id = procedure_codes.procedure_code_id
    cross join as_of
    where
        procedure_codes.is_hygiene
        and procedures.procedure_date <= as_of.as_of_date
        and {{ kpi_months_filter(
            dbt.date_trunc('month', 'procedures.procedure_date'),
            'procedures.procedure_date'
        ) }}
    group by 1, 2, 3

),

visits_by_cell as (

    select
        visits.visit_month as month_start_date,
        visits.clinic_id,
        visits.provider_id,
        count(*) as visits

    from visits
    cross join as_of
    where
        visits.visit_date <= as_of.as_of_date
        and {{ kpi_months_filter('visits.visit_month', 'visits.visit_date') }}
    group by 1, 2, 3

),

new_patients_by_cell as (

    select
        cast(
            {{ dbt.date_trunc(
                'month', 'patients.first_completed_procedure_date'
            ) }} as date
        ) as month_start_date,
        patients.clinic_id,
        patients.primary_provider_id as provider_id,
        count(*) as new_patients

    from patients
    cross join as_of
    where
        patients.first_completed_procedure_date <= as_of.as_of_date
        and {{ kpi_months_filter(
            dbt.date_trunc('month', 'patients.first_completed_procedure_date'),
            'patients.first_completed_procedure_date'
        ) }}
    group by 1, 2, 3

),

active_patients_by_cell as (

    select
        active_patient_months.month_start_date,
        patients.clinic_id,
        patients.primary_provider_id as provider_id,
        count(*) as active_patients

    from active_patient_months
    inner join patients
        on active_patient_months.patient_id = patients.patient_id
    where
        patients.patient_status_code = 0
        and {{ kpi_months_filter(
            'active_patient_months.month_start_date',
            'active_patient_months.month_start_date'
        ) }}
    group by 1, 2, 3

),

slots_by_cell as (

    select
        slots.slot_month as month_start_date,
        slots.clinic_id,
        coalesce(slots.credited_provider_id, 0) as provider_id,
        count(*) as scheduled_appointments,
        sum(case when slots.is_broken then 1 else 0 end)
            as broken_appointments,
        sum(case when slots.slot_outcome = 'no_show' then 1 else 0 end)
            as no_show_appointments,
        sum(case when slots.slot_outcome = 'cancellation' then 1 else 0 end)
            as cancelled_appointments,
        sum(case when slots.is_short_notice_cancellation then 1 else 0 end)
            as short_notice_cancellations

    from slots
    cross join as_of
    where
        slots.slot_date <= as_of.as_of_date
        and {{ kpi_months_filter('slots.slot_month', 'slots.slot_date') }}
    group by 1, 2, 3

),

hygiene_visits_by_cell as (

    select
        hygiene_visits.visit_month as month_start_date,
        hygiene_visits.clinic_id,
        coalesce(hygiene_visits.credited_provider_id, 0) as provider_id,
        count(*) as hygiene_visits,
        sum(case when hygiene_visits.is_reappointed then 1 else 0 end)
            as hygiene_visits_reappointed

    from hygiene_visits
    cross join as_of
    where
        hygiene_visits.visit_date <= as_of.as_of_date
        and {{ kpi_months_filter(
            'hygiene_visits.visit_month', 'hygiene_visits.visit_date'
        ) }}
    group by 1, 2, 3

),

presentations_by_cell as (

    select
        presentations.presented_month as month_start_date,
        presentations.clinic_id,
        coalesce(presentations.provider_id, 0) as provider_id,
        count(*) as presented_procedures,
        sum(case when presentations.is_accepted then 1 else 0 end)
            as accepted_procedures,
        sum(presentations.procedure_amount) as presented_amount,
        sum(
            case
                when presentations.is_accepted
                    then presentations.procedure_amount
                else 0
            end
        ) as accepted_amount

    from presentations
    cross join as_of
    where
        presentations.presented_date <= as_of.as_of_date
        and {{ kpi_months_filter(
            'presentations.presented_month', 'presentations.presented_date'
        ) }}
    group by 1, 2, 3

),

aging_dates as (

    {#-
        A/R of each month at its last aging date: the month end, or the latest as-of
        date of the current month; credited to the guarantor's primary provider and
        clinic.
    -#}
    select
        cast({{ dbt.date_trunc('month', 'receivables.as_of_date') }} as date)
            as month_start_date,
        max(receivables.as_of_date) as as_of_date

    from receivables
    cross join as_of
    where
        receivables.as_of_date <= as_of.as_of_date
        and {{ kpi_months_filter(
            dbt.date_trunc('month', 'receivables.as_of_date'),
            'receivables.as_of_date'
        ) }}
    group by 1

),

receivables_by_cell as (

    select
        aging_dates.month_start_date,
        patients.clinic_id,
        patients.primary_provider_id as provider_id,
        sum(
            receivables.bal_0_30 + receivables.bal_31_60
            + receivables.bal_61_90 + receivables.bal_over_90
        ) as ar_total,
        sum(receivables.bal_over_90) as ar_over_90

    from receivables
    inner join aging_dates
        on receivables.as_of_date = aging_dates.as_of_date
    inner join patients
        on receivables.guarantor_id = patients.patient_id
    group by 1, 2, 3

),

claims_sent_by_cell as (

    select
        claims.sent_month as month_start_date,
        claims.clinic_id,
        coalesce(claims.provider_id, 0) as provider_id,
        count(*) as claims_sent

    from claims
    cross join as_of
    where
        claims.sent_date <= as_of.as_of_date
        and claims.days_service_to_sent is not null
        and {{ kpi_months_filter('claims.sent_month', 'claims.sent_date') }}
    group by 1, 2, 3

),

claims_paid_by_cell as (

    select
        claims.paid_month as month_start_date,
        claims.clinic_id,
        coalesce(claims.provider_id, 0) as provider_id,
        count(*) as claims_paid

    from claims
    cross join as_of
    where
        claims.first_paid_date <= as_of.as_of_date
        and claims.days_sent_to_paid is not null
        and {{ kpi_months_filter(
            'claims.paid_month', 'claims.first_paid_date'
        ) }}
    group by 1, 2, 3

),

utilization_by_cell as (

    select
        cast({{ dbt.date_trunc('month', 'utilization.schedule_date') }} as date)
            as month_start_date,
        utilization.clinic_id,
        utilization.provider_id,
        sum(utilization.scheduled_minutes) as scheduled_minutes,
        sum(utilization.booked_minutes) as booked_minutes,
        sum(utilization.completed_minutes) as completed_minutes

    from utilization
    cross join as_of
    where
        utilization.schedule_date <= as_of.as_of_date
        and utilization.scheduled_minutes > 0
        and {{ kpi_months_filter(
            dbt.date_trunc('month', 'utilization.schedule_date'),
            'utilization.schedule_date'
        ) }}
    group by 1, 2, 3

),

cells as (

    select
        month_start_date,
        clinic_id,
        provider_id
    from production_by_cell

    union

    select
        month_start_date,
        clinic_id,
        provider_id
    from hygiene_production_by_cell

    union

    select
        month_start_date,
        clinic_id,
        provider_id
    from visits_by_cell

    union

    select
        month_start_date,
        clinic_id,
        provider_id
    from new_patients_by_cell

    union

    select
        month_start_date,
        clinic_id,
        provider_id
    from active_patients_by_cell

    union

    select
        month_start_date,
        clinic_id,
        provider_id
    from slots_by_cell

    union

    select
        month_start_date,
        clinic_id,
        provider_id
    from hygiene_visits_by_cell

    union

    select
        month_start_date,
        clinic_id,
        provider_id
    from presentations_by_cell

    union

    select
        month_start_date,
        clinic_id,
        provider_id
    from receivables_by_cell

    union

    select
        month_start_date,
        clinic_id,
        provider_id
    from claims_sent_by_cell

    union

    select
        month_start_date,
        clinic_id,
        provider_id
    from claims_paid_by_cell

    union

    select
        month_start_date,
        clinic_id,
        provider_id
    from utilization_by_cell

),

-- ---------- every cell with every measure (0 where a source has nothing)

cell_measures as (

    select
        cells.month_start_date,
        cells.clinic_id,
        cells.provider_id,
        coalesce(production_by_cell.gross_production, 0) as gross_production,
        coalesce(production_by_cell.adjustments, 0) as adjustments,
        coalesce(production_by_cell.writeoffs, 0) as writeoffs,
        coalesce(production_by_cell.net_production, 0) as net_production,
        coalesce(production_by_cell.collections, 0) as collections,
        coalesce(hygiene_production_by_cell.hygiene_production, 0)
            as hygiene_production,
        coalesce(visits_by_cell.visits, 0) as visits,
        coalesce(new_patients_by_cell.new_patients, 0) as new_patients,
        coalesce(active_patients_by_cell.active_patients, 0) as active_patients,
        coalesce(hygiene_visits_by_cell.hygiene_visits, 0) as hygiene_visits,
        coalesce(hygiene_visits_by_cell.hygiene_visits_reappointed, 0)
            as hygiene_visits_reappointed,
        coalesce(slots_by_cell.scheduled_appointments, 0)
            as scheduled_appointments,
        coalesce(slots_by_cell.broken_appointments, 0) as broken_appointments,
        coalesce(slots_by_cell.no_show_appointments, 0) as no_show_appointments,
        coalesce(slots_by_cell.cancelled_appointments, 0)
            as cancelled_appointments,
        coalesce(slots_by_cell.short_notice_cancellations, 0)
            as short_notice_cancellations,
        coalesce(presentations_by_cell.presented_procedures, 0)
            as presented_procedures,
        coalesce(presentations_by_cell.accepted_procedures, 0)
            as accepted_procedures,
        coalesce(presentations_by_cell.presented_amount, 0) as presented_amount,
        coalesce(presentations_by_cell.accepted_amount, 0) as accepted_amount,
        coalesce(receivables_by_cell.ar_total, 0) as ar_total,
        coalesce(receivables_by_cell.ar_over_90, 0) as ar_over_90,
        coalesce(claims_sent_by_cell.claims_sent, 0) as claims_sent,
        coalesce(claims_paid_by_cell.claims_paid, 0) as claims_paid,
        coalesce(utilization_by_cell.scheduled_minutes, 0) as scheduled_minutes,
        coalesce(utilization_by_cell.booked_minutes, 0) as booked_minutes,
        coalesce(utilization_by_cell.completed_minutes, 0) as completed_minutes

    from cells
    left outer join production_by_cell
        on
            cells.month_start_date = production_by_cell.month_start_date
            and cells.clinic_id <=> production_by_cell.clinic_id
            and cells.provider_id <=> production_by_cell.provider_id
    left outer join hygiene_production_by_cell
        on
            cells.month_start_date = hygiene_production_by_cell.month_start_date
            and cells.clinic_id <=> hygiene_production_by_cell.clinic_id
            and cells.provider_id <=> hygiene_production_by_cell.provider_id
    left outer join visits_by_cell
        on
            cells.month_start_date = visits_by_cell.month_start_date
            and cells.clinic_id <=> visits_by_cell.clinic_id
            and cells.provider_id <=> visits_by_cell.provider_id
    left outer join new_patients_by_cell
        on
            cells.month_start_date = new_patients_by_cell.month_start_date
            and cells.clinic_id <=> new_patients_by_cell.clinic_id
            and cells.provider_id <=> new_patients_by_cell.provider_id
    left outer join active_patients_by_cell
        on
            cells.month_start_date = active_patients_by_cell.month_start_date
            and cells.clinic_id <=> active_patients_by_cell.clinic_id
            and cells.provider_id <=> active_patients_by_cell.provider_id
    left outer join slots_by_cell
        on
            cells.month_start_date = slots_by_cell.month_start_date
            and cells.clinic_id <=> slots_by_cell.clinic_id
            and cells.provider_id <=> slots_by_cell.provider_id
    left outer join hygiene_visits_by_cell
        on
            cells.month_start_date = hygiene_visits_by_cell.month_start_date
            and cells.clinic_id <=> hygiene_visits_by_cell.clinic_id
            and cells.provider_id <=> hygiene_visits_by_cell.provider_id
    left outer join presentations_by_cell
        on
            cells.month_start_date = presentations_by_cell.month_start_date
            and cells.clinic_id <=> presentations_by_cell.clinic_id
            and cells.provider_id <=> presentations_by_cell.provider_id
    left outer join receivables_by_cell
        on
            cells.month_start_date = receivables_by_cell.month_start_date
            and cells.clinic_id <=> receivables_by_cell.clinic_id
            and cells.provider_id <=> receivables_by_cell.provider_id
    left outer join claims_sent_by_cell
        on
            cells.month_start_date = claims_sent_by_cell.month_start_date
            and cells.clinic_id <=> claims_sent_by_cell.clinic_id
            and cells.provider_id <=> claims_sent_by_cell.provider_id
    left outer join claims_paid_by_cell
        on
            cells.month_start_date = claims_paid_by_cell.month_start_date
            and cells.clinic_id <=> claims_paid_by_cell.clinic_id
            and cells.provider_id <=> claims_paid_by_cell.provider_id
    left outer join utilization_by_cell
        on
            cells.month_start_date = utilization_by_cell.month_start_date
            and cells.clinic_id <=> utilization_by_cell.clinic_id
            and cells.provider_id <=> utilization_by_cell.provider_id

)

select * from cell_measures
