{#- The hooks of mart_ar_aging (its incremental build, DECISIONLOG F6), one
    statement per step, rendered when the hook runs (is_incremental() and the
    bookkeeping tables are known then). `step` names the statement. -#}
{% macro mart_ar_aging_hook(step) %}
{%- set staging = ref('int_aging_as_of_dates_listed').schema -%}
{%- if step == 'create_state_tables' -%}
{# Both builds: the bookkeeping tables, if missing. #}
create table if not exists {{ staging }}._fct_ledger_rebuilt_patients (
    log_id bigint not null auto_increment primary key,
    patient_id bigint not null
)
{%- elif step == 'create_ledger_days' -%}
create {{ 'table if not exists' if is_incremental() else 'or replace table' }}
{{ staging }}.mart_ar_aging__ledger_days (
    guarantor_id bigint not null,
    patient_id bigint not null,
    day date not null,
    balance_change decimal(15, 2) not null,
    charges decimal(15, 2) not null,
    estimate_change decimal(15, 2) not null,
    primary key (patient_id, guarantor_id, day),
    key ix_mart_ar_aging__ledger_days__guarantor (guarantor_id, day),
    key ix_mart_ar_aging__ledger_days__day (day)
)
{%- elif step == 'create_pending' -%}
create {{ 'table if not exists' if is_incremental() else 'or replace table' }}
{{ staging }}.mart_ar_aging__pending (
    guarantor_id bigint not null,
    from_day date not null,
    key (guarantor_id)
)
{%- elif step == 'create_dates' -%}
create {{ 'table if not exists' if is_incremental() else 'or replace table' }}
{{ staging }}.mart_ar_aging__dates (
    as_of_date date not null primary key,
    is_month_end boolean not null,
    is_latest_load_date boolean not null,
    is_date_last_aging boolean not null
)
{%- elif step == 'take_batch' -%}
{# The patients whose day sums to recompute: those the ledger logged since
    the last aging, or all (a full build, a full ledger build: -1, or no day
    sums stored yet). #}
create or replace temporary table {{ this.schema }}.mart_ar_aging__batch
as
select
    coalesce(max(log_id), 0) as last_log_id,
    {% if is_incremental() %}
    coalesce(max(patient_id = -1), false)
    or not exists (
        select 1 from {{ staging }}.mart_ar_aging__ledger_days
    )
    {% else %}
    true
    {% endif %} as is_everyone
from {{ staging }}._fct_ledger_rebuilt_patients
{%- elif step == 'compute_new_days' -%}
{%- set everyone = execute and run_query(
    'select is_everyone from ' ~ this.schema ~ '.mart_ar_aging__batch'
).columns[0].values()[0] -%}
create or replace temporary table {{ this.schema }}.mart_ar_aging__new_days
(primary key (patient_id, guarantor_id, day))
with
batch as (
    select * from {{ this.schema }}.mart_ar_aging__batch
),
patients as (
    select distinct log.patient_id
    from {{ staging }}._fct_ledger_rebuilt_patients as log
    where log.log_id <= (select batch.last_log_id from batch)
),
entries as (
    select
        patient_id,
        guarantor_id,
        source_table,
        source_id,
        entry_type,
        is_in_balance,
        event_date,
        procedure_date,
        claim_procedure_status_code,
        amount
    from {{ ref('fct_ledger') }}
    where
        guarantor_id is not null
        and patient_id is not null
        and (is_in_balance or entry_type = 'insurance_estimate')
        {% if not everyone %}
        and patient_id in (select patients.patient_id from patients)
        {% endif %}
),
transactions as (
    select
        patient_id,
        guarantor_id,
        coalesce(min(event_date), '0001-01-01') as day,
        sum(amount) as amount
    from entries
    where is_in_balance
    group by patient_id, guarantor_id, source_table, source_id
),
estimates as (
    select
        patient_id,
        guarantor_id,
        coalesce(procedure_date, '0001-01-01') as procedure_day,
        -amount as estimate,
        case
            when claim_procedure_status_code = 1
                then coalesce(event_date, '0001-01-01')
        end as received_day
    from entries
    where entry_type = 'insurance_estimate'
),
changes as (
    select
        patient_id, guarantor_id, day,
        amount as balance_change,
        greatest(amount, 0) as charges,
        0 as estimate_change
    from transactions
    union all
    {# pending from the procedure date, unless received by then #}
    select
        patient_id, guarantor_id, procedure_day as day,
        0 as balance_change, 0 as charges, estimate as estimate_change
    from estimates
    where received_day is null or received_day > procedure_day
    union all
    {# ... until the payment date (DateCP) of a received one #}
    select
        patient_id, guarantor_id, received_day as day,
        0 as balance_change, 0 as charges, -estimate as estimate_change
    from estimates
    where received_day > procedure_day
)
select
    guarantor_id,
    patient_id,
    day,
    cast(sum(balance_change) as decimal(15, 2)) as balance_change,
    cast(sum(charges) as decimal(15, 2)) as charges,
    cast(sum(estimate_change) as decimal(15, 2)) as estimate_change
from changes
group by patient_id, guarantor_id, day
having
    sum(balance_change) != 0
    or sum(charges) != 0
    or sum(estimate_change) != 0
{%- elif step == 'record_pending' -%}
{# The families whose day sums differ (old or new family of a patient),
    from their first differing day. #}
{% if is_incremental() %}
{%- set everyone = execute and run_query(
    'select is_everyone from ' ~ this.schema ~ '.mart_ar_aging__batch'
).columns[0].values()[0] -%}
insert into {{ staging }}.mart_ar_aging__pending (guarantor_id, from_day)
with
batch as (
    select * from {{ this.schema }}.mart_ar_aging__batch
),
old_days as (
    select stored.*
    from {{ staging }}.mart_ar_aging__ledger_days as stored
    {% if not everyone %}
    where stored.patient_id in (
        select log.patient_id
        from {{ staging }}._fct_ledger_rebuilt_patients as log
        where log.log_id <= (select batch.last_log_id from batch)
    )
    {% endif %}
),
differences as (
    select old_days.guarantor_id, old_days.day
    from old_days
    left outer join {{ this.schema }}.mart_ar_aging__new_days as new_days
        on
            old_days.patient_id = new_days.patient_id
            and old_days.guarantor_id = new_days.guarantor_id
            and old_days.day = new_days.day
    where
        new_days.patient_id is null
        or old_days.balance_change != new_days.balance_change
        or old_days.charges != new_days.charges
        or old_days.estimate_change != new_days.estimate_change
    union all
    {# a stored day of a patient in the batch: its primary key finds it #}
    select new_days.guarantor_id, new_days.day
    from {{ this.schema }}.mart_ar_aging__new_days as new_days
    where not exists (
        select 1 from {{ staging }}.mart_ar_aging__ledger_days as stored
        where
            stored.patient_id = new_days.patient_id
            and stored.guarantor_id = new_days.guarantor_id
            and stored.day = new_days.day
    )
)
select guarantor_id, min(day) as from_day
from differences
group by guarantor_id
{% else %}
select 1
{% endif %}
{%- elif step == 'delete_old_days' -%}
{% if is_incremental() %}
{%- set everyone = execute and run_query(
    'select is_everyone from ' ~ this.schema ~ '.mart_ar_aging__batch'
).columns[0].values()[0] -%}
{% if everyone %}
delete from {{ staging }}.mart_ar_aging__ledger_days
{% else %}
{#- the delete list names the table in full (an alias there resolves in
    the default database, which dbt's connection does not have) #}
delete {{ staging }}.mart_ar_aging__ledger_days
from {{ staging }}.mart_ar_aging__ledger_days
inner join (
    select distinct log.patient_id
    from {{ staging }}._fct_ledger_rebuilt_patients as log
    where log.log_id <= (
        select batch.last_log_id from {{ this.schema }}.mart_ar_aging__batch as batch
    )
) as rebuilt
    on {{ staging }}.mart_ar_aging__ledger_days.patient_id = rebuilt.patient_id
{% endif %}
{% else %}
select 1
{% endif %}
{%- elif step == 'insert_new_days' -%}
insert into {{ staging }}.mart_ar_aging__ledger_days
select * from {{ this.schema }}.mart_ar_aging__new_days
{%- elif step == 'consume_log' -%}
delete from {{ staging }}._fct_ledger_rebuilt_patients
where log_id <= (
    select batch.last_log_id from {{ this.schema }}.mart_ar_aging__batch as batch
)
{%- elif step == 'make_plan' -%}
{# The plan: (family, start, end, base) for
    (1) families pending: from their first changed day (or the first new
        as-of date, when earlier) to the last as-of date, from the as-of
        date aged before that;
    (2) new as-of dates before every aged one (all of them on a full
        build): every other family, no base;
    (3) each other new as-of date, alone: every other family with a row
        on the as-of date aged before it or a day sum since. #}
create or replace temporary table {{ this.schema }}.mart_ar_aging__plan
(primary key (guarantor_id, start_date))
with
listed as (
    select as_of_date from {{ ref('int_aging_as_of_dates_listed') }}
),
aged as (
    select as_of_date from {{ staging }}.mart_ar_aging__dates
),
new_dates as (
    select listed.as_of_date from listed
    where listed.as_of_date not in (select aged.as_of_date from aged)
),
bounds as (
    select
        (select min(new_dates.as_of_date) from new_dates) as first_new,
        (select min(aged.as_of_date) from aged) as first_aged,
        (select max(listed.as_of_date) from listed) as last_listed
),
pending as (
    select guarantor_id, min(from_day) as from_day
    from {{ staging }}.mart_ar_aging__pending
    group by guarantor_id
),
pending_starts as (
    select
        pending.guarantor_id,
        least(pending.from_day, coalesce(bounds.first_new, pending.from_day))
            as start_date,
        bounds.last_listed as end_date
    from pending
    cross join bounds
),
pending_plan as (
    select
        pending_starts.guarantor_id,
        pending_starts.start_date,
        pending_starts.end_date,
        (
            select max(aged.as_of_date) from aged
            where aged.as_of_date < pending_starts.start_date
        ) as base_date
    from pending_starts
    where pending_starts.start_date <= pending_starts.end_date
),
chain_plan as (
    select
        families.guarantor_id,
        bounds.first_new as start_date,
        (
            select max(new_dates.as_of_date) from new_dates
            where new_dates.as_of_date
            < coalesce(bounds.first_aged, '9999-12-31')
        ) as end_date,
        cast(null as date) as base_date
    from (
        select distinct guarantor_id
        from {{ staging }}.mart_ar_aging__ledger_days
    ) as families
    cross join bounds
    where
        bounds.first_new < coalesce(bounds.first_aged, '9999-12-31')
        and families.guarantor_id not in (
            select pending.guarantor_id from pending
        )
),
point_dates as (
    select
        new_dates.as_of_date,
        (
            select max(aged.as_of_date) from aged
            where aged.as_of_date < new_dates.as_of_date
        ) as base_date
    from new_dates
    where exists (
        select 1 from aged where aged.as_of_date < new_dates.as_of_date
    )
),
point_families as (
    {% if is_incremental() %}
    select point_dates.as_of_date, point_dates.base_date, stored.guarantor_id
    from point_dates
    inner join {{ this }} as stored
        on point_dates.base_date = stored.as_of_date
    union
    {% endif %}
    select point_dates.as_of_date, point_dates.base_date, days.guarantor_id
    from point_dates
    inner join {{ staging }}.mart_ar_aging__ledger_days as days
        on
            days.day > point_dates.base_date
            and days.day <= point_dates.as_of_date
),
point_plan as (
    select distinct
        guarantor_id,
        as_of_date as start_date,
        as_of_date as end_date,
        base_date
    from point_families
    where guarantor_id not in (select pending.guarantor_id from pending)
)
select * from pending_plan
union all
select * from chain_plan
union all
select * from point_plan
{%- elif step == 'delete_recomputed_rows' -%}
{# The rows the plan recomputes, and rows of dates not aged yet (left by
    a run that failed before recording its dates). #}
{% if is_incremental() %}
delete {{ this }}
from {{ this }}
inner join {{ this.schema }}.mart_ar_aging__plan as plan
    on
        {{ this }}.guarantor_id = plan.guarantor_id
        and {{ this }}.as_of_date between plan.start_date and plan.end_date
{% else %}
select 1
{% endif %}
{%- elif step == 'delete_rows_of_new_dates' -%}
{% if is_incremental() %}
delete {{ this }}
from {{ this }}
inner join (
    select listed.as_of_date
    from {{ ref('int_aging_as_of_dates_listed') }} as listed
    where listed.as_of_date not in (
        select aged.as_of_date from {{ staging }}.mart_ar_aging__dates as aged
    )
) as new_dates
    on {{ this }}.as_of_date = new_dates.as_of_date
{% else %}
select 1
{% endif %}
{%- elif step == 'delete_unlisted_dates' -%}
{# After the rows are in: dates no longer listed, flags that changed, the
    dates aged, nothing pending. #}
delete {{ this }}
from {{ this }}
inner join (
    select aged.as_of_date
    from {{ staging }}.mart_ar_aging__dates as aged
    where aged.as_of_date not in (
        select listed.as_of_date
        from {{ ref('int_aging_as_of_dates_listed') }} as listed
    )
) as unlisted
    on {{ this }}.as_of_date = unlisted.as_of_date
{%- elif step == 'update_flags' -%}
update {{ this }}
inner join {{ staging }}.mart_ar_aging__dates as aged
    on {{ this }}.as_of_date = aged.as_of_date
inner join {{ ref('int_aging_as_of_dates_listed') }} as listed
    on aged.as_of_date = listed.as_of_date
set
    {{ this }}.is_latest_load_date = listed.is_latest_load_date,
    {{ this }}.is_date_last_aging = listed.is_date_last_aging
where
    aged.is_latest_load_date != listed.is_latest_load_date
    or aged.is_date_last_aging != listed.is_date_last_aging
{%- elif step == 'record_dates' -%}
delete from {{ staging }}.mart_ar_aging__dates
{%- elif step == 'record_dates_insert' -%}
insert into {{ staging }}.mart_ar_aging__dates
select as_of_date, is_month_end, is_latest_load_date, is_date_last_aging
from {{ ref('int_aging_as_of_dates_listed') }}
{%- elif step == 'clear_pending' -%}
delete from {{ staging }}.mart_ar_aging__pending
{%- elif step == 'drop_work_tables' -%}
drop temporary table if exists
{{ this.schema }}.mart_ar_aging__batch,
{{ this.schema }}.mart_ar_aging__new_days,
{{ this.schema }}.mart_ar_aging__plan
{%- else -%}
{{ exceptions.raise_compiler_error('mart_ar_aging_hook: no step ' ~ step) }}
{%- endif -%}
{% endmacro %}
