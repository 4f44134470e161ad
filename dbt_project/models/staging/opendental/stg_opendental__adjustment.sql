with

source as (

    select * from {{ od_source('adjustment') }}

),

renamed as (

    select
        -- ids
        AdjNum as adjustment_id,
        {{ od_nullif_zero('PatNum') }} as patient_id,
        {{ od_nullif_zero('AdjType') }} as adjustment_type_def_id,
        {{ od_nullif_zero('ProvNum') }} as provider_id,
        {{ od_nullif_zero('ProcNum') }} as procedure_id,
        ClinicNum as clinic_id,
        {{ od_nullif_zero('StatementNum') }} as statement_id,
        {{ od_nullif_zero('SecUserNumEntry') }} as created_by_user_id,

        -- numerics
        {{ od_money('AdjAmt') }} as adjustment_amount,

        -- dates
        {{ od_date('AdjDate') }} as adjustment_date,
        {{ od_date('ProcDate') }} as procedure_date,
        {{ od_date('DateEntry') }} as entry_date,

        -- timestamps
        {{ od_datetime('SecDateTEdit') }} as source_updated_at,

        -- metadata
        _loaded_at

    from source

)

select * from renamed
