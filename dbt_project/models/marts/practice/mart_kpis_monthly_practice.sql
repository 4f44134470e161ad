{{
    config(
        indexes=[
            {
                'columns': ['month_start_date', 'rollup_level', 'clinic_id'],
                'unique': true,
            },
            {'columns': ['clinic_id', 'month_start_date']},
        ]
    )
}}

{#-
    The practice's monthly KPIs rolled up: one row per month for the whole
    practice (rollup_level 'practice', clinic_id NULL) and one per month and
    clinic (rollup_level 'clinic'). Additive columns are the sums of
    mart_kpis_monthly's rows; rates are recomputed from the summed numerators
    and denominators and claim-lag medians from the claims themselves, never
    averaged. Logic: int_kpis_monthly_rolled_up.
-#}
with

kpis as (

    select * from {{ ref('int_kpis_monthly_rolled_up') }}
    where rollup_level in ('practice', 'clinic')

),

final as (

    select
        month_start_date,
        month_end_date,
        is_complete_month,
        as_of_date,
        rollup_level,
        clinic_id,
        gross_production,
        adjustments,
        writeoffs,
        net_production,
        collections,
        collection_ratio,
        new_patients,
        active_patients,
        visits,
        production_per_visit,
        hygiene_production,
        hygiene_production_share,
        hygiene_visits,
        hygiene_visits_reappointed,
        hygiene_reappointment_rate,
        scheduled_appointments,
        broken_appointments,
        no_show_appointments,
        cancelled_appointments,
        short_notice_cancellations,
        broken_appointment_rate,
        no_show_rate,
        cancellation_rate,
        short_notice_cancellation_rate,
        presented_procedures,
        accepted_procedures,
        case_acceptance_rate,
        presented_amount,
        accepted_amount,
        case_acceptance_amount_rate,
        ar_total,
        ar_over_90,
        ar_over_90_share,
        claims_sent,
        median_days_service_to_sent,
        claims_paid,
        median_days_sent_to_paid,
        scheduled_minutes,
        booked_minutes,
        completed_minutes,
        booked_utilization_rate,
        completed_utilization_rate

    from kpis

)

select * from final
