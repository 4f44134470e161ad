with

source as (

    select * from {{ od_source('covcat') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
ebenefit_category_codes as (

    select * from {{ ref('opendental__ebenefit_category') }}

),

renamed as (

    select
        -- ids
        source.CovCatNum as coverage_category_id,

        -- strings
        {{ od_string('source.Description') }} as coverage_category_name,

        -- numerics
        source.DefaultPercent as default_percent,
        source.CovOrder as coverage_order,

        -- codes
        source.EbenefitCat as ebenefit_category_code,
        ebenefit_category_codes.label as ebenefit_category,

        -- booleans
        {{ od_bool('source.IsHidden') }} as is_hidden,

        -- metadata
        source._loaded_at

    from source
    left outer join ebenefit_category_codes
        on source.EbenefitCat = ebenefit_category_codes.code

)

select * from renamed
