{#-
    One row per family whose aging in mart_ar_aging at the practice's
    DateLastAging differs by a cent or more, in any bucket, from the aging
    OpenDental stored on the guarantor's patient row (Bal_0_30, Bal_31_60,
    Bal_61_90, BalOver90, BalTotal, InsEst). A family missing on either side
    counts as all zeros. Nothing when DateLastAging is not set.
    (OpenDental's stored aging includes transactions dated after
    DateLastAging and NotReceived estimates of later procedures; the mart
    ages historically. They agree when nothing is dated after DateLastAging,
    as OpenDental's daily aging runs on the day itself.)
    Read by the warning test assert_ar_aging_matches_stored_guarantor_balances
    and by mart_data_quality (check stored_aging_differs_from_ledger).
-#}
{# A table: mart_data_quality is too long for dbt to inline ephemeral models
    into (sqlparse stops at 10,000 tokens). #}
{{ config(materialized='table') }}

with

patients as (

    select * from {{ ref('stg_opendental__patient') }}

),

aging as (

    select * from {{ ref('mart_ar_aging') }}
    where is_date_last_aging

),

settings as (

    select * from {{ ref('int_finance_preferences_pivoted') }}

),

stored as (

    select
        patients.patient_id as guarantor_id,
        patients.balance_0_30 as bal_0_30,
        patients.balance_31_60 as bal_31_60,
        patients.balance_61_90 as bal_61_90,
        patients.balance_over_90 as bal_over_90,
        patients.balance_total as bal_total,
        patients.insurance_estimate
    from patients
    cross join settings
    where
        coalesce(patients.guarantor_id, patients.patient_id)
        = patients.patient_id
        {# without DateLastAging there is nothing to compare with
            (check preference_missing reports it) #}
        and settings.date_last_aging is not null

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
