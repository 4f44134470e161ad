{#-
    Insurance payments: the received claim procedures (status Received or
    Supplemental), finalized into an insurance check (claimpayment) or not
    yet, with the check date. OpenDental's P&I counts insurance income only
    once finalized, on the check date; the aging credits it on DateCP either
    way.
-#}
{{
    config(
        indexes=[
            {'columns': ['claim_procedure_id'], 'unique': true},
            {'columns': ['patient_id']},
            {'columns': ['check_date', 'provider_id', 'clinic_id']},
        ],
    )
}}

with

claim_procedures as (

    select * from {{ ref('fct_claim_procedures') }}

),

received as (

    select
        claim_procedure_id,
        claim_id,
        procedure_id,
        patient_id,
        provider_id,
        clinic_id,
        insurance_plan_id,
        carrier_id,
        claim_payment_id,
        claim_procedure_status_code,
        claim_procedure_status,
        is_finalized,
        insurance_paid_amount,
        write_off_amount,
        insurance_payment_estimate,
        deductible_applied,
        procedure_date,
        insurance_payment_date,
        check_date,
        entry_date as received_date,
        supplemental_received_date,
        insurance_finalized_date,
        claim_procedure_status_code = 4 as is_supplemental,
        procedure_id is null as is_paid_by_total
    from claim_procedures
    where claim_procedure_status_code in (1, 4)

)

select * from received
