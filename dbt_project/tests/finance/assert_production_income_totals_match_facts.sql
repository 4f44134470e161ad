{#-
    mart_production_income_daily, month by month, against the transaction
    facts it summarises (fct_procedures, fct_adjustments,
    fct_patient_payments, fct_insurance_payments, fct_claim_procedures):
    production, capitation, adjustments, income and the write-offs under
    dating options 0 (insurance payment date) and 1 (procedure date). Option
    2 is checked against OpenDental's report query in
    assert_production_income_matches_opendental_report. Returns the
    (month, measure) pairs that differ.
    After a nightly (partial) build only the months with a rebuilt day are
    compared (changed_months_condition); after a full build, or with
    `make check`, every month.
-#}
with

mart as (

    select * from {{ ref('mart_production_income_daily') }}

),

facts as (

    select
        last_day(procedure_date) as report_month,
        'procedure_fees' as measure,
        procedure_amount as amount
    from {{ ref('fct_procedures') }}
    where is_completed and procedure_date is not null

    union all

    select
        last_day(procedure_date) as report_month,
        'capitation_writeoffs' as measure,
        -capitation_writeoff_amount as amount
    from {{ ref('fct_procedures') }}
    where is_completed and procedure_date is not null

    union all

    select
        last_day(adjustment_date) as report_month,
        'adjustments' as measure,
        adjustment_amount as amount
    from {{ ref('fct_adjustments') }}
    where adjustment_date is not null

    union all

    select
        last_day(payment_header_date) as report_month,
        case
            when is_unearned then 'unearned_income' else 'patient_income'
        end as measure,
        split_amount as amount
    from {{ ref('fct_patient_payments') }}
    where not is_hidden_unearned and payment_header_date is not null

    union all

    select
        last_day(check_date) as report_month,
        'insurance_income' as measure,
        insurance_paid_amount as amount
    from {{ ref('fct_insurance_payments') }}
    where is_finalized

    union all

    select
        last_day(insurance_payment_date) as report_month,
        'writeoffs_ins_pay_date' as measure,
        -write_off_amount as amount
    from {{ ref('fct_insurance_payments') }}
    where insurance_payment_date is not null

    union all

    select
        last_day(procedure_date) as report_month,
        'writeoffs_proc_date' as measure,
        -write_off_amount as amount
    from {{ ref('fct_claim_procedures') }}
    where
        claim_procedure_status_code in (0, 1, 4)
        and procedure_date is not null

),

mart_measures as (

    select
        last_day(report_date) as report_month,
        'procedure_fees' as measure,
        procedure_fees as amount
    from mart

    union all

    select
        last_day(report_date) as report_month,
        'capitation_writeoffs' as measure,
        capitation_writeoffs as amount
    from mart

    union all

    select
        last_day(report_date) as report_month,
        'adjustments' as measure,
        adjustments as amount
    from mart

    union all

    select
        last_day(report_date) as report_month,
        'patient_income' as measure,
        patient_income as amount
    from mart

    union all

    select
        last_day(report_date) as report_month,
        'unearned_income' as measure,
        unearned_income as amount
    from mart

    union all

    select
        last_day(report_date) as report_month,
        'insurance_income' as measure,
        insurance_income as amount
    from mart

    union all

    select
        last_day(report_date) as report_month,
        'writeoffs_ins_pay_date' as measure,
        writeoffs_ins_pay_date as amount
    from mart

    union all

    select
        last_day(report_date) as report_month,
        'writeoffs_proc_date' as measure,
        writeoffs_proc_date as amount
    from mart

),

compared as (

    select
        report_month,
        measure,
        amount
    from facts
    where {{ changed_months_condition(
        'report_month', ref('mart_production_income_daily')
    ) }}

    union all

    select
        report_month,
        measure,
        -amount as amount
    from mart_measures
    where {{ changed_months_condition(
        'report_month', ref('mart_production_income_daily')
    ) }}

),

differences as (

    select
        report_month,
        measure,
        sum(amount) as difference
    from compared
    group by report_month, measure

)

select * from differences
where abs(difference) >= 0.01
