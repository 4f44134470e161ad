with

source as (

    select * from {{ od_source('feesched') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
fee_schedule_type_codes as (

    select * from {{ ref('opendental__fee_schedule_type') }}

),

renamed as (

    select
        -- ids
        source.FeeSchedNum as fee_schedule_id,
        {{ od_nullif_zero('source.SecUserNumEntry') }} as created_by_user_id,

        -- strings
        {{ od_string('source.Description') }} as fee_schedule_name,

        -- numerics
        source.ItemOrder as item_order,

        -- codes
        source.FeeSchedType as fee_schedule_type_code,
        fee_schedule_type_codes.label as fee_schedule_type,

        -- booleans
        {{ od_bool('source.IsHidden') }} as is_hidden,
        {{ od_bool('source.IsGlobal') }} as is_global,

        -- dates
        {{ od_date('source.SecDateEntry') }} as created_date,

        -- timestamps
        {{ od_datetime('source.SecDateTEdit') }} as source_updated_at,

        -- metadata
        source._loaded_at

    from source
    left outer join fee_schedule_type_codes
        on source.FeeSchedType = fee_schedule_type_codes.code

)

select * from renamed
