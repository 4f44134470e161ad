with

source as (

    select * from {{ od_source('procedurecode') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
treatment_area_codes as (

    select * from {{ ref('opendental__treatment_area') }}

),

tooth_paint_type_codes as (

    select * from {{ ref('opendental__tooth_paint_type') }}

),

substitution_condition_codes as (

    select * from {{ ref('opendental__substitution_condition') }}

),

bypass_lock_status_codes as (

    select * from {{ ref('opendental__bypass_lock_status') }}

),

renamed as (

    select
        -- ids
        source.CodeNum as procedure_code_id,
        {{ od_nullif_zero('source.ProcCat') }} as procedure_category_def_id,
        {{ od_nullif_zero('source.ProvNumDefault') }} as default_provider_id,

        -- strings
        {{ od_string('source.ProcCode') }} as procedure_code,
        {{ od_string('source.Descript') }} as procedure_description,
        {{ od_string('source.AbbrDesc') }} as abbreviated_description,
        {{ od_string('source.ProcTime') }} as time_pattern,
        {{ od_string('source.DefaultNote') }} as default_note,
        {{ od_string('source.AlternateCode1') }} as alternate_code,
        {{ od_string('source.MedicalCode') }} as medical_code,
        {{ od_string('source.LaymanTerm') }} as layman_term,
        {{ od_string('source.SubstitutionCode') }} as substitution_code,
        {{ od_string('source.DrugNDC') }} as drug_ndc,
        {{ od_string('source.RevenueCodeDefault') }} as default_revenue_code,
        {{ od_string('source.DefaultClaimNote') }} as default_claim_note,
        {{ od_string('source.DefaultTPNote') }} as default_treatment_plan_note,
        {{ od_string('source.TaxCode') }} as tax_code,
        {{ od_string('source.PaintText') }} as paint_text,
        {{ od_string('source.DiagnosticCodes') }} as diagnostic_codes,

        -- numerics
        source.BaseUnits as base_units,

        -- codes
        source.TreatArea as treatment_area_code,
        treatment_area_codes.label as treatment_area,
        source.PaintType as paint_type_code,
        tooth_paint_type_codes.label as paint_type,
        source.SubstOnlyIf as substitution_condition_code,
        substitution_condition_codes.label as substitution_condition,
        source.BypassGlobalLock as bypass_global_lock_code,
        bypass_lock_status_codes.label as bypass_global_lock,

        -- booleans
        {{ od_bool('source.NoBillIns') }} as is_not_billed_to_insurance,
        {{ od_bool('source.IsProsth') }} as is_prosthesis,
        {{ od_bool('source.IsHygiene') }} as is_hygiene,
        {{ od_bool('source.IsTaxed') }} as is_taxed,
        {{ od_bool('source.PreExisting') }} as is_pre_existing,
        {{ od_bool('source.IsRadiology') }} as is_radiology,
        {{ od_bool('source.AreaAlsoToothRange') }} as is_area_also_tooth_range,

        -- timestamps
        {{ od_datetime('source.DateTStamp') }} as source_updated_at,

        -- metadata
        source._loaded_at

    from source
    left outer join treatment_area_codes
        on source.TreatArea = treatment_area_codes.code
    left outer join tooth_paint_type_codes
        on source.PaintType = tooth_paint_type_codes.code
    left outer join substitution_condition_codes
        on source.SubstOnlyIf = substitution_condition_codes.code
    left outer join bypass_lock_status_codes
        on source.BypassGlobalLock = bypass_lock_status_codes.code

)

select * from renamed
