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
      pre-hook 2  delete their entries
      model       their entries, recomputed (dbt then deletes by key, inserts)
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
{# 0 stands for entries without a patient (OpenDental's PatNum 0) #}
select distinct coalesce(patient_id, 0) as patient_id from changed
{% else %}
select cast(null as signed) as patient_id from dual where false
{% endif %}
{% endraw %}{%- endset -%}

{%- set delete_rebuilt_entries -%}{% raw %}
{% if is_incremental() %}
delete from {{ this }}
where
    patient_id in (select patient_id from {{ this.schema }}.fct_ledger__rebuild)
    or (
        patient_id is null
        and exists (
            select 1 from {{ this.schema }}.fct_ledger__rebuild
            where patient_id = 0
        )
    )
{% else %}
select 1
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
        pre_hook=[rebuild_patients, delete_rebuilt_entries],
        indexes=[
            {'columns': ['ledger_entry_id'], 'unique': true},
            {'columns': ['patient_id']},
            {'columns': ['guarantor_id', 'event_date'],
             'name': 'ix_fct_ledger__guarantor_id'},
            {'columns': ['source_table', 'source_id'],
             'name': 'ix_fct_ledger__source'},
            {'columns': ['production_income_date']},
        ],
        post_hook=[
            "drop temporary table if exists {{ this.schema }}.fct_ledger__rebuild",
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
        _loaded_at
    from entries
    {% if is_incremental() %}
        where
            coalesce(patient_id, 0) in (
                select fct_ledger__rebuild.patient_id
                from {{ this.schema }}.fct_ledger__rebuild
            )
    {% endif %}

)

select * from to_build
