with

source as (

    select * from {{ od_source('claim') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
claim_status_codes as (

    select * from {{ ref('opendental__claim_status') }}

),

prosthesis_codes as (

    select * from {{ ref('opendental__prosthesis') }}

),

claim_type_codes as (

    select * from {{ ref('opendental__claim_type') }}

),

place_of_service_codes as (

    select * from {{ ref('opendental__place_of_service') }}

),

accident_related_codes as (

    select * from {{ ref('opendental__accident_related') }}

),

yes_no_unknown_codes as (

    select * from {{ ref('opendental__yes_no_unknown') }}

),

relationship_codes as (

    select * from {{ ref('opendental__relationship') }}

),

claim_special_program_codes as (

    select * from {{ ref('opendental__claim_special_program') }}

),

claim_medical_type_codes as (

    select * from {{ ref('opendental__claim_medical_type') }}

),

claim_correction_type_codes as (

    select * from {{ ref('opendental__claim_correction_type') }}

),

illness_date_qualifier_codes as (

    select * from {{ ref('opendental__illness_date_qualifier') }}

),

other_date_qualifier_codes as (

    select * from {{ ref('opendental__other_date_qualifier') }}

),

renamed as (

    select
        -- ids
        source.ClaimNum as claim_id,
        {{ od_nullif_zero('source.PatNum') }} as patient_id,
        {{ od_nullif_zero('source.PlanNum') }} as insurance_plan_id,
        {{ od_nullif_zero('source.ProvTreat') }} as treating_provider_id,
        {{ od_nullif_zero('source.ProvBill') }} as billing_provider_id,
        {{ od_nullif_zero('source.ReferringProv') }} as referring_referral_id,
        {{ od_nullif_zero('source.PlanNum2') }} as other_insurance_plan_id,
        source.ClinicNum as clinic_id,
        {{ od_nullif_zero('source.ClaimForm') }} as claim_form_id,
        {{ od_nullif_zero('source.InsSubNum') }} as insurance_subscriber_id,
        {{ od_nullif_zero('source.InsSubNum2') }}
            as other_insurance_subscriber_id,
        {{ od_nullif_zero('source.CustomTracking') }} as custom_tracking_def_id,
        {{ od_nullif_zero('source.ProvOrderOverride') }}
            as ordering_provider_id,
        {{ od_nullif_zero('source.SecUserNumEntry') }} as created_by_user_id,
        {{ od_nullif_zero('source.OrderingReferralNum') }}
            as ordering_referral_id,

        -- strings
        {{ od_string('source.PreAuthString') }} as preauthorization_number,
        {{ od_string('source.ReasonUnderPaid') }} as reason_underpaid,
        {{ od_string('source.RefNumString') }} as referral_number,
        {{ od_string('source.AccidentST') }} as accident_state,
        {{ od_string('source.AttachedFlags') }} as attached_flags,
        {{ od_string('source.AttachmentID') }} as attachment_identifier,
        {{ od_string('source.PriorAuthorizationNumber') }}
            as prior_authorization_number,
        {{ od_string('source.UniformBillType') }} as uniform_bill_type,
        {{ od_string('source.AdmissionTypeCode') }} as admission_type_code,
        {{ od_string('source.AdmissionSourceCode') }} as admission_source_code,
        {{ od_string('source.PatientStatusCode') }} as discharge_status_code,
        {{ od_string('source.ClaimIdentifier') }} as claim_identifier,
        {{ od_string('source.OrigRefNum') }} as original_reference_number,

        -- numerics
        {{ od_money('source.ClaimFee') }} as claim_fee,
        {{ od_money('source.InsPayEst') }} as insurance_payment_estimate,
        {{ od_money('source.InsPayAmt') }} as insurance_paid_amount,
        {{ od_money('source.DedApplied') }} as deductible_applied,
        source.OrthoRemainM as ortho_months_remaining,
        {{ od_money('source.WriteOff') }} as write_off_amount,
        source.Radiographs as radiograph_count,
        source.AttachedImages as attached_image_count,
        source.AttachedModels as attached_model_count,
        source.OrthoTotalM as ortho_months_total,
        {{ od_money('source.ShareOfCost') }} as share_of_cost,

        -- codes
        {{ od_string('source.ClaimStatus') }} as claim_status_code,
        claim_status_codes.label as claim_status,
        {{ od_string('source.IsProsthesis') }} as prosthesis_code,
        prosthesis_codes.label as prosthesis,
        {{ od_string('source.ClaimType') }} as claim_type_code,
        claim_type_codes.label as claim_type,
        source.PlaceService as place_of_service_code,
        place_of_service_codes.label as place_of_service,
        {{ od_string('source.AccidentRelated') }} as accident_related_code,
        accident_related_codes.label as accident_related,
        source.EmployRelated as employment_related_code,
        yes_no_unknown_codes.label as employment_related,
        source.PatRelat as patient_relationship_code,
        patient_relationships.label as patient_relationship,
        source.PatRelat2 as other_patient_relationship_code,
        other_relationships.label as other_patient_relationship,
        source.SpecialProgramCode as special_program_code,
        claim_special_program_codes.label as special_program,
        source.MedType as medical_type_code,
        claim_medical_type_codes.label as medical_type,
        source.CorrectionType as correction_type_code,
        claim_correction_type_codes.label as correction_type,
        source.DateIllnessInjuryPregQualifier
            as illness_onset_date_qualifier_code,
        illness_date_qualifier_codes.label as illness_onset_date_qualifier,
        source.DateOtherQualifier as other_date_qualifier_code,
        other_date_qualifier_codes.label as other_date_qualifier,

        -- booleans
        {{ od_bool('source.IsOrtho') }} as is_ortho,
        {{ od_bool('source.IsOutsideLab') }} as is_outside_lab,

        -- dates
        {{ od_date('source.DateService') }} as service_date,
        {{ od_date('source.DateSent') }} as sent_date,
        {{ od_date('source.DateReceived') }} as received_date,
        {{ od_date('source.PriorDate') }} as prior_prosthesis_date,
        {{ od_date('source.AccidentDate') }} as accident_date,
        {{ od_date('source.OrthoDate') }} as ortho_placement_date,
        {{ od_date('source.DateResent') }} as resent_date,
        {{ od_date('source.SecDateEntry') }} as created_date,
        {{ od_date('source.DateSentOrig') }} as original_sent_date,
        {{ od_date('source.DateIllnessInjuryPreg') }} as illness_onset_date,
        {{ od_date('source.DateOther') }} as other_date,

        -- timestamps
        {{ od_datetime('source.SecDateTEdit') }} as source_updated_at,

        -- metadata
        source._loaded_at

    from source
    left outer join claim_status_codes
        on {{ od_string('source.ClaimStatus') }} = claim_status_codes.code
    left outer join prosthesis_codes
        -- the seed holds OpenDental's empty code as NULL
        on
            nullif({{ od_string('source.IsProsthesis') }}, '')
            <=> prosthesis_codes.code
    left outer join claim_type_codes
        on {{ od_string('source.ClaimType') }} = claim_type_codes.code
    left outer join place_of_service_codes
        on source.PlaceService = place_of_service_codes.code
    left outer join accident_related_codes
        -- the seed holds OpenDental's empty code as NULL
        on
            nullif({{ od_string('source.AccidentRelated') }}, '')
            <=> accident_related_codes.code
    left outer join yes_no_unknown_codes
        on source.EmployRelated = yes_no_unknown_codes.code
    left outer join relationship_codes as patient_relationships
        on source.PatRelat = patient_relationships.code
    left outer join relationship_codes as other_relationships
        on source.PatRelat2 = other_relationships.code
    left outer join claim_special_program_codes
        on source.SpecialProgramCode = claim_special_program_codes.code
    left outer join claim_medical_type_codes
        on source.MedType = claim_medical_type_codes.code
    left outer join claim_correction_type_codes
        on source.CorrectionType = claim_correction_type_codes.code
    left outer join illness_date_qualifier_codes
        on
            source.DateIllnessInjuryPregQualifier
            = illness_date_qualifier_codes.code
    left outer join other_date_qualifier_codes
        on source.DateOtherQualifier = other_date_qualifier_codes.code

)

select * from renamed
