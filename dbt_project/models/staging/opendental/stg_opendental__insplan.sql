with

source as (

    select * from {{ od_source('insplan') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
insurance_plan_type_codes as (

    select * from {{ ref('opendental__insurance_plan_type') }}

),

cob_rule_codes as (

    select * from {{ ref('opendental__cob_rule') }}

),

ortho_claim_type_codes as (

    select * from {{ ref('opendental__ortho_claim_type') }}

),

ortho_auto_procedure_frequency_codes as (

    select * from {{ ref('opendental__ortho_auto_procedure_frequency') }}

),

exclusion_fee_rule_codes as (

    select * from {{ ref('opendental__exclusion_fee_rule') }}

),

yes_no_unknown_codes as (

    select * from {{ ref('opendental__yes_no_unknown') }}

),

renamed as (

    select
        -- ids
        source.PlanNum as insurance_plan_id,
        {{ od_nullif_zero('source.FeeSched') }} as fee_schedule_id,
        {{ od_nullif_zero('source.ClaimFormNum') }} as claim_form_id,
        {{ od_nullif_zero('source.CopayFeeSched') }} as copay_fee_schedule_id,
        {{ od_nullif_zero('source.EmployerNum') }} as employer_id,
        {{ od_nullif_zero('source.CarrierNum') }} as carrier_id,
        {{ od_nullif_zero('source.AllowedFeeSched') }}
            as allowed_fee_schedule_id,
        {{ od_nullif_zero('source.FilingCode') }} as filing_code_id,
        {{ od_nullif_zero('source.FilingCodeSubtype') }}
            as filing_code_subtype_id,
        {{ od_nullif_zero('source.SecUserNumEntry') }} as created_by_user_id,
        {{ od_nullif_zero('source.OrthoAutoProcCodeNumOverride') }}
            as ortho_auto_procedure_code_id,
        {{ od_nullif_zero('source.BillingType') }} as billing_type_def_id,
        {{ od_nullif_zero('source.ManualFeeSchedNum') }}
            as manual_fee_schedule_id,

        -- strings
        {{ od_string('source.GroupName') }} as group_name,
        {{ od_string('source.GroupNum') }} as group_number,
        {{ od_string('source.PlanNote') }} as plan_note,
        {{ od_string('source.TrojanID') }} as trojan_identifier,
        {{ od_string('source.DivisionNo') }} as division_number,
        {{ od_string('source.RxBIN') }} as rx_bin,
        {{ od_string('source.SopCode') }} as sop_code,

        -- numerics
        source.MonthRenew as renewal_month,
        {{ od_money('source.OrthoAutoFeeBilled') }} as ortho_auto_fee_billed,
        source.OrthoAutoClaimDaysWait as ortho_auto_claim_days_wait,
        {{ od_money('source.PerVisitPatAmount') }} as per_visit_patient_amount,
        {{ od_money('source.PerVisitInsAmount') }}
            as per_visit_insurance_amount,

        -- codes
        {{ od_string('source.PlanType') }} as plan_type_code,
        insurance_plan_type_codes.label as plan_type,
        source.CobRule as cob_rule_code,
        cob_rule_codes.label as cob_rule,
        source.OrthoType as ortho_claim_type_code,
        ortho_claim_type_codes.label as ortho_claim_type,
        source.OrthoAutoProcFreq as ortho_auto_procedure_frequency_code,
        ortho_auto_procedure_frequency_codes.label
            as ortho_auto_procedure_frequency,
        source.ExclusionFeeRule as exclusion_fee_rule_code,
        exclusion_fee_rule_codes.label as exclusion_fee_rule,
        source.InsPlansZeroWriteOffsOnAnnualMaxOverride
            as zero_write_off_at_annual_max_code,
        annual_max_answers.label as zero_write_off_at_annual_max,
        source.InsPlansZeroWriteOffsOnFreqOrAgingOverride
            as zero_write_off_at_frequency_limit_code,
        frequency_answers.label as zero_write_off_at_frequency_limit,

        -- booleans
        {{ od_bool('source.UseAltCode') }} as is_alternate_code_used,
        {{ od_bool('source.ClaimsUseUCR') }} as is_ucr_fee_on_claims,
        {{ od_bool('source.IsMedical') }} as is_medical,
        {{ od_bool('source.ShowBaseUnits') }} as is_base_units_shown,
        {{ od_bool('source.CodeSubstNone') }} as has_no_code_substitution,
        {{ od_bool('source.IsHidden') }} as is_hidden,
        {{ od_bool('source.HideFromVerifyList') }}
            as is_hidden_from_verify_list,
        {{ od_bool('source.HasPpoSubstWriteoffs') }}
            as has_ppo_substitution_write_offs,
        {{ od_bool('source.IsBlueBookEnabled') }} as is_blue_book_enabled,

        -- dates
        {{ od_date('source.SecDateEntry') }} as created_date,

        -- timestamps
        {{ od_datetime('source.SecDateTEdit') }} as source_updated_at,

        -- metadata
        source._loaded_at

    from source
    left outer join insurance_plan_type_codes
        -- the seed holds OpenDental's empty code as NULL
        on
            nullif({{ od_string('source.PlanType') }}, '')
            <=> insurance_plan_type_codes.code
    left outer join cob_rule_codes
        on source.CobRule = cob_rule_codes.code
    left outer join ortho_claim_type_codes
        on source.OrthoType = ortho_claim_type_codes.code
    left outer join ortho_auto_procedure_frequency_codes
        on source.OrthoAutoProcFreq = ortho_auto_procedure_frequency_codes.code
    left outer join exclusion_fee_rule_codes
        on source.ExclusionFeeRule = exclusion_fee_rule_codes.code
    left outer join yes_no_unknown_codes as annual_max_answers
        on
            source.InsPlansZeroWriteOffsOnAnnualMaxOverride
            = annual_max_answers.code
    left outer join yes_no_unknown_codes as frequency_answers
        on
            source.InsPlansZeroWriteOffsOnFreqOrAgingOverride
            = frequency_answers.code

)

select * from renamed
