{#-
    Every insurance claim (claim), labelled, with its totals as OpenDental
    rolls them up from the claim's procedures, its carrier, and how many
    claim procedures it has.
-#}
{{
    config(
        indexes=[
            {'columns': ['claim_id'], 'unique': true},
            {'columns': ['patient_id']},
            {'columns': ['service_date', 'clinic_id']},
        ],
    )
}}

with

claims as (

    select * from {{ ref('stg_opendental__claim') }}

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
