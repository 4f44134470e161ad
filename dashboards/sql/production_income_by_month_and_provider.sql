-- Production & Income by month and provider: OpenDental's P&I report summed per calendar month and
-- provider over a date range (mart_production_income_daily: report_date x provider x clinic).
-- Served by the unique index (report_date, provider_id, clinic_id): a range scan on report_date.
select
    report_date - interval (dayofmonth(report_date) - 1) day as month_start_date,
    provider_id,
    sum(gross_production) as gross_production,
    sum(adjustments) as adjustments,
    sum(writeoffs) as writeoffs,
    sum(net_production) as net_production,
    sum(patient_income) as patient_income,
    sum(unearned_income) as unearned_income,
    sum(insurance_income) as insurance_income,
    sum(total_income) as total_income
from mart_production_income_daily
where report_date between %(start_date)s and %(end_date)s
group by month_start_date, provider_id
order by month_start_date, provider_id
