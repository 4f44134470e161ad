{#-
    Every claim procedure (claimproc row): one per procedure and insurance
    plan (estimates, claim lines, supplemental payments, "by total" payments
    without a procedure, capitation, preauthorizations, benefit adjustments,
    insurance history), labelled, with the insurance estimate and write-off
    estimate that count (-1 "blank" sentinels are NULL) and every date.

    Incremental by claim procedure (DECISIONLOG F13, F17). `_loaded_at`
    is the load time of the claimproc row; the newest one here is the
    watermark. A run rebuilds the claim procedures
      - int_claim_procedures_with_writeoff_options rebuilt (the change set of
        the claim-procedure grain, computed there once: claimproc, procedure
        and claim payment rows loaded since its last run, hard deletes), read
        from its log ..__changed_keys; -1 there (a full build of it) means
        every claim procedure,
      - whose insurance plan, loaded after the watermark, has another
        carrier now, or is gone (carriers of a plan that is gone).
      pre-hook 1  the log entries read now -> fct_claim_procedures__log_batch
      pre-hook 2  claim procedures to rebuild -> temporary table
                  fct_claim_procedures__rebuild
      pre-hook 3  delete their rows
      model       their rows, recomputed (dbt then deletes by key, inserts)
      post-hook   empty the log entries read (kept if the run fails)
    Insurance plans are row inputs, not global ones: new plans arrive every
    day, and a plan changes only its own claim procedures.
-#}
{%- set create_changed_keys_log -%}{% raw %}
create table if not exists
{{ ref('int_claim_procedures_with_writeoff_options').schema }}.int_claim_procedures_with_writeoff_options__changed_keys (
    log_id bigint not null auto_increment primary key,
    claim_procedure_id bigint not null
)
{% endraw %}{%- endset -%}

{%- set read_log_batch -%}{% raw %}
create or replace temporary table {{ this.schema }}.fct_claim_procedures__log_batch
select
    coalesce(max(log_id), 0) as last_log_id,
    coalesce(max(claim_procedure_id = -1), false) as is_everything
from {{ ref('int_claim_procedures_with_writeoff_options').schema }}.int_claim_procedures_with_writeoff_options__changed_keys
{% endraw %}{%- endset -%}

{%- set list_rebuilt_claim_procedures -%}{% raw %}
create or replace temporary table {{ this.schema }}.fct_claim_procedures__rebuild
(primary key (claim_procedure_id))
{% if is_incremental() %}
with
watermark as (
    {{ load_watermark(this) }}
),
batch as (
    select last_log_id, is_everything
    from {{ this.schema }}.fct_claim_procedures__log_batch
),
changed as (
    select logged.claim_procedure_id
    from {{ ref('int_claim_procedures_with_writeoff_options').schema }}.int_claim_procedures_with_writeoff_options__changed_keys as logged
    where
        logged.log_id <= (select last_log_id from batch)
        and logged.claim_procedure_id <> -1
    union
    select claim_procedure_id
    from {{ ref('int_claim_procedures_with_writeoff_options') }}
    where (select is_everything from batch)
    union
    select claim_procedure_id from {{ this }}
    where (select is_everything from batch)
    union
    select stored.claim_procedure_id
    from {{ ref('stg_opendental__insplan') }} as plans
    inner join {{ this }} as stored
        on plans.insurance_plan_id = stored.insurance_plan_id
    where
        plans._loaded_at > (select loaded_at from watermark)
        and not (plans.carrier_id <=> stored.carrier_id)
    union
    select stored.claim_procedure_id
    from (
        select distinct insurance_plan_id from {{ this }}
        where insurance_plan_id is not null and carrier_id is not null
    ) as insured
    inner join {{ this }} as stored
        on insured.insurance_plan_id = stored.insurance_plan_id
    where not exists (
        select 1 from {{ ref('stg_opendental__insplan') }} as plans
        where plans.insurance_plan_id = insured.insurance_plan_id
    )
)
select distinct claim_procedure_id from changed
{% else %}
select cast(null as signed) as claim_procedure_id from dual where false
{% endif %}
{% endraw %}{%- endset -%}

{%- set delete_rebuilt_claim_procedures -%}{% raw %}
{% if is_incremental() %}
{# the delete list names the target in full (an alias there is resolved in
   the default database, which dbt's connection does not have) #}
delete {{ this }}
from {{ this }}
inner join {{ this.schema }}.fct_claim_procedures__rebuild as rebuild
    on {{ this }}.claim_procedure_id = rebuild.claim_procedure_id
{% else %}
select 1
{% endif %}
{% endraw %}{%- endset -%}

{%- set empty_log_batch -%}{% raw %}
delete from
{{ ref('int_claim_procedures_with_writeoff_options').schema }}.int_claim_procedures_with_writeoff_options__changed_keys
where log_id <= (
    select batch.last_log_id
    from {{ this.schema }}.fct_claim_procedures__log_batch as batch
)
{% endraw %}{%- endset -%}

{{
    config(
        materialized='incremental',
        unique_key='claim_procedure_id',
        pre_hook=[
            create_changed_keys_log, read_log_batch,
            list_rebuilt_claim_procedures, delete_rebuilt_claim_procedures,
        ],
        indexes=[
            {'columns': ['claim_procedure_id'], 'unique': true},
            {'columns': ['procedure_id']},
            {'columns': ['claim_id']},
            {'columns': ['patient_id']},
            {'columns': ['claim_payment_id']},
            {'columns': ['insurance_plan_id', 'carrier_id']},
            {'columns': ['_loaded_at']},
        ],
        post_hook=[
            empty_log_batch,
            "drop temporary table if exists "
            ~ "{{ this.schema }}.fct_claim_procedures__rebuild",
            "drop temporary table if exists "
            ~ "{{ this.schema }}.fct_claim_procedures__log_batch",
        ],
    )
}}

-- depends_on: {{ source('mdc_loader', '_mdc_load_runs') }}

with

claim_procedures as (

    select * from {{ ref('int_claim_procedures_with_writeoff_options') }}
    {% if is_incremental() %}
        where claim_procedure_id in (
            select fct_claim_procedures__rebuild.claim_procedure_id
            from {{ this.schema }}.fct_claim_procedures__rebuild
        )
    {% endif %}

),

claim_procedure_loads as (

    select
        claim_procedure_id,
        _loaded_at
    from {{ ref('stg_opendental__claimproc') }}
    {% if is_incremental() %}
        where claim_procedure_id in (
            select fct_claim_procedures__rebuild.claim_procedure_id
            from {{ this.schema }}.fct_claim_procedures__rebuild
        )
    {% endif %}

),

{# grouped: a lookup materialized once, not the staging view per row #}
plans as (

    select
        insurance_plan_id,
        max(carrier_id) as carrier_id
    from {{ ref('stg_opendental__insplan') }}
    group by insurance_plan_id

),

joined as (

    select
        claim_procedures.claim_procedure_id,
        claim_procedures.claim_id,
        claim_procedures.procedure_id,
        claim_procedures.patient_id,
        claim_procedures.provider_id,
        claim_procedures.clinic_id,
        claim_procedures.insurance_plan_id,
        plans.carrier_id,
        claim_procedures.insurance_subscriber_id,
        claim_procedures.claim_payment_id,
        claim_procedures.payment_plan_id,
        claim_procedures.claim_procedure_status_code,
        claim_procedures.claim_procedure_status,
        claim_procedures.is_finalized,
        claim_procedures.is_in_aging,
        claim_procedures.fee_billed,
        claim_procedures.insurance_payment_estimate,
        claim_procedures.write_off_estimate,
        claim_procedures.insurance_paid_amount,
        claim_procedures.write_off_amount,
        claim_procedures.deductible_applied,
        claim_procedures.procedure_date,
        claim_procedures.insurance_payment_date,
        claim_procedures.check_date,
        claim_procedures.entry_date,
        claim_procedures.supplemental_received_date,
        claim_procedures.insurance_finalized_date,
        claim_procedures.source_updated_at,
        claim_procedure_loads._loaded_at
    from claim_procedures
    inner join claim_procedure_loads
        on
            claim_procedures.claim_procedure_id
            = claim_procedure_loads.claim_procedure_id
    left outer join plans
        on claim_procedures.insurance_plan_id = plans.insurance_plan_id

)

select * from joined
