with

source as (

    select * from {{ od_source('claimpayment') }}

),

renamed as (

    select
        -- ids
        ClaimPaymentNum as claim_payment_id,
        ClinicNum as clinic_id,
        {{ od_nullif_zero('DepositNum') }} as deposit_id,
        {{ od_nullif_zero('PayType') }} as insurance_payment_type_def_id,
        {{ od_nullif_zero('SecUserNumEntry') }} as created_by_user_id,
        {{ od_nullif_zero('PayGroup') }} as claim_payment_group_def_id,

        -- strings
        {{ od_string('CheckNum') }} as check_number,
        {{ od_string('BankBranch') }} as bank_branch,
        {{ od_string('Note') }} as note,
        {{ od_string('CarrierName') }} as carrier_name,

        -- numerics
        {{ od_money('CheckAmt') }} as check_amount,

        -- booleans
        {{ od_bool('IsPartial') }} as is_partial,

        -- dates
        {{ od_date('CheckDate') }} as check_date,
        {{ od_date('DateIssued') }} as issued_date,
        {{ od_date('SecDateEntry') }} as created_date,

        -- timestamps
        {{ od_datetime('SecDateTEdit') }} as source_updated_at,

        -- metadata
        _loaded_at

    from source

)

select * from renamed
