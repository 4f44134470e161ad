with

source as (

    select * from {{ od_source('definition') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
definition_category_codes as (

    select * from {{ ref('opendental__definition_category') }}

),

renamed as (

    select
        -- ids
        source.DefNum as definition_id,

        -- strings
        {{ od_string('source.ItemName') }} as item_name,
        {{ od_string('source.ItemValue') }} as item_value,

        -- numerics
        source.ItemOrder as item_order,

        -- codes
        source.Category as category_code,
        definition_category_codes.label as category,

        -- booleans
        {{ od_bool('source.IsHidden') }} as is_hidden,

        -- metadata
        source._loaded_at

    from source
    left outer join definition_category_codes
        on source.Category = definition_category_codes.code

)

select * from renamed
