-- Monthly KPIs by clinic over every practice of a group: a clinic is (practice_id, clinic_id).
select
    practice_id,
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
order by practice_id, clinic_id, month_start_date
