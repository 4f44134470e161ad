{{
    config(
        indexes=[
            {
                'columns': ['month_start_date', 'clinic_id', 'provider_id'],
                'unique': true,
            },
            {'columns': ['clinic_id', 'month_start_date']},
            {'columns': ['provider_id', 'month_start_date']},
        ]
    )
}}

{#-
    The practice's monthly KPIs, one row per month x clinic x provider with any
    activity. Every counted thing sits in exactly one row, so the additive
    columns (money, counts, numerators and denominators) add up to the clinic
    and practice rows of mart_kpis_monthly_practice; rates and medians do not
    add up: read them there. Logic: int_kpis_monthly_rolled_up.
-#}
with

kpis as (

    select * from {{ ref('int_kpis_monthly_rolled_up') }}
    where rollup_level = 'clinic_provider'

),

final as (

    select
        month_start_date,
        month_end_date,
        is_complete_month,
        clinic_id,
        provider_id,
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
