with

source as (

    select * from {{ od_source('securitylog') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
permission_type_codes as (

    select * from {{ ref('opendental__permission_type') }}

),

log_source_codes as (

    select * from {{ ref('opendental__log_source') }}

),

renamed as (

    select
        -- ids
        source.SecurityLogNum as security_log_id,
        {{ od_nullif_zero('source.UserNum') }} as user_id,
        {{ od_nullif_zero('source.PatNum') }} as patient_id,
        {{ od_nullif_zero('source.FKey') }} as object_id,

        -- strings
        {{ od_string('source.CompName') }} as computer_name,

        -- codes
        source.PermType as permission_type_code,
        permission_type_codes.label as permission_type,
        source.LogSource as log_source_code,
        log_source_codes.label as log_source,

        -- timestamps
        {{ od_datetime('source.LogDateTime') }} as logged_at,
        {{ od_datetime('source.DateTPrevious') }} as object_previous_updated_at,

        -- metadata
        source._loaded_at

    from source
    left outer join permission_type_codes
        on source.PermType = permission_type_codes.code
    left outer join log_source_codes
        on source.LogSource = log_source_codes.code

)

select * from renamed
