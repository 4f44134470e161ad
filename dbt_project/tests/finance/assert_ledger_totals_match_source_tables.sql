{#-
    fct_ledger must hold every money event of the source tables once: per
    entry type, its row count and total equal those computed straight from
    staging (non-zero amounts only; the ledger leaves zeros out). Returns the
    entry types that differ.
-#}
with

ledger as (

    select * from {{ ref('fct_ledger') }}

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

adjustments as (

    select * from {{ ref('stg_opendental__adjustment') }}

),

splits as (

    select * from {{ ref('stg_opendental__paysplit') }}

),

payment_plans as (

    select * from {{ ref('stg_opendental__payplan') }}

),

procedure_amounts as (

    select procedure_fee * (unit_quantity + base_units) as amount
    from procedures
    where procedure_status_code = 2

),

claim_procedures_in_aging as (

    select claim_procedures.*
    from claim_procedures
    left outer join procedures
        on claim_procedures.procedure_id = procedures.procedure_id
    where
        claim_procedures.procedure_id is null
        or procedures.procedure_status_code = 2

),

expected as (

    select
        'procedure' as entry_type,
        count(*) as entry_count,
        sum(amount) as total
    from procedure_amounts
    where amount != 0

    union all

    select
        'capitation_writeoff',
        count(*),
        -sum(write_off_amount)
    from claim_procedures
    where claim_procedure_status_code = 7 and write_off_amount != 0

    union all

    select
        'insurance_writeoff',
        count(*),
        -sum(write_off_amount)
    from claim_procedures
    where
        claim_procedure_status_code in (0, 1, 4, 5)
        and write_off_amount != 0

    union all

    select
        'insurance_payment',
        count(*),
        -sum(insurance_paid_amount)
    from claim_procedures
    where
        claim_procedure_status_code in (1, 4, 5, 7)
        and insurance_paid_amount != 0

    union all

    select
        'insurance_estimate',
        count(*),
        -sum(insurance_payment_estimate + write_off_amount)
    from claim_procedures_in_aging
    where
        claim_procedure_status_code in (0, 1)
        and insurance_payment_estimate + write_off_amount != 0

    union all

    select
        'writeoff_estimate',
        count(*),
        -sum(snapshots.write_off_estimate)
    from snapshots
    inner join claim_procedures
        on snapshots.claim_procedure_id = claim_procedures.claim_procedure_id
    inner join procedures
        on claim_procedures.procedure_id = procedures.procedure_id
    where
        claim_procedures.claim_procedure_status_code in (0, 1, 4)
        and coalesce(snapshots.write_off_estimate, 0) != 0

    union all

    select
        'writeoff_estimate_adjustment',
        count(*),
        sum(adjustment)
    from (
        select
            coalesce(snapshots.write_off_estimate, 0)
            - claim_procedures.write_off_amount as adjustment
        from snapshots
        inner join claim_procedures
            on snapshots.claim_procedure_id
            = claim_procedures.claim_procedure_id
        where claim_procedures.claim_procedure_status_code in (1, 4)

        union all

        select -claim_procedures.write_off_amount as adjustment
        from claim_procedures
        where
            claim_procedures.claim_procedure_status_code in (1, 4)
            and claim_procedures.claim_procedure_id not in (
                select claim_procedure_id from snapshots
                where claim_procedure_id is not null
            )
    ) as writeoff_adjustments
    where adjustment != 0

    union all

    select
        'adjustment',
        count(*),
        sum(adjustment_amount)
    from adjustments
    where adjustment_amount != 0

    union all

    select
        'patient_payment',
        count(*),
        -sum(split_amount)
    from splits
    where split_amount != 0

    union all

    select
        'payment_plan_credit',
        count(*),
        -sum(completed_amount)
    from payment_plans
    where insurance_plan_id is null and completed_amount != 0

),

actual as (

    select
        entry_type,
        count(*) as entry_count,
        sum(amount) as total
    from ledger
    group by entry_type

),

compared as (

    select
        expected.entry_type,
        expected.entry_count as expected_count,
        coalesce(actual.entry_count, 0) as ledger_count,
        coalesce(expected.total, 0) as expected_total,
        coalesce(actual.total, 0) as ledger_total
    from expected
    left outer join actual
        on expected.entry_type = actual.entry_type

    union all

    select
        actual.entry_type,
        0,
        actual.entry_count,
        0,
        actual.total
    from actual
    where actual.entry_type not in (select entry_type from expected)

)

select * from compared
where
    expected_count != ledger_count
    or abs(expected_total - ledger_total) >= 0.01
