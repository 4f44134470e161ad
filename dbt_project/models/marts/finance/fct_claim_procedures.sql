{#-
    Every claim procedure (claimproc row): one per procedure and insurance
    plan (estimates, claim lines, supplemental payments, "by total" payments
    without a procedure, capitation, preauthorizations, benefit adjustments,
    insurance history), labelled, with the insurance estimate and write-off
    estimate that count (-1 "blank" sentinels are NULL) and every date.

    Incremental by claim procedure (DECISIONLOG F13). `_loaded_at` is the
    load time of the claimproc row; the newest one here is the watermark.
    A run rebuilds the claim procedures
      - whose claimproc row was loaded after the watermark,
      - whose procedure (its status decides is_in_aging) or claim payment
        (is_finalized, check_date) was loaded after it, or whose insurance
        plan, loaded after it, has another carrier now,
      - whose claim payment or insurance plan was hard-deleted (finalized
        rows of a payment that is gone, carriers of a plan that is gone),
      - gone from claimproc (removed, not rebuilt).
      pre-hook 1  claim procedures to rebuild -> temporary table
                  fct_claim_procedures__rebuild
      pre-hook 2  delete their rows
      model       their rows, recomputed (dbt then deletes by key, inserts)
    Insurance plans are row inputs, not global ones: new plans arrive every
    day, and a plan changes only its own claim procedures.
-#}
{%- set list_rebuilt_claim_procedures -%}{% raw %}
create or replace temporary table {{ this.schema }}.fct_claim_procedures__rebuild
(primary key (claim_procedure_id))
{% if is_incremental() %}
with
watermark as (
    {{ load_watermark(this) }}
),
changed as (
    select claim_procedure_id from {{ ref('stg_opendental__claimproc') }}
    where _loaded_at > (select loaded_at from watermark)
    union
    select stored.claim_procedure_id
    from {{ ref('stg_opendental__procedurelog') }} as procedures
    inner join {{ this }} as stored
        on procedures.procedure_id = stored.procedure_id
    where procedures._loaded_at > (select loaded_at from watermark)
    union
    select stored.claim_procedure_id
    from {{ ref('stg_opendental__claimpayment') }} as claim_payments
    inner join {{ this }} as stored
        on claim_payments.claim_payment_id = stored.claim_payment_id
    where claim_payments._loaded_at > (select loaded_at from watermark)
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
        select distinct claim_payment_id from {{ this }}
        where claim_payment_id is not null
    ) as paid
    inner join {{ this }} as stored
        on paid.claim_payment_id = stored.claim_payment_id
    where
        stored.is_finalized
        and not exists (
            select 1 from {{ ref('stg_opendental__claimpayment') }} as claim_payments
            where claim_payments.claim_payment_id = paid.claim_payment_id
        )
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
    union
    {# the indexed table of every claimproc, not the staging view (whose
       code-label joins cost a lookup per stored row) #}
    select stored.claim_procedure_id from {{ this }} as stored
    where not exists (
        select 1
        from {{ ref('int_claim_procedures_with_writeoff_options') }}
            as claim_procedures
        where claim_procedures.claim_procedure_id = stored.claim_procedure_id
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

{{
    config(
        materialized='incremental',
        unique_key='claim_procedure_id',
        pre_hook=[list_rebuilt_claim_procedures, delete_rebuilt_claim_procedures],
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
            "drop temporary table if exists "
            ~ "{{ this.schema }}.fct_claim_procedures__rebuild",
        ],
    )
}}

-- depends_on: {{ ref('stg_opendental__procedurelog') }}
-- depends_on: {{ ref('stg_opendental__claimpayment') }}
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
