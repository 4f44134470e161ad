with

source as (

    select * from {{ od_source('benefit') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
benefit_type_codes as (

    select * from {{ ref('opendental__benefit_type') }}

),

benefit_time_period_codes as (

    select * from {{ ref('opendental__benefit_time_period') }}

),

benefit_quantity_codes as (

    select * from {{ ref('opendental__benefit_quantity') }}

),

benefit_coverage_level_codes as (

    select * from {{ ref('opendental__benefit_coverage_level') }}

),

treatment_area_codes as (

    select * from {{ ref('opendental__treatment_area') }}

),

renamed as (

    select
        -- ids
        source.BenefitNum as benefit_id,
        {{ od_nullif_zero('source.PlanNum') }} as insurance_plan_id,
        {{ od_nullif_zero('source.PatPlanNum') }} as patient_plan_id,
        {{ od_nullif_zero('source.CovCatNum') }} as coverage_category_id,
        {{ od_nullif_zero('source.CodeNum') }} as procedure_code_id,
        {{ od_nullif_zero('source.CodeGroupNum') }} as code_group_id,

        -- numerics
        {{ od_nullif_sentinel('source.Percent') }} as coverage_percent,
        {{ od_money(od_nullif_sentinel('source.MonetaryAmt')) }}
            as monetary_amount,
        source.Quantity as benefit_quantity,

        -- codes
        source.BenefitType as benefit_type_code,
        benefit_type_codes.label as benefit_type,
        source.TimePeriod as time_period_code,
        benefit_time_period_codes.label as time_period,
        source.QuantityQualifier as quantity_qualifier_code,
        benefit_quantity_codes.label as quantity_qualifier,
        source.CoverageLevel as coverage_level_code,
        benefit_coverage_level_codes.label as coverage_level,
        source.TreatArea as treatment_area_code,
        treatment_area_codes.label as treatment_area,

        -- timestamps
        {{ od_datetime('source.SecDateTEntry') }} as created_at,
        {{ od_datetime('source.SecDateTEdit') }} as source_updated_at,

        -- metadata
        source._loaded_at

    from source
    left outer join benefit_type_codes
        on source.BenefitType = benefit_type_codes.code
    left outer join benefit_time_period_codes
        on source.TimePeriod = benefit_time_period_codes.code
    left outer join benefit_quantity_codes
        on source.QuantityQualifier = benefit_quantity_codes.code
    left outer join benefit_coverage_level_codes
        on source.CoverageLevel = benefit_coverage_level_codes.code
    left outer join treatment_area_codes
        on source.TreatArea = treatment_area_codes.code

)

select * from renamed
