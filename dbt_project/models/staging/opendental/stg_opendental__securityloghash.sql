with

source as (

    select * from {{ od_source('securityloghash') }}

),

renamed as (

    select
        -- ids
        SecurityLogHashNum as security_log_hash_id,
        {{ od_nullif_zero('SecurityLogNum') }} as security_log_id,

        -- strings
        {{ od_string('LogHash') }} as log_hash,

        -- metadata
        _loaded_at

    from source

)

select * from renamed
