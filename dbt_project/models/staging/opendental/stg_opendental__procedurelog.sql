with

source as (

    select * from {{ od_source('procedurelog') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
procedure_status_codes as (

    select * from {{ ref('opendental__procedure_status') }}

),

place_of_service_codes as (

    select * from {{ ref('opendental__place_of_service') }}

),

prosthesis_codes as (

    select * from {{ ref('opendental__prosthesis') }}

),

drug_unit_codes as (

    select * from {{ ref('opendental__drug_unit') }}

),

unit_quantity_type_codes as (

    select * from {{ ref('opendental__unit_quantity_type') }}

),

procedure_urgency_codes as (

    select * from {{ ref('opendental__procedure_urgency') }}

),

renamed as (

    select
        -- ids
        source.ProcNum as procedure_id,
        {{ od_nullif_zero('source.PatNum') }} as patient_id,
        {{ od_nullif_zero('source.AptNum') }} as appointment_id,
        {{ od_nullif_zero('source.Priority') }} as treatment_priority_def_id,
        {{ od_nullif_zero('source.ProvNum') }} as provider_id,
        {{ od_nullif_zero('source.Dx') }} as diagnosis_def_id,
        {{ od_nullif_zero('source.PlannedAptNum') }} as planned_appointment_id,
        source.ClinicNum as clinic_id,
        {{ od_nullif_zero('source.BillingTypeOne') }}
            as billing_type_one_def_id,
        {{ od_nullif_zero('source.BillingTypeTwo') }}
            as billing_type_two_def_id,
        {{ od_nullif_zero('source.CodeNum') }} as procedure_code_id,
        {{ od_nullif_zero('source.SiteNum') }} as site_id,
        {{ od_nullif_zero('source.Prognosis') }} as prognosis_def_id,
        {{ od_nullif_zero('source.StatementNum') }} as statement_id,
        {{ od_nullif_zero('source.RepeatChargeNum') }} as repeat_charge_id,
        {{ od_nullif_zero('source.ProvOrderOverride') }}
            as ordering_provider_id,
        {{ od_nullif_zero('source.SecUserNumEntry') }} as created_by_user_id,
        {{ od_nullif_zero('source.OrderingReferralNum') }}
            as ordering_referral_id,

        -- strings
        {{ od_string('source.Surf') }} as surface,
        {{ od_string('source.ToothNum') }} as tooth_number,
        {{ od_string('source.ToothRange') }} as tooth_range,
        {{ od_string('source.MedicalCode') }} as medical_code,
        {{ od_string('source.DiagnosticCode') }} as diagnostic_code,
        {{ od_string('source.CodeMod1') }} as code_modifier_1,
        {{ od_string('source.CodeMod2') }} as code_modifier_2,
        {{ od_string('source.CodeMod3') }} as code_modifier_3,
        {{ od_string('source.CodeMod4') }} as code_modifier_4,
        {{ od_string('source.RevCode') }} as revenue_code,
        {{ od_string('source.SnomedBodySite') }} as snomed_body_site,
        {{ od_string('source.DiagnosticCode2') }} as diagnostic_code_2,
        {{ od_string('source.DiagnosticCode3') }} as diagnostic_code_3,
        {{ od_string('source.DiagnosticCode4') }} as diagnostic_code_4,

        -- numerics
        {{ od_money('source.ProcFee') }} as procedure_fee,
        source.UnitQty as unit_quantity,
        source.BaseUnits as base_units,
        source.StartTime as start_time,
        source.DrugQty as drug_quantity,
        {{ od_money('source.Discount') }} as discount_amount,
        source.IcdVersion as icd_version,
        {{ od_money('source.TaxAmt') }} as tax_amount,
        {{ od_money('source.DiscountPlanAmt') }} as discount_plan_amount,

        -- codes
        source.ProcStatus as procedure_status_code,
        procedure_status_codes.label as procedure_status,
        source.PlaceService as place_of_service_code,
        place_of_service_codes.label as place_of_service,
        {{ od_string('source.Prosthesis') }} as prosthesis_code,
        prosthesis_codes.label as prosthesis,
        source.DrugUnit as drug_unit_code,
        drug_unit_codes.label as drug_unit,
        source.UnitQtyType as unit_quantity_type_code,
        unit_quantity_type_codes.label as unit_quantity_type,
        source.Urgency as urgency_code,
        procedure_urgency_codes.label as urgency,

        -- booleans
        {{ od_bool('source.IsPrincDiag') }} as is_principal_diagnosis,
        {{ od_bool('source.HideGraphics') }} as is_graphics_hidden,
        {{ od_bool('source.IsLocked') }} as is_locked,
        {{ od_bool('source.IsDateProsthEst') }}
            as is_original_prosthesis_date_estimated,
        {{ od_bool('source.IsCpoe') }} as is_cpoe,

        -- dates
        {{ od_date('source.ProcDate') }} as procedure_date,
        {{ od_date('source.DateOriginalProsth') }} as original_prosthesis_date,
        {{ od_date('source.DateEntryC') }} as entry_date,
        {{ od_date('source.DateTP') }} as treatment_planned_date,
        {{ od_date('source.DateComplete') }} as completed_date,

        -- times
        {{ od_time('source.ProcTime') }} as procedure_start_time,
        {{ od_time('source.ProcTimeEnd') }} as procedure_end_time,

        -- timestamps
        {{ od_datetime('source.DateTStamp') }} as source_updated_at,
        {{ od_datetime('source.SecDateEntry') }} as created_at,

        -- metadata
        source._loaded_at

    from source
    left outer join procedure_status_codes
        on source.ProcStatus = procedure_status_codes.code
    left outer join place_of_service_codes
        on source.PlaceService = place_of_service_codes.code
    left outer join prosthesis_codes
        -- the seed holds OpenDental's empty code as NULL
        on
            nullif({{ od_string('source.Prosthesis') }}, '')
            <=> prosthesis_codes.code
    left outer join drug_unit_codes
        on source.DrugUnit = drug_unit_codes.code
    left outer join unit_quantity_type_codes
        on source.UnitQtyType = unit_quantity_type_codes.code
    left outer join procedure_urgency_codes
        on source.Urgency = procedure_urgency_codes.code

)

select * from renamed
