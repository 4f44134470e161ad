with

source as (

    select * from {{ od_source('entrylog') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
entry_log_object_type_codes as (

    select * from {{ ref('opendental__entry_log_object_type') }}

),

log_source_codes as (

    select * from {{ ref('opendental__log_source') }}

),

renamed as (

    select
        -- ids
        source.EntryLogNum as entry_log_id,
        {{ od_nullif_zero('source.UserNum') }} as user_id,
        {{ od_nullif_zero('source.FKey') }} as object_id,

        -- codes
        source.FKeyType as object_type_code,
        entry_log_object_type_codes.label as object_type,
        source.LogSource as log_source_code,
        log_source_codes.label as log_source,

        -- timestamps
        {{ od_datetime('source.EntryDateTime') }} as created_at,

        -- metadata
        source._loaded_at

    from source
    left outer join entry_log_object_type_codes
        on source.FKeyType = entry_log_object_type_codes.code
    left outer join log_source_codes
        on source.LogSource = log_source_codes.code

)

select * from renamed
