-- A/R summary: the aging buckets, balance and estimates of every family on the latest aging date on
-- or before the `as_of` parameter (the A/R page's cards with no clinic or provider chosen).
-- Served by the unique index (as_of_date, guarantor_id) of mart_ar_aging (the max() and the rows of
-- one date) and the unique index on dim_patient.patient_id.
select
    count(*) as families,
    coalesce(sum(aging.bal_0_30), 0) as bal_0_30,
    coalesce(sum(aging.bal_31_60), 0) as bal_31_60,
    coalesce(sum(aging.bal_61_90), 0) as bal_61_90,
    coalesce(sum(aging.bal_over_90), 0) as bal_over_90,
    coalesce(sum(aging.bal_total), 0) as bal_total,
    coalesce(sum(aging.insurance_estimate), 0) as insurance_estimate,
    coalesce(sum(aging.patient_estimate), 0) as patient_estimate
from mart_ar_aging as aging
left outer join dim_patient as guarantors
    on aging.guarantor_id = guarantors.patient_id
where aging.as_of_date = (
    select max(dates.as_of_date)
    from mart_ar_aging as dates
    where dates.as_of_date <= %(as_of)s
)
