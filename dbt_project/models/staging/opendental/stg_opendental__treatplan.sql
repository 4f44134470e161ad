with

source as (

    select * from {{ od_source('treatplan') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
treatment_plan_status_codes as (

    select * from {{ ref('opendental__treatment_plan_status') }}

),

treatment_plan_type_codes as (

    select * from {{ ref('opendental__treatment_plan_type') }}

),

renamed as (

    select
        -- ids
        source.TreatPlanNum as treatment_plan_id,
        {{ od_nullif_zero('source.PatNum') }} as patient_id,
        {{ od_nullif_zero('source.ResponsParty') }} as responsible_party_id,
        {{ od_nullif_zero('source.DocNum') }} as document_id,
        {{ od_nullif_zero('source.SecUserNumEntry') }} as created_by_user_id,
        {{ od_nullif_zero('source.UserNumPresenter') }} as presenter_user_id,
        {{ od_nullif_zero('source.MobileAppDeviceNum') }}
            as mobile_app_device_id,

        -- strings
        {{ od_string('source.Heading') }} as heading,

        -- codes
        source.TPStatus as treatment_plan_status_code,
        treatment_plan_status_codes.label as treatment_plan_status,
        source.TPType as treatment_plan_type_code,
        treatment_plan_type_codes.label as treatment_plan_type,

        -- dates
        {{ od_date('source.DateTP') }} as treatment_plan_date,
        {{ od_date('source.SecDateEntry') }} as created_date,

        -- timestamps
        {{ od_datetime('source.SecDateTEdit') }} as source_updated_at,
        {{ od_datetime('source.DateTSigned') }} as signed_at,
        {{ od_datetime('source.DateTPracticeSigned') }} as practice_signed_at,

        -- metadata
        source._loaded_at

    from source
    left outer join treatment_plan_status_codes
        on source.TPStatus = treatment_plan_status_codes.code
    left outer join treatment_plan_type_codes
        on source.TPType = treatment_plan_type_codes.code

)

select * from renamed
