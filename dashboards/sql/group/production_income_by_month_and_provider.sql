-- P&I by month and provider over every practice of a group (the group layer's union views): a provider
-- is (practice_id, provider_id), provider 1 of one practice is not provider 1 of another.
-- Each branch of the view reads its practice's index on report_date (the date range is pushed into it).
select
    practice_id,
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
group by practice_id, month_start_date, provider_id
order by practice_id, month_start_date, provider_id
