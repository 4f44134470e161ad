-- A/R summary of a group on one aging date: the dashboards look the date up first
-- (queries.aging_as_of) and pass it as a constant, which MariaDB pushes into every branch of the union
-- view (each practice's unique index (as_of_date, guarantor_id)); a subquery there would not be pushed
-- and would read every practice's whole aging. Families join their guarantor within their practice.
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
    on
        aging.practice_id = guarantors.practice_id
        and aging.guarantor_id = guarantors.patient_id
where aging.as_of_date = %(as_of)s
