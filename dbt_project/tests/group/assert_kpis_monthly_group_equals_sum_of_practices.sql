{#-
    Every row of mart_kpis_monthly_group equals the sum over every practice
    of its cells in mart_kpis_monthly (the month x practice x clinic x
    provider grain, a different path from the model's, which sums the
    practice-level rows), for every additive column, and counts the
    practices with cells that month; no month is missing on either side.
    Returns the months that differ.
-#}
with

group_rows as (

    select * from {{ ref('mart_kpis_monthly_group') }}

),

cells as (

    select * from {{ ref('group_mart_kpis_monthly') }}

),

cell_sums as (

    select
        month_start_date,
        count(distinct practice_id) as practices_reporting,
        sum(gross_production) as gross_production,
        sum(adjustments) as adjustments,
        sum(writeoffs) as writeoffs,
        sum(net_production) as net_production,
        sum(collections) as collections,
        sum(new_patients) as new_patients,
        sum(active_patients) as active_patients,
        sum(visits) as visits,
        sum(hygiene_production) as hygiene_production,
        sum(hygiene_visits) as hygiene_visits,
        sum(hygiene_visits_reappointed) as hygiene_visits_reappointed,
        sum(scheduled_appointments) as scheduled_appointments,
        sum(broken_appointments) as broken_appointments,
        sum(no_show_appointments) as no_show_appointments,
        sum(cancelled_appointments) as cancelled_appointments,
        sum(short_notice_cancellations) as short_notice_cancellations,
        sum(presented_procedures) as presented_procedures,
        sum(accepted_procedures) as accepted_procedures,
        sum(presented_amount) as presented_amount,
        sum(accepted_amount) as accepted_amount,
        sum(ar_total) as ar_total,
        sum(ar_over_90) as ar_over_90,
        sum(claims_sent) as claims_sent,
        sum(claims_paid) as claims_paid,
        sum(scheduled_minutes) as scheduled_minutes,
        sum(booked_minutes) as booked_minutes,
        sum(completed_minutes) as completed_minutes
    from cells
    group by month_start_date

),

differences as (

    select
        group_rows.month_start_date,
        group_rows.practices_reporting as group_practices,
        cell_sums.practices_reporting as cell_practices,
        group_rows.gross_production as group_gross_production,
        cell_sums.gross_production as cell_gross_production
    from group_rows
    left outer join cell_sums
        on group_rows.month_start_date = cell_sums.month_start_date
    where
        cell_sums.month_start_date is null
        or not group_rows.practices_reporting <=> cell_sums.practices_reporting
        or not group_rows.gross_production <=> cell_sums.gross_production
        or not group_rows.adjustments <=> cell_sums.adjustments
        or not group_rows.writeoffs <=> cell_sums.writeoffs
        or not group_rows.net_production <=> cell_sums.net_production
        or not group_rows.collections <=> cell_sums.collections
        or not group_rows.new_patients <=> cell_sums.new_patients
        or not group_rows.active_patients <=> cell_sums.active_patients
        or not group_rows.visits <=> cell_sums.visits
        or not group_rows.hygiene_production <=> cell_sums.hygiene_production
        or not group_rows.hygiene_visits <=> cell_sums.hygiene_visits
        or not group_rows.hygiene_visits_reappointed
        <=> cell_sums.hygiene_visits_reappointed
        or not group_rows.scheduled_appointments
        <=> cell_sums.scheduled_appointments
        or not group_rows.broken_appointments <=> cell_sums.broken_appointments
        or not group_rows.no_show_appointments
        <=> cell_sums.no_show_appointments
        or not group_rows.cancelled_appointments
        <=> cell_sums.cancelled_appointments
        or not group_rows.short_notice_cancellations
        <=> cell_sums.short_notice_cancellations
        or not group_rows.presented_procedures
        <=> cell_sums.presented_procedures
        or not group_rows.accepted_procedures <=> cell_sums.accepted_procedures
        or not group_rows.presented_amount <=> cell_sums.presented_amount
        or not group_rows.accepted_amount <=> cell_sums.accepted_amount
        or not group_rows.ar_total <=> cell_sums.ar_total
        or not group_rows.ar_over_90 <=> cell_sums.ar_over_90
        or not group_rows.claims_sent <=> cell_sums.claims_sent
        or not group_rows.claims_paid <=> cell_sums.claims_paid
        or not group_rows.scheduled_minutes <=> cell_sums.scheduled_minutes
        or not group_rows.booked_minutes <=> cell_sums.booked_minutes
        or not group_rows.completed_minutes <=> cell_sums.completed_minutes

    union all

    -- MariaDB has no full outer join: the months only the cells have
    select
        cell_sums.month_start_date,
        null as group_practices,
        cell_sums.practices_reporting as cell_practices,
        null as group_gross_production,
        cell_sums.gross_production as cell_gross_production
    from cell_sums
    left outer join group_rows
        on cell_sums.month_start_date = group_rows.month_start_date
    where group_rows.month_start_date is null

)

select * from differences
