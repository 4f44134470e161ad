{#-
    fct_ledger must hold every money event of the source tables once: per
    entry type, its row count and total equal those computed straight from
    the raw OpenDental tables (non-zero amounts only; the ledger leaves zeros
    out). Raw money is DOUBLE, so "non-zero" means at least half a cent and
    totals are compared to half a cent. Returns the entry types that differ.
    After a nightly (partial) ledger build only the patients it rewrote are
    compared (changed_patients_condition); after a full build, or with
    `make check`, everyone.
-#}
with

ledger as (

    select * from {{ ref('fct_ledger') }}
    where {{ changed_patients_condition(
        'patient_id', ref('fct_ledger'), nullable=true
    ) }}

),

procedurelog as (

    select * from {{ source('opendental', 'procedurelog') }}
    where {{ changed_patients_condition('PatNum', ref('fct_ledger')) }}

),

claimproc as (

    select * from {{ source('opendental', 'claimproc') }}
    where {{ changed_patients_condition('PatNum', ref('fct_ledger')) }}

),

claimsnapshot as (

    select * from {{ source('opendental', 'claimsnapshot') }}

),

adjustment as (

    select * from {{ source('opendental', 'adjustment') }}
    where {{ changed_patients_condition('PatNum', ref('fct_ledger')) }}

),

paysplit as (

    select * from {{ source('opendental', 'paysplit') }}
    where {{ changed_patients_condition('PatNum', ref('fct_ledger')) }}

),

payplan as (

    select * from {{ source('opendental', 'payplan') }}
    where {{ changed_patients_condition('PatNum', ref('fct_ledger')) }}

),

procedure_amounts as (

    select ProcFee * (UnitQty + BaseUnits) as amount
    from procedurelog
    where ProcStatus = 2

),

claimprocs_in_aging as (

    select claimproc.*
    from claimproc
    left outer join procedurelog
        on claimproc.ProcNum = procedurelog.ProcNum
    where claimproc.ProcNum = 0 or procedurelog.ProcStatus = 2

),

writeoff_adjustments as (

    select
        coalesce(nullif(claimsnapshot.Writeoff, -1), 0)
        - claimproc.WriteOff as amount
    from claimsnapshot
    inner join claimproc
        on claimsnapshot.ClaimProcNum = claimproc.ClaimProcNum
    where claimproc.Status in (1, 4)

    union all

    select -claimproc.WriteOff as amount
    from claimproc
    where
        claimproc.Status in (1, 4)
        and claimproc.ClaimProcNum not in (
            select claimsnapshot.ClaimProcNum from claimsnapshot
        )

),

expected as (

    select
        'procedure' as entry_type,
        count(*) as entry_count,
        sum(amount) as total
    from procedure_amounts
    where abs(amount) >= 0.005

    union all

    select
        'capitation_writeoff' as entry_type,
        count(*) as entry_count,
        -sum(WriteOff) as total
    from claimproc
    where Status = 7 and abs(WriteOff) >= 0.005

    union all

    select
        'insurance_writeoff' as entry_type,
        count(*) as entry_count,
        -sum(WriteOff) as total
    from claimproc
    where Status in (0, 1, 4, 5) and abs(WriteOff) >= 0.005

    union all

    select
        'insurance_payment' as entry_type,
        count(*) as entry_count,
        -sum(InsPayAmt) as total
    from claimproc
    where Status in (1, 4, 5, 7) and abs(InsPayAmt) >= 0.005

    union all

    select
        'insurance_estimate' as entry_type,
        count(*) as entry_count,
        -sum(InsPayEst + WriteOff) as total
    from claimprocs_in_aging
    where Status in (0, 1) and abs(InsPayEst + WriteOff) >= 0.005

    union all

    select
        'writeoff_estimate' as entry_type,
        count(*) as entry_count,
        -sum(coalesce(nullif(claimsnapshot.Writeoff, -1), 0)) as total
    from claimsnapshot
    inner join claimproc
        on claimsnapshot.ClaimProcNum = claimproc.ClaimProcNum
    inner join procedurelog
        on claimproc.ProcNum = procedurelog.ProcNum
    where
        claimproc.Status in (0, 1, 4)
        and abs(coalesce(nullif(claimsnapshot.Writeoff, -1), 0)) >= 0.005

    union all

    select
        'writeoff_estimate_adjustment' as entry_type,
        count(*) as entry_count,
        sum(amount) as total
    from writeoff_adjustments
    where abs(amount) >= 0.005

    union all

    select
        'adjustment' as entry_type,
        count(*) as entry_count,
        sum(AdjAmt) as total
    from adjustment
    where abs(AdjAmt) >= 0.005

    union all

    select
        'patient_payment' as entry_type,
        count(*) as entry_count,
        -sum(SplitAmt) as total
    from paysplit
    where abs(SplitAmt) >= 0.005

    union all

    select
        'payment_plan_credit' as entry_type,
        count(*) as entry_count,
        -sum(CompletedAmt) as total
    from payplan
    where PlanNum = 0 and abs(CompletedAmt) >= 0.005

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
        0 as expected_count,
        actual.entry_count as ledger_count,
        0 as expected_total,
        actual.total as ledger_total
    from actual
    where actual.entry_type not in (select expected.entry_type from expected)

)

select * from compared
where
    expected_count != ledger_count
    or abs(expected_total - ledger_total) >= 0.005
