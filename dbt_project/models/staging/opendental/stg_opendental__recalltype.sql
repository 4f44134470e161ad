with

source as (

    select * from {{ od_source('recalltype') }}

),

renamed as (

    select
        -- ids
        RecallTypeNum as recall_type_id,

        -- strings
        {{ od_string('Description') }} as recall_type_name,
        {{ od_string('TimePattern') }} as time_pattern,
        {{ od_string('Procedures') }} as procedure_codes,

        -- numerics
        DefaultInterval as default_interval,

        -- booleans
        {{ od_bool('AppendToSpecial') }} as is_appended_to_special,

        -- metadata
        _loaded_at

    from source

)

select * from renamed
