{#-
    mart_production_income_daily, month by month, against the transaction
    facts it summarises (fct_procedures, fct_adjustments,
    fct_patient_payments, fct_insurance_payments, fct_claim_procedures):
    production, capitation, adjustments, income and the write-offs under
    dating options 0 (insurance payment date) and 1 (procedure date). Option
    2 is checked against OpenDental's report query in
    assert_production_income_matches_opendental_report. Returns the
    (month, measure) pairs that differ.
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
        last_day(procedure_date),
        'capitation_writeoffs',
        -capitation_writeoff_amount
    from {{ ref('fct_procedures') }}
    where is_completed and procedure_date is not null

    union all

    select
        last_day(adjustment_date),
        'adjustments',
        adjustment_amount
    from {{ ref('fct_adjustments') }}
    where adjustment_date is not null

    union all

    select
        last_day(payment_header_date),
        case when is_unearned then 'unearned_income' else 'patient_income' end,
        split_amount
    from {{ ref('fct_patient_payments') }}
    where not is_hidden_unearned and payment_header_date is not null

    union all

    select
        last_day(check_date),
        'insurance_income',
        insurance_paid_amount
    from {{ ref('fct_insurance_payments') }}
    where is_finalized

    union all

    select
        last_day(insurance_payment_date),
        'writeoffs_ins_pay_date',
        -write_off_amount
    from {{ ref('fct_insurance_payments') }}
    where insurance_payment_date is not null

    union all

    select
        last_day(procedure_date),
        'writeoffs_proc_date',
        -write_off_amount
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
    select last_day(report_date), 'capitation_writeoffs', capitation_writeoffs
    from mart
    union all
    select last_day(report_date), 'adjustments', adjustments
    from mart
    union all
    select last_day(report_date), 'patient_income', patient_income
    from mart
    union all
    select last_day(report_date), 'unearned_income', unearned_income
    from mart
    union all
    select last_day(report_date), 'insurance_income', insurance_income
    from mart
    union all
    select
        last_day(report_date),
        'writeoffs_ins_pay_date',
        writeoffs_ins_pay_date
    from mart
    union all
    select last_day(report_date), 'writeoffs_proc_date', writeoffs_proc_date
    from mart

),

compared as (

    select report_month, measure, amount from facts
    union all
    select report_month, measure, -amount from mart_measures

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
