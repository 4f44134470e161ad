{#-
    Aging of accounts receivable per family (guarantor), historically, as of
    every date of int_aging_as_of_dates_listed: OpenDental's aging
    (Ledgers.ComputeAging; report RpAging) re-implemented on fct_ledger.

    Transactions: the ledger's balance entries summed per source row (a claim
    procedure's payment and write-off are one transaction, as in OpenDental),
    dated by event_date (a blank date counts as older than any as-of date).
    As of date A, per family:
      charges   transactions > 0 dated <= A, by age A - date: 0-30, 31-60,
                61-90, over 90 days;
      credits   minus the transactions < 0 dated <= A;
      buckets   credits pay the oldest charges first; a bucket is never < 0;
      bal_total the sum of all transactions dated <= A;
      insurance_estimate  claim procedures pending as of A (procedure date
                <= A and NotReceived, or Received after A): InsPayEst +
                write-off.
    Cumulative sums per family over the as-of dates (a transaction counts
    from its "slot", the first as-of date on or after it) avoid joining every
    transaction to every as-of date; only charges of the last 90 days are
    joined to the as-of dates they are recent for.
    Rows: families with any non-zero amount on that date.
    Indexes: the `_covering` one holds every column the dashboards' sums on
    one date or on month ends read (docs/query-optimization.md).
-#}
{# pre_hook: the aging groups and sorts millions of ledger rows; with the
    server's default 16 MB in-memory temporary tables they spill to disk
    (508 s on the large practice, 232 s with 1 GB; same rows). Session only. #}
{{
    config(
        materialized='incremental',
        unique_key='as_of_date',
        pre_hook=[
            "set session tmp_table_size = 1073741824,
            max_heap_table_size = 1073741824",
        ],
        indexes=[
            {'columns': ['as_of_date', 'guarantor_id'], 'unique': true,
             'name': 'ix_mart_ar_aging__as_of_guarantor'},
            {'columns': ['guarantor_id']},
            {'columns': [
                'as_of_date', 'is_month_end', 'guarantor_id', 'bal_0_30',
                'bal_31_60', 'bal_61_90', 'bal_over_90', 'bal_total',
                'insurance_estimate', 'patient_estimate',
            ], 'name': 'ix_mart_ar_aging__covering'},
        ],
        post_hook=[
            "delete from {{ this }}
            where (as_of_date, input_fingerprint) not in (
                select as_of_date, input_fingerprint
                from {{ ref('int_aging_input_fingerprints') }}
            )",
        ],
    )
}}

with

ledger as (

    select * from {{ ref('fct_ledger') }}

),

as_of_dates as (

    select * from {{ ref('int_aging_as_of_dates_listed') }}

),

fingerprints as (

    select * from {{ ref('int_aging_input_fingerprints') }}

),

{# The as-of dates this run computes: all on a full build; on an incremental
   run the new ones and those whose input fingerprint changed. The post-hook
   then drops rows of as-of dates that are no longer listed, or whose
   recomputation produced no row. #}
as_of_dates_to_build as (

    select
        fingerprints.as_of_date,
        fingerprints.input_fingerprint
    from fingerprints
    {% if is_incremental() %}
        where not exists (
            select 1 from {{ this }} as built
            where
                built.as_of_date = fingerprints.as_of_date
                and built.input_fingerprint = fingerprints.input_fingerprint
        )
    {% endif %}

),

calendar as (

    select * from {{ ref('int_aging_as_of_dates_slotted') }}

),

slots as (

    select
        calendar_day,
        as_of_date
    from calendar
    where kind = 'slot'

),

windows as (

    select
        calendar_day,
        as_of_date,
        bucket
    from calendar
    where
        kind = 'window'
        and as_of_date in (
            select as_of_dates_to_build.as_of_date from as_of_dates_to_build
        )

),

first_slot as (

    select min(as_of_date) as as_of_date from as_of_dates

),

transactions as (

    select
        guarantor_id,
        source_table,
        source_id,
        min(event_date) as event_date,
        sum(amount) as amount
    from ledger
    where
        is_in_balance
        and guarantor_id is not null
    group by guarantor_id, source_table, source_id

),

transactions_slotted as (

    select
        transactions.guarantor_id,
        transactions.event_date,
        transactions.amount,
        case
            when transactions.event_date is null
                then (select first_slot.as_of_date from first_slot)
            else slots.as_of_date
        end as slot_date
    from transactions
    left outer join slots
        on transactions.event_date = slots.calendar_day

),

{# Pending insurance: an estimate counts from the slot of its procedure date
    and, for a claim procedure received since, stops at the slot of its
    payment date (DateCP). #}
estimates as (

    select
        guarantor_id,
        procedure_date,
        -amount as estimate,
        case
            when claim_procedure_status_code = 1
                then coalesce(event_date, '0001-01-01')
        end as received_date
    from ledger
    where
        entry_type = 'insurance_estimate'
        and guarantor_id is not null

),

estimate_changes as (

    select
        estimates.guarantor_id,
        estimates.estimate as estimate_change,
        case
            when estimates.procedure_date is null
                then (select first_slot.as_of_date from first_slot)
            else slots.as_of_date
        end as slot_date
    from estimates
    left outer join slots
        on estimates.procedure_date = slots.calendar_day
    where
        estimates.received_date is null
        or estimates.received_date > coalesce(
            estimates.procedure_date, '0001-01-01'
        )

    union all

    select
        estimates.guarantor_id,
        -estimates.estimate as estimate_change,
        slots.as_of_date as slot_date
    from estimates
    inner join slots
        on estimates.received_date = slots.calendar_day
    where
        estimates.received_date > coalesce(
            estimates.procedure_date, '0001-01-01'
        )

),

slot_changes as (

    select
        guarantor_id,
        slot_date,
        amount as total_change,
        case when amount > 0 then amount else 0 end as charges_change,
        case when amount < 0 then -amount else 0 end as credits_change,
        0 as estimate_change
    from transactions_slotted
    where slot_date is not null

    union all

    select
        guarantor_id,
        slot_date,
        0 as total_change,
        0 as charges_change,
        0 as credits_change,
        estimate_change
    from estimate_changes
    where slot_date is not null

),

slot_totals as (

    select
        guarantor_id,
        slot_date,
        sum(total_change) as total_change,
        sum(charges_change) as charges_change,
        sum(credits_change) as credits_change,
        sum(estimate_change) as estimate_change
    from slot_changes
    group by guarantor_id, slot_date

),

family_first_slots as (

    select
        guarantor_id,
        min(slot_date) as first_slot_date
    from slot_totals
    group by guarantor_id

),

grid as (

    select
        family_first_slots.guarantor_id,
        as_of_dates.as_of_date
    from family_first_slots
    inner join as_of_dates
        on family_first_slots.first_slot_date <= as_of_dates.as_of_date

),

changes_per_as_of_date as (

    select
        grid.guarantor_id,
        grid.as_of_date,
        coalesce(sum(slot_totals.total_change), 0) as total_change,
        coalesce(sum(slot_totals.charges_change), 0) as charges_change,
        coalesce(sum(slot_totals.credits_change), 0) as credits_change,
        coalesce(sum(slot_totals.estimate_change), 0) as estimate_change
    from grid
    left outer join slot_totals
        on
            grid.guarantor_id = slot_totals.guarantor_id
            and grid.as_of_date = slot_totals.slot_date
    group by grid.guarantor_id, grid.as_of_date

),

cumulative as (

    select
        guarantor_id,
        as_of_date,
        sum(total_change) over family_to_date as balance_total,
        sum(charges_change) over family_to_date as charges_total,
        sum(credits_change) over family_to_date as credits_total,
        sum(estimate_change) over family_to_date as insurance_estimate
    from changes_per_as_of_date
    window family_to_date as (
        partition by guarantor_id
        order by as_of_date
        rows between unbounded preceding and current row
    )

),

recent_charges as (

    select
        transactions.guarantor_id,
        windows.as_of_date,
        sum(case when windows.bucket = 0 then transactions.amount else 0 end)
            as charges_0_30,
        sum(case when windows.bucket = 1 then transactions.amount else 0 end)
            as charges_31_60,
        sum(case when windows.bucket = 2 then transactions.amount else 0 end)
            as charges_61_90
    from transactions
    inner join windows
        on transactions.event_date = windows.calendar_day
    where transactions.amount > 0
    group by transactions.guarantor_id, windows.as_of_date

),

{# Credits pay the oldest charges first, so what is left of the charges
    (charges - credits, when positive) is the newest charges: fill the
    buckets from 0-30 backwards. #}
bucketed as (

    select
        cumulative.as_of_date,
        cumulative.guarantor_id,
        cumulative.balance_total,
        cumulative.insurance_estimate,
        coalesce(recent_charges.charges_0_30, 0) as charges_0_30,
        coalesce(recent_charges.charges_31_60, 0) as charges_31_60,
        coalesce(recent_charges.charges_61_90, 0) as charges_61_90,
        cumulative.charges_total
        - coalesce(recent_charges.charges_0_30, 0)
        - coalesce(recent_charges.charges_31_60, 0)
        - coalesce(recent_charges.charges_61_90, 0) as charges_over_90,
        greatest(cumulative.charges_total - cumulative.credits_total, 0)
            as charges_unpaid
    from cumulative
    left outer join recent_charges
        on
            cumulative.guarantor_id = recent_charges.guarantor_id
            and cumulative.as_of_date = recent_charges.as_of_date

),

aged as (

    select
        bucketed.as_of_date,
        bucketed.guarantor_id,
        cast(
            least(bucketed.charges_0_30, bucketed.charges_unpaid)
            as decimal(15, 2)
        ) as bal_0_30,
        cast(
            least(
                bucketed.charges_31_60,
                greatest(bucketed.charges_unpaid - bucketed.charges_0_30, 0)
            ) as decimal(15, 2)
        ) as bal_31_60,
        cast(
            least(
                bucketed.charges_61_90,
                greatest(
                    bucketed.charges_unpaid
                    - bucketed.charges_0_30
                    - bucketed.charges_31_60,
                    0
                )
            ) as decimal(15, 2)
        ) as bal_61_90,
        cast(
            least(
                bucketed.charges_over_90,
                greatest(
                    bucketed.charges_unpaid
                    - bucketed.charges_0_30
                    - bucketed.charges_31_60
                    - bucketed.charges_61_90,
                    0
                )
            ) as decimal(15, 2)
        ) as bal_over_90,
        cast(bucketed.balance_total as decimal(15, 2)) as bal_total,
        cast(bucketed.insurance_estimate as decimal(15, 2))
            as insurance_estimate,
        cast(
            bucketed.balance_total - bucketed.insurance_estimate
            as decimal(15, 2)
        ) as patient_estimate,
        as_of_dates.is_month_end,
        as_of_dates.is_latest_load_date,
        as_of_dates.is_date_last_aging,
        as_of_dates_to_build.input_fingerprint
    from bucketed
    inner join as_of_dates
        on bucketed.as_of_date = as_of_dates.as_of_date
    inner join as_of_dates_to_build
        on bucketed.as_of_date = as_of_dates_to_build.as_of_date

),

nonzero as (

    select * from aged
    where
        bal_total != 0
        or insurance_estimate != 0
        or bal_0_30 != 0
        or bal_31_60 != 0
        or bal_61_90 != 0
        or bal_over_90 != 0

)

select * from nonzero
