{#-
    At the practice's DateLastAging, mart_ar_aging must equal, to the cent and
    for every family, the aging OpenDental stored on the guarantor's patient
    row (Bal_0_30, Bal_31_60, Bal_61_90, BalOver90, BalTotal, InsEst). A
    family missing on either side counts as all zeros, so a missing or extra
    mart row fails too, and so does a practice without DateLastAging rows in
    the mart while stored balances exist.
    (OpenDental's stored aging includes transactions dated after
    DateLastAging and NotReceived estimates of later procedures; the mart
    ages historically. They agree when nothing is dated after DateLastAging,
    as OpenDental's daily aging runs on the day itself.)
-#}
with

patients as (

    select * from {{ ref('stg_opendental__patient') }}

),

aging as (

    select * from {{ ref('mart_ar_aging') }}
    where is_date_last_aging

),

stored as (

    select
        patient_id as guarantor_id,
        balance_0_30 as bal_0_30,
        balance_31_60 as bal_31_60,
        balance_61_90 as bal_61_90,
        balance_over_90 as bal_over_90,
        balance_total as bal_total,
        insurance_estimate
    from patients
    where coalesce(guarantor_id, patient_id) = patient_id

),

compared as (

    select
        guarantor_id,
        bal_0_30,
        bal_31_60,
        bal_61_90,
        bal_over_90,
        bal_total,
        insurance_estimate
    from stored

    union all

    select
        guarantor_id,
        -bal_0_30 as bal_0_30,
        -bal_31_60 as bal_31_60,
        -bal_61_90 as bal_61_90,
        -bal_over_90 as bal_over_90,
        -bal_total as bal_total,
        -insurance_estimate as insurance_estimate
    from aging

),

differences as (

    select
        guarantor_id,
        sum(bal_0_30) as bal_0_30_difference,
        sum(bal_31_60) as bal_31_60_difference,
        sum(bal_61_90) as bal_61_90_difference,
        sum(bal_over_90) as bal_over_90_difference,
        sum(bal_total) as bal_total_difference,
        sum(insurance_estimate) as insurance_estimate_difference
    from compared
    group by guarantor_id

)

select * from differences
where
    abs(bal_0_30_difference) >= 0.01
    or abs(bal_31_60_difference) >= 0.01
    or abs(bal_61_90_difference) >= 0.01
    or abs(bal_over_90_difference) >= 0.01
    or abs(bal_total_difference) >= 0.01
    or abs(insurance_estimate_difference) >= 0.01
