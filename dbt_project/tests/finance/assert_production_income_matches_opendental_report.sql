{#-
    mart_production_income_daily must equal OpenDental's Production and Income
    report (Daily/Provider flavour, "Unearned" ticked) for every day, provider
    and clinic, to the cent, under the write-off dating in use (run it with
    --vars '{writeoff_dating: 0|1|2}' to check each option).

    The report is re-implemented here straight from the staging models, the
    way OpenDental's report queries read the tables (RpProdInc), without
    fct_ledger or any intermediate model, so a mistake in the ledger shows up
    as a difference:
      production  completed procedures: fee * (units + base units) minus the
                  CapComplete write-offs of the procedure, by ProcDate
      adjustments all adjustments by AdjDate
      write-offs  0: Received/Supplemental by DateCP; 1: NotReceived/Received/
                  Supplemental by claimproc.ProcDate; 2: -snapshot estimate by
                  snapshot date (procedure's clinic) plus estimate - actual by
                  DateCP for Received/Supplemental
      patient     splits of payments by payment.PayDate, hidden unearned types
                  left out, earned and unearned apart
      insurance   InsPayAmt of Received/Supplemental claim procedures attached
                  to a claimpayment, by its CheckDate
    Returns the cells that differ by a cent or more.
-#}
with

settings as (

    select writeoff_option
    from {{ ref('int_finance_preferences_pivoted') }}

),

procedures as (

    select * from {{ ref('stg_opendental__procedurelog') }}

),

claim_procedures as (

    select * from {{ ref('stg_opendental__claimproc') }}

),

snapshots as (

    select * from {{ ref('stg_opendental__claimsnapshot') }}

),

claim_payments as (

    select * from {{ ref('stg_opendental__claimpayment') }}

),

adjustments as (

    select * from {{ ref('stg_opendental__adjustment') }}

),

splits as (

    select * from {{ ref('stg_opendental__paysplit') }}

),

payments as (

    select * from {{ ref('stg_opendental__payment') }}

),

definitions as (

    select * from {{ ref('stg_opendental__definition') }}

),

mart as (

    select * from {{ ref('mart_production_income_daily') }}

),

capitation as (

    select
        procedure_id,
        sum(write_off_amount) as capitation_writeoff
    from claim_procedures
    where claim_procedure_status_code = 7
    group by procedure_id

),

production as (

    select
        procedures.procedure_date as report_date,
        coalesce(procedures.provider_id, 0) as provider_id,
        procedures.clinic_id,
        procedures.procedure_fee
        * (procedures.unit_quantity + procedures.base_units)
        - coalesce(capitation.capitation_writeoff, 0) as gross_production,
        0 as adjustments,
        0 as writeoffs,
        0 as patient_income,
        0 as unearned_income,
        0 as insurance_income
    from procedures
    left outer join capitation
        on procedures.procedure_id = capitation.procedure_id
    where procedures.procedure_status_code = 2

),

adjustment_rows as (

    select
        adjustment_date as report_date,
        coalesce(provider_id, 0) as provider_id,
        clinic_id,
        0 as gross_production,
        adjustment_amount as adjustments,
        0 as writeoffs,
        0 as patient_income,
        0 as unearned_income,
        0 as insurance_income
    from adjustments

),

writeoffs_by_option as (

    select
        case settings.writeoff_option
            when 0 then claim_procedures.insurance_payment_date
            else claim_procedures.procedure_date
        end as report_date,
        coalesce(claim_procedures.provider_id, 0) as provider_id,
        claim_procedures.clinic_id,
        -claim_procedures.write_off_amount as writeoffs
    from claim_procedures
    cross join settings
    where
        settings.writeoff_option in (0, 1)
        and (
            claim_procedures.claim_procedure_status_code in (1, 4)
            or (
                settings.writeoff_option = 1
                and claim_procedures.claim_procedure_status_code = 0
            )
        )

    union all

    select
        cast(snapshots.created_at as date) as report_date,
        coalesce(claim_procedures.provider_id, 0) as provider_id,
        procedures.clinic_id,
        -coalesce(snapshots.write_off_estimate, 0) as writeoffs
    from snapshots
    inner join claim_procedures
        on snapshots.claim_procedure_id = claim_procedures.claim_procedure_id
    inner join procedures
        on claim_procedures.procedure_id = procedures.procedure_id
    cross join settings
    where
        settings.writeoff_option = 2
        and claim_procedures.claim_procedure_status_code in (0, 1, 4)

    union all

    {# claimproc LEFT JOIN claimsnapshot, written as "with a snapshot" plus
       "without one" because raw claimsnapshot.ClaimProcNum has no index #}
    select
        claim_procedures.insurance_payment_date as report_date,
        coalesce(claim_procedures.provider_id, 0) as provider_id,
        claim_procedures.clinic_id,
        coalesce(snapshots.write_off_estimate, 0)
        - claim_procedures.write_off_amount as writeoffs
    from snapshots
    inner join claim_procedures
        on snapshots.claim_procedure_id = claim_procedures.claim_procedure_id
    cross join settings
    where
        settings.writeoff_option = 2
        and claim_procedures.claim_procedure_status_code in (1, 4)

    union all

    select
        claim_procedures.insurance_payment_date as report_date,
        coalesce(claim_procedures.provider_id, 0) as provider_id,
        claim_procedures.clinic_id,
        -claim_procedures.write_off_amount as writeoffs
    from claim_procedures
    cross join settings
    where
        settings.writeoff_option = 2
        and claim_procedures.claim_procedure_status_code in (1, 4)
        and claim_procedures.claim_procedure_id not in (
            select claim_procedure_id from snapshots
            where claim_procedure_id is not null
        )

),

writeoff_rows as (

    select
        report_date,
        provider_id,
        clinic_id,
        0 as gross_production,
        0 as adjustments,
        writeoffs,
        0 as patient_income,
        0 as unearned_income,
        0 as insurance_income
    from writeoffs_by_option

),

hidden_unearned_types as (

    select definition_id
    from definitions
    where category_code = 29 and item_value != ''

),

patient_income_rows as (

    select
        payments.payment_date as report_date,
        coalesce(splits.provider_id, 0) as provider_id,
        splits.clinic_id,
        0 as gross_production,
        0 as adjustments,
        0 as writeoffs,
        case
            when splits.unearned_type_def_id is null then splits.split_amount
            else 0
        end as patient_income,
        case
            when splits.unearned_type_def_id is not null
                then splits.split_amount
            else 0
        end as unearned_income,
        0 as insurance_income
    from splits
    inner join payments
        on splits.payment_id = payments.payment_id
    where
        splits.unearned_type_def_id is null
        or splits.unearned_type_def_id not in (
            select definition_id from hidden_unearned_types
        )

),

insurance_income_rows as (

    select
        claim_payments.check_date as report_date,
        coalesce(claim_procedures.provider_id, 0) as provider_id,
        claim_procedures.clinic_id,
        0 as gross_production,
        0 as adjustments,
        0 as writeoffs,
        0 as patient_income,
        0 as unearned_income,
        claim_procedures.insurance_paid_amount as insurance_income
    from claim_procedures
    inner join claim_payments
        on claim_procedures.claim_payment_id = claim_payments.claim_payment_id
    where claim_procedures.claim_procedure_status_code in (1, 4)

),

report as (

    select * from production
    union all
    select * from adjustment_rows
    union all
    select * from writeoff_rows
    union all
    select * from patient_income_rows
    union all
    select * from insurance_income_rows

),

{# Both sides in one list, the mart negated: a cell whose sums are not zero
   differs. A mart cell missing from the report (or the reverse) shows too. #}
compared as (

    select
        report_date,
        provider_id,
        clinic_id,
        gross_production,
        adjustments,
        writeoffs,
        patient_income,
        unearned_income,
        insurance_income
    from report
    where report_date is not null

    union all

    select
        report_date,
        provider_id,
        clinic_id,
        -gross_production,
        -adjustments,
        -writeoffs,
        -patient_income,
        -unearned_income,
        -insurance_income
    from mart

),

differences as (

    select
        report_date,
        provider_id,
        clinic_id,
        sum(gross_production) as gross_production_difference,
        sum(adjustments) as adjustments_difference,
        sum(writeoffs) as writeoffs_difference,
        sum(patient_income) as patient_income_difference,
        sum(unearned_income) as unearned_income_difference,
        sum(insurance_income) as insurance_income_difference
    from compared
    group by report_date, provider_id, clinic_id

)

select * from differences
where
    abs(gross_production_difference) >= 0.01
    or abs(adjustments_difference) >= 0.01
    or abs(writeoffs_difference) >= 0.01
    or abs(patient_income_difference) >= 0.01
    or abs(unearned_income_difference) >= 0.01
    or abs(insurance_income_difference) >= 0.01
