{#-
    The group's monthly KPIs: one row per month, the sum over the practices
    of their practice-level rows (mart_kpis_monthly_practice, rollup_level
    'practice'). Every numerator and denominator is that sum, and every rate
    is recomputed from them as the practice marts compute theirs, never
    averaged. The claim-lag medians are left out: a median of the practices'
    medians is not the group's median, and the claims behind them are in
    each practice's fct_claims (DECISIONLOG G1). Active patients and A/R add
    up because two practices never share a patient record: a person who is
    a patient of two practices counts in both.
-#}
with

practice_rows as (

    select * from {{ ref('group_mart_kpis_monthly_practice') }}
    where rollup_level = 'practice'

),

summed as (

    select
        month_start_date,
        max(month_end_date) as month_end_date,
        count(*) as practices_reporting,
        min(is_complete_month) as is_complete_month,
        min(as_of_date) as as_of_date,
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
    from practice_rows
    group by month_start_date

),

final as (

    select
        summed.month_start_date,
        summed.month_end_date,
        summed.is_complete_month,
        summed.as_of_date,
        summed.practices_reporting,
        summed.gross_production,
        summed.adjustments,
        summed.writeoffs,
        summed.net_production,
        summed.collections,
        summed.new_patients,
        summed.active_patients,
        summed.visits,
        summed.hygiene_production,
        summed.hygiene_visits,
        summed.hygiene_visits_reappointed,
        summed.scheduled_appointments,
        summed.broken_appointments,
        summed.no_show_appointments,
        summed.cancelled_appointments,
        summed.short_notice_cancellations,
        summed.presented_procedures,
        summed.accepted_procedures,
        summed.presented_amount,
        summed.accepted_amount,
        summed.ar_total,
        summed.ar_over_90,
        summed.claims_sent,
        summed.claims_paid,
        summed.scheduled_minutes,
        summed.booked_minutes,
        summed.completed_minutes,
        round(
            summed.collections
            / nullif(summed.net_production, 0),
            4
        ) as collection_ratio,
        round(
            summed.gross_production
            / nullif(summed.visits, 0),
            2
        ) as production_per_visit,
        round(
            summed.hygiene_production
            / nullif(summed.gross_production, 0),
            4
        ) as hygiene_production_share,
        round(
            summed.hygiene_visits_reappointed
            / nullif(summed.hygiene_visits, 0),
            4
        ) as hygiene_reappointment_rate,
        round(
            summed.broken_appointments
            / nullif(summed.scheduled_appointments, 0),
            4
        ) as broken_appointment_rate,
        round(
            summed.no_show_appointments
            / nullif(summed.scheduled_appointments, 0),
            4
        ) as no_show_rate,
        round(
            summed.cancelled_appointments
            / nullif(summed.scheduled_appointments, 0),
            4
        ) as cancellation_rate,
        round(
            summed.short_notice_cancellations
            / nullif(summed.scheduled_appointments, 0),
            4
        ) as short_notice_cancellation_rate,
        round(
            summed.accepted_procedures
            / nullif(summed.presented_procedures, 0),
            4
        ) as case_acceptance_rate,
        round(
            summed.accepted_amount
            / nullif(summed.presented_amount, 0),
            4
        ) as case_acceptance_amount_rate,
        round(
            summed.ar_over_90
            / nullif(summed.ar_total, 0),
            4
        ) as ar_over_90_share,
        round(
            summed.booked_minutes
            / nullif(summed.scheduled_minutes, 0),
            4
        ) as booked_utilization_rate,
        round(
            summed.completed_minutes
            / nullif(summed.scheduled_minutes, 0),
            4
        ) as completed_utilization_rate
    from summed

)

select * from final
