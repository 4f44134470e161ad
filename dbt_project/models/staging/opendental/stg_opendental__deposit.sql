with

source as (

    select * from {{ od_source('deposit') }}

),

renamed as (

    select
        -- ids
        DepositNum as deposit_id,
        {{ od_nullif_zero('DepositAccountNum') }} as deposit_account_def_id,

        -- strings
        {{ od_string('Memo') }} as memo,
        {{ od_string('Batch') }} as batch,

        -- numerics
        {{ od_money('Amount') }} as deposit_amount,

        -- booleans
        {{ od_bool('IsSentToQuickBooksOnline') }}
            as is_sent_to_quickbooks_online,

        -- dates
        {{ od_date('DateDeposit') }} as deposit_date,

        -- metadata
        _loaded_at

    from source

)

select * from renamed
