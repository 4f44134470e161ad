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
    So a row depends only on bal_total(A), insurance_estimate(A) and the
    charges of the 90 days before A: what is unpaid (bal_total when > 0) is
    the newest charges, filling 0-30, then 31-60, 61-90, the rest over 90.

    The ledger is first summed per patient, family and day into
    mart_ar_aging__ledger_days (staging schema; balance change, charges,
    change of pending insurance; undated = 0001-01-01). An aging computes
    the rows of a "plan": per family a start and end as-of date and a base,
    an earlier as-of date whose stored row it starts from (none: zero). The
    day sums after the base are put in the slot of their as-of date (the
    first one on or after the day, at least the start) and summed
    cumulatively; only day sums of the last 90 days are joined to the as-of
    dates they are recent for.
      full build   every family from the first as-of date, no base.
      incremental  (1) families whose day sums changed (their patients'
                   ledger entries were rebuilt, _fct_ledger_rebuilt_patients,
                   and differ from the stored day sums): every as-of date
                   from the first changed day, from the stored row of the
                   as-of date before it;
                   (2) as-of dates not aged yet (the new latest load date or
                   DateLastAging), for the other families: from the stored
                   rows of the as-of date before each, plus the day sums
                   since.
    The steps are the hooks below (macro mart_ar_aging_hook). Everything
    else is kept. The pre-hooks delete the rows they recompute
    (a family that became all zero disappears); the post-hooks delete as-of
    dates no longer listed, set the flags of dates whose flags changed, and
    record the dates aged (mart_ar_aging__dates). A recomputation that
    fails leaves its families in mart_ar_aging__pending for the next run.
    After changing this SQL (or on a warehouse built before these tables
    existed), run --full-refresh: stored rows are never re-checked.
    Rows: families with any non-zero amount on that date.
    Indexes: the `_covering` one holds every column the dashboards' sums on
    one date or on month ends read (docs/query-optimization.md).
-#}
{%- set staging = ref('int_aging_as_of_dates_listed').schema -%}

{# The steps of the incremental build: macro mart_ar_aging_hook. #}
{%- set pre_steps = [
    'create_state_tables', 'create_ledger_days', 'create_pending',
    'create_dates', 'take_batch', 'compute_new_days', 'record_pending',
    'delete_old_days', 'insert_new_days', 'consume_log', 'make_plan',
    'delete_recomputed_rows', 'delete_rows_of_new_dates',
] -%}
{%- set post_steps = [
    'delete_unlisted_dates', 'update_flags', 'record_dates',
    'record_dates_insert', 'clear_pending', 'drop_work_tables',
] -%}
{# The first pre-hook: the aging groups and sorts millions of ledger rows;
    with the server's default 16 MB in-memory temporary tables they spill to
    disk (508 s on the large practice, 232 s with 1 GB; same rows). Session
    only. #}
{%- set pre_hooks = [
    "set session tmp_table_size = 1073741824,
    max_heap_table_size = 1073741824",
] -%}
{%- set post_hooks = [] -%}
{%- for step in pre_steps -%}
    {%- do pre_hooks.append("{{ mart_ar_aging_hook('" ~ step ~ "') }}") -%}
{%- endfor -%}
{%- for step in post_steps -%}
    {%- do post_hooks.append("{{ mart_ar_aging_hook('" ~ step ~ "') }}") -%}
{%- endfor -%}
{{
    config(
        materialized='incremental',
        unique_key=['as_of_date', 'guarantor_id'],
        pre_hook=pre_hooks,
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
        post_hook=post_hooks,
    )
}}

with

plan as (

    select * from {{ this.schema }}.mart_ar_aging__plan

),

ledger_days as (

    select * from {{ staging }}.mart_ar_aging__ledger_days

),

as_of_dates as (

    select * from {{ ref('int_aging_as_of_dates_listed') }}

),

calendar as (

    select * from {{ ref('int_aging_as_of_dates_slotted') }}

),

{% if is_incremental() %}

    stored as (

        select * from {{ this }}

    ),

{% endif %}

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
    where kind = 'window'

),

first_as_of_date as (

    select min(as_of_date) as as_of_date from as_of_dates

),

targets as (

    select
        plan.guarantor_id,
        plan.start_date,
        as_of_dates.as_of_date
    from plan
    inner join as_of_dates
        on as_of_dates.as_of_date between plan.start_date and plan.end_date

),

{# the stored row each plan starts from (none: zero) #}
base_rows as (

    {% if is_incremental() %}
        select
            plan.guarantor_id,
            plan.start_date,
            stored.bal_total,
            stored.insurance_estimate
        from plan
        inner join stored
            on
                plan.guarantor_id = stored.guarantor_id
                and plan.base_date = stored.as_of_date
    {% else %}
        select
            plan.guarantor_id,
            plan.start_date,
            0 as bal_total,
            0 as insurance_estimate
        from plan
        where false
    {% endif %}

),

{# day sums after the base, in the slot of their as-of date (at least the
    plan's start: no as-of date lies between a base and its start) #}
increments as (

    select
        plan.guarantor_id,
        plan.start_date,
        ledger_days.balance_change,
        ledger_days.estimate_change,
        greatest(
            case
                when ledger_days.day = '0001-01-01'
                    then (
                        select first_as_of_date.as_of_date
                        from first_as_of_date
                    )
                else slots.as_of_date
            end,
            plan.start_date
        ) as slot_date
    from plan
    inner join ledger_days
        on
            plan.guarantor_id = ledger_days.guarantor_id
            and plan.end_date >= ledger_days.day
            and (plan.base_date is null or plan.base_date < ledger_days.day)
    left outer join slots
        on ledger_days.day = slots.calendar_day

),

slot_totals as (

    select
        guarantor_id,
        start_date,
        slot_date,
        sum(balance_change) as balance_change,
        sum(estimate_change) as estimate_change
    from increments
    group by guarantor_id, start_date, slot_date

),

cumulative as (

    select
        targets.guarantor_id,
        targets.as_of_date,
        coalesce(max(base_rows.bal_total) over plan_to_date, 0)
        + sum(coalesce(slot_totals.balance_change, 0)) over plan_to_date
            as balance_total,
        coalesce(max(base_rows.insurance_estimate) over plan_to_date, 0)
        + sum(coalesce(slot_totals.estimate_change, 0)) over plan_to_date
            as insurance_estimate
    from targets
    left outer join slot_totals
        on
            targets.guarantor_id = slot_totals.guarantor_id
            and targets.start_date = slot_totals.start_date
            and targets.as_of_date = slot_totals.slot_date
    left outer join base_rows
        on
            targets.guarantor_id = base_rows.guarantor_id
            and targets.start_date = base_rows.start_date
    window plan_to_date as (
        partition by targets.guarantor_id, targets.start_date
        order by targets.as_of_date
        rows between unbounded preceding and current row
    )

),

recent_charges as (

    select
        plan.guarantor_id,
        windows.as_of_date,
        sum(
            case when windows.bucket = 0 then ledger_days.charges else 0 end
        ) as charges_0_30,
        sum(
            case when windows.bucket = 1 then ledger_days.charges else 0 end
        ) as charges_31_60,
        sum(
            case when windows.bucket = 2 then ledger_days.charges else 0 end
        ) as charges_61_90
    from plan
    inner join ledger_days
        on
            plan.guarantor_id = ledger_days.guarantor_id
            and date_sub(plan.start_date, interval 90 day)
            <= ledger_days.day
            and plan.end_date >= ledger_days.day
    inner join windows
        on
            ledger_days.day = windows.calendar_day
            and windows.as_of_date between plan.start_date and plan.end_date
    where ledger_days.charges > 0
    group by plan.guarantor_id, windows.as_of_date

),

{# Credits pay the oldest charges first, so what is left of the charges
    (the balance, when positive) is the newest charges: fill the buckets
    from 0-30 backwards; the rest is over 90 days (never more than the
    charges over 90 days, since the credits are >= 0). #}
bucketed as (

    select
        cumulative.as_of_date,
        cumulative.guarantor_id,
        cumulative.balance_total,
        cumulative.insurance_estimate,
        coalesce(recent_charges.charges_0_30, 0) as charges_0_30,
        coalesce(recent_charges.charges_31_60, 0) as charges_31_60,
        coalesce(recent_charges.charges_61_90, 0) as charges_61_90,
        greatest(cumulative.balance_total, 0) as charges_unpaid
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
            greatest(
                bucketed.charges_unpaid
                - bucketed.charges_0_30
                - bucketed.charges_31_60
                - bucketed.charges_61_90,
                0
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
        as_of_dates.is_date_last_aging
    from bucketed
    inner join as_of_dates
        on bucketed.as_of_date = as_of_dates.as_of_date

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
