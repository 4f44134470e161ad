with

source as (

    select * from {{ od_source('insverify') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
verify_type_codes as (

    select * from {{ ref('opendental__verify_type') }}

),

renamed as (

    select
        -- ids
        source.InsVerifyNum as insurance_verification_id,
        {{ od_nullif_zero('source.UserNum') }} as user_id,
        {{ od_nullif_zero('source.FKey') }} as verified_object_id,
        {{ od_nullif_zero('source.DefNum') }} as verification_status_def_id,

        -- numerics
        source.HoursAvailableForVerification
            as hours_available_for_verification,

        -- codes
        source.VerifyType as verify_type_code,
        verify_type_codes.label as verify_type,

        -- dates
        {{ od_date('source.DateLastVerified') }} as last_verified_date,
        {{ od_date('source.DateLastAssigned') }} as last_assigned_date,

        -- timestamps
        {{ od_datetime('source.DateTimeEntry') }} as created_at,
        {{ od_datetime('source.SecDateTEdit') }} as source_updated_at,

        -- metadata
        source._loaded_at

    from source
    left outer join verify_type_codes
        on source.VerifyType = verify_type_codes.code

)

select * from renamed
