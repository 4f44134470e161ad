{#-
    The money ledger: one row per money event of every patient account.
    Logic: int_ledger_entries_unioned. This model adds the incremental build.

    Incremental by patient: a run rebuilds every entry of each patient with
    a new or changed money row in raw since the last build (raw `_loaded_at`
    after the newest `_loaded_at` already here: loads and builds run one
    after the other, so rows of that load are all in), with an entry whose
    source row OpenDental hard-deleted (the loader removes such rows from
    raw), or whose family (guarantor) changed. Rebuilding a patient's entries
    as a whole also removes an entry that stopped qualifying (a procedure no
    longer complete, a claim procedure returned to an estimate) or moved to
    another patient.
      pre-hook 1  patients to rebuild -> temporary table fct_ledger__rebuild
      pre-hook 2  keep their current entries (temporary fct_ledger__replaced)
      pre-hook 3  delete their entries, and those without a patient
      pre-hook 4  append them to _fct_ledger_rebuilt_patients (read and
                  emptied by mart_ar_aging; a full build appends -1)
      model       their entries, recomputed from only their rows of the
                  inputs (int_ledger_entries_unioned reads through
                  ledger_scoped); dbt then deletes by key and inserts
      post-hook   log the dates of the entries that changed
                  (fct_ledger__changed_dates, for the by-date marts)
    Payment plans are copied whole by the loader on every run (no change
    column), so their patients are always rebuilt; unearned-type definitions
    likewise, so splits of a type whose "hidden" flag changed are rebuilt.
    The hooks' SQL is kept unrendered ({% raw %}) until run time, when
    is_incremental() knows whether the table exists.
-#}
{%- set rebuild_patients -%}{% raw %}
create or replace temporary table {{ this.schema }}.fct_ledger__rebuild
(primary key (patient_id))
{% if is_incremental() %}
with
watermark as (
    select coalesce(max(_loaded_at), '1900-01-01') as loaded_at
    from {{ this }}
),
stored_unearned_flags as (
    select distinct unearned_type_def_id, is_hidden_unearned
    from {{ this }}
    where unearned_type_def_id is not null
),
changed as (
    select patient_id from {{ ref('int_procedures_with_capitation_writeoffs') }}
    where _loaded_at > (select loaded_at from watermark)
    union
    select patient_id from {{ ref('int_claim_procedures_with_writeoff_options') }}
    where _loaded_at > (select loaded_at from watermark)
    union
    select patient_id from {{ ref('stg_opendental__adjustment') }}
    where _loaded_at > (select loaded_at from watermark)
    union
    select patient_id from {{ ref('int_payment_splits_classified') }}
    where _loaded_at > (select loaded_at from watermark)
    union
    select splits.patient_id
    from {{ ref('int_payment_splits_classified') }} as splits
    inner join stored_unearned_flags
        on splits.unearned_type_def_id
        = stored_unearned_flags.unearned_type_def_id
        and splits.is_hidden_unearned != stored_unearned_flags.is_hidden_unearned
    union
    select patient_id from {{ ref('stg_opendental__payplan') }}
    union
    {# a changed patient row matters only when the family (guarantor) changed #}
    select patients.patient_id
    from {{ ref('stg_opendental__patient') }} as patients
    where
        patients._loaded_at > (select loaded_at from watermark)
        and exists (
            select 1 from {{ this }} as ledger
            where
                ledger.patient_id = patients.patient_id
                and not (
                    ledger.guarantor_id
                    <=> coalesce(patients.guarantor_id, patients.patient_id)
                )
        )
    union
    select ledger.patient_id from {{ this }} as ledger
    where ledger.source_table = 'claimproc' and not exists (
        select 1
        from {{ ref('int_claim_procedures_with_writeoff_options') }} as claims
        where claims.claim_procedure_id = ledger.source_id
    )
    union
    select ledger.patient_id from {{ this }} as ledger
    where ledger.source_table = 'claimsnapshot' and not exists (
        select 1
        from {{ ref('int_claim_snapshots_joined_to_claim_procedures') }}
            as snapshots
        where snapshots.claim_snapshot_id = ledger.source_id
    )
    union
    select ledger.patient_id from {{ this }} as ledger
    where ledger.source_table = 'adjustment' and not exists (
        select 1 from {{ ref('stg_opendental__adjustment') }} as adjustments
        where adjustments.adjustment_id = ledger.source_id
    )
    union
    select ledger.patient_id from {{ this }} as ledger
    where ledger.source_table = 'paysplit' and not exists (
        select 1 from {{ ref('int_payment_splits_classified') }} as splits
        where splits.payment_split_id = ledger.source_id
    )
    union
    select ledger.patient_id from {{ this }} as ledger
    where ledger.source_table = 'payplan' and not exists (
        select 1 from {{ ref('stg_opendental__payplan') }} as payment_plans
        where payment_plans.payment_plan_id = ledger.source_id
    )
)
select distinct patient_id from changed where patient_id is not null
{% else %}
{# a full build: -1 tells the post-hook to log every date #}
select cast(-1 as signed) as patient_id
{% endif %}
{% endraw %}{%- endset -%}

{#- Which dates changed, for the models that aggregate the ledger by date
    (mart_production_income_daily): an entry that appeared, went away, or
    changed its amount, provider, clinic, measure or dates changes each date
    it counts on (production date, the three write-off dates). The log,
    fct_ledger__changed_dates, is kept across runs; each consumer reads what
    was logged after its own last run. Rebuilt entries that came back
    unchanged log nothing, so a patient's whole history is not re-dated
    because one payment was added. A full build logs every date of the table
    it replaces and of the new one. -#}
{%- set log_changed_dates -%}{% raw %}
create table if not exists {{ target.schema }}_staging.fct_ledger__changed_dates (
    changed_at datetime(6) not null,
    changed_date date not null,
    key ix_fct_ledger__changed_dates (changed_at, changed_date)
)
{% endraw %}{%- endset -%}

{%- set keep_replaced_entries -%}{% raw %}
{% if is_incremental() %}
create or replace temporary table {{ this.schema }}.fct_ledger__replaced
(primary key (ledger_entry_id))
select {{ ledger_change_columns() }}
from {{ this }}
where
    patient_id in (
        select rebuild.patient_id
        from {{ this.schema }}.fct_ledger__rebuild as rebuild
    )
    or patient_id is null
{% else %}
create or replace temporary table {{ this.schema }}.fct_ledger__replaced (
    ledger_entry_id char(64) primary key,
    entry_type char(32),
    provider_id bigint,
    clinic_id bigint,
    amount decimal(15, 2),
    production_income_measure char(20),
    production_income_date date,
    writeoff_date_by_insurance_payment date,
    writeoff_date_by_procedure date,
    writeoff_date_by_claim date
)
{% endif %}
{% endraw %}{%- endset -%}

{%- set log_replaced_table -%}{% raw %}
{% if not is_incremental() and load_relation(this) is not none %}
{{ log_every_ledger_date() }}
{% else %}
select 1
{% endif %}
{% endraw %}{%- endset -%}

{#- Rendered after the build, when is_incremental() is true whatever this
    run did: a full build is told by the -1 in fct_ledger__rebuild (same
    session, so the render-time query sees the temporary table). -#}
{%- set find_changed_entries -%}{% raw %}
{% if ledger_run_was_full() %}
{{ log_every_ledger_date() }}
{% else %}
create or replace temporary table {{ this.schema }}.fct_ledger__changed_entries
select {{ ledger_change_columns() }}
from {{ this.schema }}.fct_ledger__replaced as prior
where not exists (
    select 1 from {{ this }} as fresh
    where
        fresh.ledger_entry_id = prior.ledger_entry_id
        {% for compared in ledger_change_columns(false) %}
            and fresh.{{ compared }} <=> prior.{{ compared }}
        {% endfor %}
)
union all
select {{ ledger_change_columns() }}
from (
    select fresh.*
    from {{ this }} as fresh
    inner join {{ this.schema }}.fct_ledger__rebuild as rebuild
        on fresh.patient_id = rebuild.patient_id
    union all
    select * from {{ this }} where patient_id is null
) as fresh
where not exists (
    select 1 from {{ this.schema }}.fct_ledger__replaced as prior
    where
        prior.ledger_entry_id = fresh.ledger_entry_id
        {% for compared in ledger_change_columns(false) %}
            and prior.{{ compared }} <=> fresh.{{ compared }}
        {% endfor %}
)
{% endif %}
{% endraw %}{%- endset -%}

{%- set log_changed_entries -%}{% raw %}
{% if ledger_run_was_full() %}
select 1
{% else %}
insert into {{ target.schema }}_staging.fct_ledger__changed_dates
select distinct now(6), changed.changed_date
from (
    {% for column in ledger_date_columns() %}
        select {{ column }} as changed_date
        from {{ this.schema }}.fct_ledger__changed_entries
        {{ 'union all' if not loop.last }}
    {% endfor %}
) as changed
where changed.changed_date is not null
{% endif %}
{% endraw %}{%- endset -%}

{#- Entries without a patient are few and always rebuilt (ledger_scoped). -#}
{%- set delete_rebuilt_entries -%}{% raw %}
{% if is_incremental() %}
{# the delete list names the target in full (an alias there is resolved in
   the default database, which dbt's connection does not have) #}
delete {{ this }}
from {{ this }}
inner join {{ this.schema }}.fct_ledger__rebuild as rebuild
    on {{ this }}.patient_id = rebuild.patient_id
{% else %}
select 1
{% endif %}
{% endraw %}{%- endset -%}

{%- set delete_entries_without_patient -%}{% raw %}
{% if is_incremental() %}
delete from {{ this }} where patient_id is null
{% else %}
select 1
{% endif %}
{% endraw %}{%- endset -%}

{# The patients rebuilt, appended to a log that mart_ar_aging reads and
    empties (it re-ages only their families). A full build logs -1, "every
    patient". The log lives next to the staging models. #}
{%- set create_rebuilt_log -%}{% raw %}
create table if not exists
{{ ref('int_payment_splits_classified').schema }}._fct_ledger_rebuilt_patients
(
    log_id bigint not null auto_increment primary key,
    patient_id bigint not null
)
{% endraw %}{%- endset -%}

{%- set log_rebuilt_patients -%}{% raw %}
insert into
{{ ref('int_payment_splits_classified').schema }}._fct_ledger_rebuilt_patients
(patient_id)
{% if is_incremental() %}
select patient_id from {{ this.schema }}.fct_ledger__rebuild
{% else %}
select -1
{% endif %}
{% endraw %}{%- endset -%}

{{
    config(
        materialized='incremental',
        unique_key='ledger_entry_id',
        global_inputs=[
            {'name': 'stg_opendental__definition', 'where': 'category_code = 29',
             'columns': ['definition_id', 'item_value']},
        ],
        pre_hook=[
            rebuild_patients, log_changed_dates, keep_replaced_entries,
            log_replaced_table, delete_rebuilt_entries,
            delete_entries_without_patient, create_rebuilt_log,
            log_rebuilt_patients,
        ],
        indexes=[
            {'columns': ['ledger_entry_id'], 'unique': true},
            {'columns': ['patient_id']},
            {'columns': ['guarantor_id', 'event_date'],
             'name': 'ix_fct_ledger__guarantor_id'},
            {'columns': ['source_table', 'source_id'],
             'name': 'ix_fct_ledger__source'},
            {'columns': ['production_income_date']},
            {'columns': ['writeoff_date_by_insurance_payment'],
             'name': 'ix_fct_ledger__writeoff_ins_pay_date'},
            {'columns': ['writeoff_date_by_procedure'],
             'name': 'ix_fct_ledger__writeoff_proc_date'},
            {'columns': ['writeoff_date_by_claim'],
             'name': 'ix_fct_ledger__writeoff_claim_date'},
            {'columns': ['_built_at']},
        ],
        post_hook=[
            find_changed_entries,
            log_changed_entries,
            "drop temporary table if exists
            {{ this.schema }}.fct_ledger__changed_entries",
            "drop temporary table if exists {{ this.schema }}.fct_ledger__rebuild",
            "drop temporary table if exists {{ this.schema }}.fct_ledger__replaced",
        ],
    )
}}

-- depends_on: {{ ref('int_procedures_with_capitation_writeoffs') }}
-- depends_on: {{ ref('int_claim_procedures_with_writeoff_options') }}
-- depends_on: {{ ref('int_claim_snapshots_joined_to_claim_procedures') }}
-- depends_on: {{ ref('int_payment_splits_classified') }}
-- depends_on: {{ ref('stg_opendental__adjustment') }}
-- depends_on: {{ ref('stg_opendental__payplan') }}
-- depends_on: {{ ref('stg_opendental__patient') }}

with

entries as (

    select * from {{ ref('int_ledger_entries_unioned') }}

),

to_build as (

    {# the columns listed: an incremental table keeps the columns it was
       created with #}
    select
        ledger_entry_id,
        entry_type,
        source_table,
        source_id,
        patient_id,
        guarantor_id,
        provider_id,
        clinic_id,
        procedure_id,
        claim_id,
        claim_payment_id,
        payment_id,
        payment_plan_id,
        claim_procedure_status_code,
        unearned_type_def_id,
        is_hidden_unearned,
        event_date,
        procedure_date,
        amount,
        is_in_balance,
        production_income_measure,
        production_income_date,
        writeoff_date_by_insurance_payment,
        writeoff_date_by_procedure,
        writeoff_date_by_claim,
        _loaded_at,
        {# when this row was (re)built: what changed since a consumer's
           last run (mart_production_income_daily) #}
        cast(now(6) as datetime(6)) as _built_at
    from entries

)

select * from to_build
