{#-
    Every claim procedure (claimproc row) with the facts the finance marts
    decide on: the status of its procedure (aging only counts claim procedures
    of completed procedures or "by total" payments without a procedure), its
    insurance check (P&I insurance income needs a finalized claimpayment), and
    the date its write-off counts on under OpenDental's write-off options 0
    (insurance payment date) and 1 (procedure date). Option 2 (initial claim
    date) needs the claim snapshots: int_claim_snapshots_joined_to_claim_procedures.

    Incremental by claim procedure; the change set of the claim-procedure
    grain is computed here, once, and fct_claim_procedures reads it
    (DECISIONLOG F17). The watermark is the load watermark of the
    inputs this table last read (..__watermark). A run rebuilds the claim
    procedures
      - whose claimproc row was loaded after the watermark,
      - of a procedure loaded after it, or of a procedure one of whose
        claim procedures was loaded after it or is gone (the procedure's
        capitation write-off load time is part of `_loaded_at`),
      - of a claim payment loaded after it; finalized ones of a claim
        payment that is gone,
      - gone from claimproc (removed, not rebuilt).
      pre-hook 1  claim procedures to rebuild -> temporary table ..__rebuild;
                  the next watermark -> temporary ..__next_watermark
      pre-hook 2  append them to ..__changed_keys (a full build appends -1);
                  read and emptied by fct_claim_procedures
      pre-hook 3  delete their rows
      model       their rows, recomputed
      post-hook   store the watermark
-#}
{%- set list_rebuilt_claim_procedures -%}{% raw %}
create or replace temporary table
{{ this.schema }}.int_claim_procedures_with_writeoff_options__rebuild
(primary key (claim_procedure_id))
{% if is_incremental() %}
with
watermark as (
    select coalesce(max(loaded_at), '1900-01-01') as loaded_at
    from {{ this.schema }}.int_claim_procedures_with_writeoff_options__watermark
),
loaded_claim_procedures as (
    select claim_procedure_id, procedure_id
    from {{ ref('stg_opendental__claimproc') }}
    where _loaded_at > (select loaded_at from watermark)
),
{# the raw table's primary key, not the staging view (whose code-label
   joins cost a lookup per stored row); staging keeps every raw row #}
gone_claim_procedures as (
    select stored.claim_procedure_id, stored.procedure_id
    from {{ this }} as stored
    where not exists (
        select 1 from {{ source('opendental', 'claimproc') }} as source
        where source.ClaimProcNum = stored.claim_procedure_id
    )
),
changed_procedures as (
    select procedure_id from {{ ref('stg_opendental__procedurelog') }}
    where _loaded_at > (select loaded_at from watermark)
    union
    select procedure_id from loaded_claim_procedures
    union
    select stored.procedure_id
    from loaded_claim_procedures
    inner join {{ this }} as stored
        on loaded_claim_procedures.claim_procedure_id = stored.claim_procedure_id
    union
    select procedure_id from gone_claim_procedures
),
changed as (
    select claim_procedure_id from loaded_claim_procedures
    union
    select claim_procedure_id from gone_claim_procedures
    union
    select stored.claim_procedure_id
    from changed_procedures
    inner join {{ this }} as stored
        on changed_procedures.procedure_id = stored.procedure_id
    union
    select stored.claim_procedure_id
    from {{ ref('stg_opendental__claimpayment') }} as claim_payments
    inner join {{ this }} as stored
        on claim_payments.claim_payment_id = stored.claim_payment_id
    where claim_payments._loaded_at > (select loaded_at from watermark)
    union
    select stored.claim_procedure_id
    from (
        select distinct claim_payment_id from {{ this }}
        where claim_payment_id is not null and is_finalized
    ) as paid
    inner join {{ this }} as stored
        on paid.claim_payment_id = stored.claim_payment_id
    where not exists (
        select 1 from {{ source('opendental', 'claimpayment') }} as source
        where source.ClaimPaymentNum = paid.claim_payment_id
    )
)
select distinct claim_procedure_id from changed
{% else %}
select cast(null as signed) as claim_procedure_id from dual where false
{% endif %}
{% endraw %}{%- endset -%}

{#- The newest load time this run reads (only rows after the old watermark
    are scanned on an incremental run), extended to the end of its load run
    as load_watermark does. -#}
{%- set compute_next_watermark -%}{% raw %}
{%- set after = ' where _loaded_at > (select loaded_at from watermark)'
    if is_incremental() else '' -%}
create or replace temporary table
{{ this.schema }}.int_claim_procedures_with_writeoff_options__next_watermark
{% if is_incremental() %}
with
watermark as (
    select coalesce(max(loaded_at), '1900-01-01') as loaded_at
    from {{ this.schema }}.int_claim_procedures_with_writeoff_options__watermark
)
{% endif %}
{{ load_watermark(
    '(select max(inputs._loaded_at) as _loaded_at from ('
    ~ ' select max(_loaded_at) as _loaded_at from '
    ~ ref('stg_opendental__claimproc') ~ after
    ~ ' union all select max(_loaded_at) from '
    ~ ref('stg_opendental__procedurelog') ~ after
    ~ ' union all select max(_loaded_at) from '
    ~ ref('stg_opendental__claimpayment') ~ after
    ~ (' union all select loaded_at from watermark' if is_incremental() else '')
    ~ ') as inputs) as read_inputs'
) }}
{% endraw %}{%- endset -%}

{%- set log_changed_keys -%}{% raw %}
create table if not exists
{{ this.schema }}.int_claim_procedures_with_writeoff_options__changed_keys (
    log_id bigint not null auto_increment primary key,
    claim_procedure_id bigint not null
)
{% endraw %}{%- endset -%}

{%- set append_changed_keys -%}{% raw %}
insert into
{{ this.schema }}.int_claim_procedures_with_writeoff_options__changed_keys
(claim_procedure_id)
{% if is_incremental() %}
select claim_procedure_id
from {{ this.schema }}.int_claim_procedures_with_writeoff_options__rebuild
{% else %}
select -1
{% endif %}
{% endraw %}{%- endset -%}

{%- set delete_rebuilt_claim_procedures -%}{% raw %}
{% if is_incremental() %}
delete {{ this }}
from {{ this }}
inner join
    {{ this.schema }}.int_claim_procedures_with_writeoff_options__rebuild
    as rebuild
    on {{ this }}.claim_procedure_id = rebuild.claim_procedure_id
{% else %}
select 1
{% endif %}
{% endraw %}{%- endset -%}

{%- set store_watermark -%}{% raw %}
create or replace table
{{ this.schema }}.int_claim_procedures_with_writeoff_options__watermark
select cast(loaded_at as datetime(6)) as loaded_at
from {{ this.schema }}.int_claim_procedures_with_writeoff_options__next_watermark
{% endraw %}{%- endset -%}

{{
    config(
        materialized='incremental',
        unique_key='claim_procedure_id',
        pre_hook=[
            list_rebuilt_claim_procedures, compute_next_watermark,
            log_changed_keys, append_changed_keys,
            delete_rebuilt_claim_procedures,
        ],
        indexes=[
            {'columns': ['claim_procedure_id'], 'unique': true},
            {'columns': ['patient_id']},
            {'columns': ['procedure_id']},
            {'columns': ['claim_payment_id']},
        ],
        post_hook=[
            store_watermark,
            "drop temporary table if exists {{ this.schema }}."
            ~ "int_claim_procedures_with_writeoff_options__rebuild",
            "drop temporary table if exists {{ this.schema }}."
            ~ "int_claim_procedures_with_writeoff_options__next_watermark",
        ],
    )
}}

-- depends_on: {{ source('mdc_loader', '_mdc_load_runs') }}
-- depends_on: {{ source('opendental', 'claimproc') }}
-- depends_on: {{ source('opendental', 'claimpayment') }}
-- depends_on: {{ ref('stg_opendental__procedurelog') }}

with

claim_procedures as (

    select * from {{ ref('stg_opendental__claimproc') }}
    {% if is_incremental() %}
        where claim_procedure_id in (
            select rebuild.claim_procedure_id
            from {{ this.schema }}.int_claim_procedures_with_writeoff_options__rebuild
                as rebuild
        )
    {% endif %}

),

procedures as (

    select * from {{ ref('int_procedures_with_capitation_writeoffs') }}

),

claim_payments as (

    select * from {{ ref('stg_opendental__claimpayment') }}

),

joined as (

    select
        claim_procedures.claim_procedure_id,
        claim_procedures.claim_id,
        claim_procedures.procedure_id,
        claim_procedures.patient_id,
        coalesce(claim_procedures.provider_id, 0) as provider_id,
        claim_procedures.clinic_id,
        claim_procedures.claim_payment_id,
        claim_procedures.payment_plan_id,
        claim_procedures.insurance_plan_id,
        claim_procedures.insurance_subscriber_id,
        claim_procedures.claim_procedure_status_code,
        claim_procedures.claim_procedure_status,
        claim_procedures.fee_billed,
        claim_procedures.insurance_payment_estimate,
        claim_procedures.insurance_paid_amount,
        claim_procedures.write_off_amount,
        claim_procedures.deductible_applied,
        coalesce(
            claim_procedures.write_off_estimate_override,
            claim_procedures.write_off_estimate
        ) as write_off_estimate,
        claim_procedures.procedure_date,
        claim_procedures.insurance_payment_date,
        claim_procedures.entry_date,
        claim_procedures.supplemental_received_date,
        claim_procedures.insurance_finalized_date,
        claim_payments.check_date,
        claim_payments.claim_payment_id is not null as is_finalized,
        procedures.procedure_status_code,
        procedures.procedure_date as procedure_service_date,
        coalesce(procedures.provider_id, 0) as procedure_provider_id,
        procedures.clinic_id as procedure_clinic_id,
        {# Aging (Ledgers.GetTransQueryString): statuses NotReceived,
            Received, Supplemental, CapClaim, CapComplete, of a completed
            procedure or of no procedure ("by total" payments). #}
        claim_procedures.claim_procedure_status_code in (0, 1, 4, 5, 7)
        and (
            claim_procedures.procedure_id is null
            or procedures.procedure_status_code = 2
        ) as is_in_aging,
        case
            when claim_procedures.claim_procedure_status_code in (1, 4)
                then claim_procedures.insurance_payment_date
        end as writeoff_date_by_insurance_payment,
        case
            when claim_procedures.claim_procedure_status_code in (0, 1, 4)
                then claim_procedures.procedure_date
        end as writeoff_date_by_procedure,
        claim_procedures.source_updated_at,
        greatest(
            claim_procedures._loaded_at,
            coalesce(procedures._loaded_at, claim_procedures._loaded_at),
            coalesce(claim_payments._loaded_at, claim_procedures._loaded_at)
        ) as _loaded_at
    from claim_procedures
    left outer join procedures
        on claim_procedures.procedure_id = procedures.procedure_id
    left outer join claim_payments
        on claim_procedures.claim_payment_id = claim_payments.claim_payment_id

)

select * from joined
