-- A/R history of a group: the aging sums at every month end within a date range, oldest first.
-- The range is pushed into every practice's branch of the union view; guarantors join within their practice.
select
    aging.as_of_date,
    sum(aging.bal_0_30) as bal_0_30,
    sum(aging.bal_31_60) as bal_31_60,
    sum(aging.bal_61_90) as bal_61_90,
    sum(aging.bal_over_90) as bal_over_90,
    sum(aging.bal_total) as bal_total,
    sum(aging.insurance_estimate) as insurance_estimate,
    sum(aging.patient_estimate) as patient_estimate
from mart_ar_aging as aging
left outer join dim_patient as guarantors
    on
        aging.practice_id = guarantors.practice_id
        and aging.guarantor_id = guarantors.patient_id
where aging.is_month_end and aging.as_of_date between %(start_date)s and %(end_date)s
group by aging.as_of_date
order by aging.as_of_date
