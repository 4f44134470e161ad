with

source as (

    select * from {{ od_source('preference') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
preference_value_codes as (

    select * from {{ ref('opendental__preference_value') }}

),

renamed as (

    select
        -- ids
        source.PrefNum as preference_id,

        -- strings
        {{ od_string('source.PrefName') }} as preference_name,
        {{ od_string('source.ValueString') }} as preference_value,

        -- codes
        -- only preferences whose values are codes get a label
        preference_value_codes.label as preference_value_label,

        -- metadata
        source._loaded_at

    from source
    left outer join preference_value_codes
        on
            source.PrefName = preference_value_codes.preference_name
            and {{ od_string('source.ValueString') }}
            = preference_value_codes.code

)

select * from renamed
