{#-
    Every claim procedure (claimproc row) with the facts the finance marts
    decide on: the status of its procedure (aging only counts claim procedures
    of completed procedures or "by total" payments without a procedure), its
    insurance check (P&I insurance income needs a finalized claimpayment), and
    the date its write-off counts on under OpenDental's write-off options 0
    (insurance payment date) and 1 (procedure date). Option 2 (initial claim
    date) needs the claim snapshots: int_claim_snapshots_joined_to_claim_procedures.
-#}
{# A table (indexed), not ephemeral: several finance models read it. #}
{{
    config(
        materialized='table',
        indexes=[
            {'columns': ['claim_procedure_id'], 'unique': true},
            {'columns': ['patient_id']},
        ],
    )
}}

with

claim_procedures as (

    select * from {{ ref('stg_opendental__claimproc') }}

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
