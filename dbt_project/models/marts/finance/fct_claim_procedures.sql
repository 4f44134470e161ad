{#-
    Every claim procedure (claimproc row): one per procedure and insurance
    plan (estimates, claim lines, supplemental payments, "by total" payments
    without a procedure, capitation, preauthorizations, benefit adjustments,
    insurance history), labelled, with the insurance estimate and write-off
    estimate that count (-1 "blank" sentinels are NULL) and every date.
-#}
{{
    config(
        indexes=[
            {'columns': ['claim_procedure_id'], 'unique': true},
            {'columns': ['procedure_id']},
            {'columns': ['claim_id']},
            {'columns': ['patient_id']},
        ],
    )
}}

with

claim_procedures as (

    select * from {{ ref('int_claim_procedures_with_writeoff_options') }}

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
        claim_procedures.source_updated_at
    from claim_procedures
    left outer join plans
        on claim_procedures.insurance_plan_id = plans.insurance_plan_id

)

select * from joined
