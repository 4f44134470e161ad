with

source as (

    select * from {{ od_source('claimproc') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
claim_procedure_status_codes as (

    select * from {{ ref('opendental__claim_procedure_status') }}

),

renamed as (

    select
        -- ids
        source.ClaimProcNum as claim_procedure_id,
        {{ od_nullif_zero('source.ProcNum') }} as procedure_id,
        {{ od_nullif_zero('source.ClaimNum') }} as claim_id,
        {{ od_nullif_zero('source.PatNum') }} as patient_id,
        {{ od_nullif_zero('source.ProvNum') }} as provider_id,
        {{ od_nullif_zero('source.ClaimPaymentNum') }} as claim_payment_id,
        {{ od_nullif_zero('source.PlanNum') }} as insurance_plan_id,
        source.ClinicNum as clinic_id,
        {{ od_nullif_zero('source.InsSubNum') }} as insurance_subscriber_id,
        {{ od_nullif_zero('source.PayPlanNum') }} as payment_plan_id,
        {{ od_nullif_zero('source.ClaimPaymentTracking') }}
            as claim_payment_tracking_def_id,
        {{ od_nullif_zero('source.SecUserNumEntry') }} as created_by_user_id,

        -- strings
        {{ od_string('source.CodeSent') }} as code_sent,
        {{ od_string('source.ClaimAdjReasonCodes') }}
            as claim_adjustment_reason_codes,

        -- numerics
        {{ od_money('source.FeeBilled') }} as fee_billed,
        {{ od_money('source.InsPayEst') }} as insurance_payment_estimate,
        {{ od_money('source.DedApplied') }} as deductible_applied,
        {{ od_money('source.InsPayAmt') }} as insurance_paid_amount,
        {{ od_money('source.WriteOff') }} as write_off_amount,
        {{ od_money(od_nullif_sentinel('source.AllowedOverride')) }}
            as allowed_override_amount,
        {{ od_nullif_sentinel('source.Percentage') }} as coverage_percent,
        {{ od_nullif_sentinel('source.PercentOverride') }}
            as coverage_percent_override,
        {{ od_money(od_nullif_sentinel('source.CopayAmt')) }} as copay_amount,
        {{ od_money(od_nullif_sentinel('source.PaidOtherIns')) }}
            as paid_other_insurance_amount,
        {{ od_money('source.BaseEst') }} as base_estimate,
        {{ od_money(od_nullif_sentinel('source.CopayOverride')) }}
            as copay_override_amount,
        source.LineNumber as line_number,
        {{ od_money(od_nullif_sentinel('source.DedEst')) }}
            as deductible_estimate,
        {{ od_money(od_nullif_sentinel('source.DedEstOverride')) }}
            as deductible_estimate_override,
        {{ od_money('source.InsEstTotal') }} as insurance_estimate_total,
        {{ od_money(od_nullif_sentinel('source.InsEstTotalOverride')) }}
            as insurance_estimate_total_override,
        {{ od_money(od_nullif_sentinel('source.PaidOtherInsOverride')) }}
            as paid_other_insurance_override,
        {{ od_money(od_nullif_sentinel('source.WriteOffEst')) }}
            as write_off_estimate,
        {{ od_money(od_nullif_sentinel('source.WriteOffEstOverride')) }}
            as write_off_estimate_override,
        source.PaymentRow as payment_row,

        -- codes
        source.Status as claim_procedure_status_code,
        claim_procedure_status_codes.label as claim_procedure_status,

        -- booleans
        {{ od_bool('source.NoBillIns') }} as is_not_billed_to_insurance,
        {{ od_bool('source.IsTransfer') }} as is_transfer,
        {{ od_bool('source.IsOverpay') }} as is_overpayment,

        -- dates
        {{ od_date('source.DateCP') }} as insurance_payment_date,
        {{ od_date('source.ProcDate') }} as procedure_date,
        {{ od_date('source.DateEntry') }} as entry_date,
        {{ od_date('source.SecDateEntry') }} as created_date,
        {{ od_date('source.DateSuppReceived') }} as supplemental_received_date,
        {{ od_date('source.DateInsFinalized') }} as insurance_finalized_date,

        -- timestamps
        {{ od_datetime('source.SecDateTEdit') }} as source_updated_at,

        -- metadata
        source._loaded_at

    from source
    left outer join claim_procedure_status_codes
        on source.Status = claim_procedure_status_codes.code

)

select * from renamed
