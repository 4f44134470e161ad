{#-
    Every insurance claim (claim), labelled, with its totals as OpenDental
    rolls them up from the claim's procedures, its carrier, and how many
    claim procedures it has.

    Incremental by claim (DECISIONLOG F13). `_loaded_at` is the load time
    of the claim row; the newest one here is the watermark. A run rebuilds
    the claims
      - whose claim row, or one of whose claim procedures, was loaded after
        the watermark,
      - whose insurance plan, loaded after it, has another carrier now, or
        was hard-deleted,
      - whose stored claim procedure count is no longer the current one (a
        claim procedure hard-deleted or moved to another claim): one
        index-only pass over claimproc's ClaimNum,
      - gone from claim (removed, not rebuilt).
      pre-hook 1  claims to rebuild -> temporary table fct_claims__rebuild
      pre-hook 2  delete their rows
      model       their rows, recomputed (dbt then deletes by key, inserts)
-#}
{%- set list_rebuilt_claims -%}{% raw %}
create or replace temporary table {{ this.schema }}.fct_claims__rebuild
(primary key (claim_id))
{% if is_incremental() %}
with
watermark as (
    {{ load_watermark(this) }}
),
changed as (
    select claim_id from {{ ref('stg_opendental__claim') }}
    where _loaded_at > (select loaded_at from watermark)
    union
    select claim_id from {{ ref('stg_opendental__claimproc') }}
    where
        _loaded_at > (select loaded_at from watermark)
        and claim_id is not null
    union
    select stored.claim_id
    from {{ ref('stg_opendental__insplan') }} as plans
    inner join {{ this }} as stored
        on plans.insurance_plan_id = stored.insurance_plan_id
    where
        plans._loaded_at > (select loaded_at from watermark)
        and not (plans.carrier_id <=> stored.carrier_id)
    union
    select stored.claim_id
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
    select stored.claim_id
    from {{ this }} as stored
    left outer join (
        select
            claim_id,
            count(*) as claim_procedure_count
        from {{ ref('stg_opendental__claimproc') }}
        where claim_id is not null
        group by claim_id
    ) as line_counts
        on stored.claim_id = line_counts.claim_id
    where
        stored.claim_procedure_count
        != coalesce(line_counts.claim_procedure_count, 0)
    union
    select stored.claim_id from {{ this }} as stored
    where not exists (
        select 1 from {{ ref('stg_opendental__claim') }} as claims
        where claims.claim_id = stored.claim_id
    )
)
select distinct claim_id from changed
{% else %}
select cast(null as signed) as claim_id from dual where false
{% endif %}
{% endraw %}{%- endset -%}

{%- set delete_rebuilt_claims -%}{% raw %}
{% if is_incremental() %}
{# the delete list names the target in full (an alias there is resolved in
   the default database, which dbt's connection does not have) #}
delete {{ this }}
from {{ this }}
inner join {{ this.schema }}.fct_claims__rebuild as rebuild
    on {{ this }}.claim_id = rebuild.claim_id
{% else %}
select 1
{% endif %}
{% endraw %}{%- endset -%}

{{
    config(
        materialized='incremental',
        unique_key='claim_id',
        pre_hook=[list_rebuilt_claims, delete_rebuilt_claims],
        indexes=[
            {'columns': ['claim_id'], 'unique': true},
            {'columns': ['patient_id']},
            {'columns': ['service_date', 'clinic_id']},
            {'columns': ['insurance_plan_id', 'carrier_id']},
            {'columns': ['_loaded_at']},
        ],
        post_hook=[
            "drop temporary table if exists {{ this.schema }}.fct_claims__rebuild",
        ],
    )
}}
-- depends_on: {{ source('mdc_loader', '_mdc_load_runs') }}

with

claims as (

    select * from {{ ref('stg_opendental__claim') }}
    {% if is_incremental() %}
        where claim_id in (
            select fct_claims__rebuild.claim_id
            from {{ this.schema }}.fct_claims__rebuild
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

claim_procedures as (

    select * from {{ ref('stg_opendental__claimproc') }}
    {% if is_incremental() %}
        where claim_id in (
            select fct_claims__rebuild.claim_id
            from {{ this.schema }}.fct_claims__rebuild
        )
    {% endif %}

),

claim_line_counts as (

    select
        claim_id,
        count(*) as claim_procedure_count
    from claim_procedures
    where claim_id is not null
    group by claim_id

),

joined as (

    select
        claims.claim_id,
        claims.patient_id,
        claims.insurance_plan_id,
        plans.carrier_id,
        claims.insurance_subscriber_id,
        claims.clinic_id,
        claims.claim_status_code,
        claims.claim_status,
        claims.claim_type_code,
        claims.claim_type,
        claims.claim_fee,
        claims.insurance_payment_estimate,
        claims.insurance_paid_amount,
        claims.write_off_amount,
        claims.deductible_applied,
        claims.service_date,
        claims.sent_date,
        claims.original_sent_date,
        claims.received_date,
        claims.created_date,
        claims.source_updated_at,
        claims._loaded_at,
        coalesce(claims.treating_provider_id, 0) as treating_provider_id,
        coalesce(claims.billing_provider_id, 0) as billing_provider_id,
        coalesce(claim_line_counts.claim_procedure_count, 0)
            as claim_procedure_count
    from claims
    left outer join plans
        on claims.insurance_plan_id = plans.insurance_plan_id
    left outer join claim_line_counts
        on claims.claim_id = claim_line_counts.claim_id

)

select * from joined
