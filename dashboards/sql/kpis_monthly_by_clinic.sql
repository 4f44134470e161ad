-- Monthly KPIs by clinic: one row per clinic and month between two month starts, the clinic roll-up
-- of mart_kpis_monthly_practice (rates and claim-lag medians as the mart computes them).
-- Served by the index (clinic_id, month_start_date) or the unique (month_start_date, ...) one.
select
    clinic_id,
    month_start_date,
    is_complete_month,
    gross_production,
    net_production,
    collections,
    collection_ratio,
    new_patients,
    active_patients,
    visits,
    production_per_visit,
    hygiene_reappointment_rate,
    broken_appointment_rate,
    case_acceptance_rate,
    ar_total,
    ar_over_90,
    ar_over_90_share,
    median_days_service_to_sent,
    median_days_sent_to_paid
from mart_kpis_monthly_practice
where
    rollup_level = 'clinic'
    and month_start_date between %(first_month)s and %(last_month)s
order by clinic_id, month_start_date
