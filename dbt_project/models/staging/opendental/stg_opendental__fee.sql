with

source as (

    select * from {{ od_source('fee') }}

),

renamed as (

    select
        -- ids
        FeeNum as fee_id,
        {{ od_nullif_zero('FeeSched') }} as fee_schedule_id,
        {{ od_nullif_zero('CodeNum') }} as procedure_code_id,
        ClinicNum as clinic_id,
        {{ od_nullif_zero('ProvNum') }} as provider_id,
        {{ od_nullif_zero('SecUserNumEntry') }} as created_by_user_id,

        -- numerics
        {{ od_money('Amount') }} as fee_amount,

        -- dates
        {{ od_date('SecDateEntry') }} as created_date,

        -- timestamps
        {{ od_datetime('SecDateTEdit') }} as source_updated_at,

        -- metadata
        _loaded_at

    from source

)

select * from renamed
