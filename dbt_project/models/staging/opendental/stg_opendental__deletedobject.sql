with

source as (

    select * from {{ od_source('deletedobject') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
deleted_object_type_codes as (

    select * from {{ ref('opendental__deleted_object_type') }}

),

renamed as (

    select
        -- ids
        source.DeletedObjectNum as deleted_object_id,
        {{ od_nullif_zero('source.ObjectNum') }} as object_id,

        -- codes
        source.ObjectType as object_type_code,
        deleted_object_type_codes.label as object_type,

        -- timestamps
        {{ od_datetime('source.DateTStamp') }} as source_updated_at,

        -- metadata
        source._loaded_at

    from source
    left outer join deleted_object_type_codes
        on source.ObjectType = deleted_object_type_codes.code

)

select * from renamed
