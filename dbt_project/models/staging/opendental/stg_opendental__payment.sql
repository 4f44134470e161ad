with

source as (

    select * from {{ od_source('payment') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
credit_card_source_codes as (

    select * from {{ ref('opendental__credit_card_source') }}

),

payment_process_status_codes as (

    select * from {{ ref('opendental__payment_process_status') }}

),

payment_status_codes as (

    select * from {{ ref('opendental__payment_status') }}

),

renamed as (

    select
        -- ids
        source.PayNum as payment_id,
        {{ od_nullif_zero('source.PayType') }} as payment_type_def_id,
        {{ od_nullif_zero('source.PatNum') }} as patient_id,
        source.ClinicNum as clinic_id,
        {{ od_nullif_zero('source.DepositNum') }} as deposit_id,
        {{ od_nullif_zero('source.SecUserNumEntry') }} as created_by_user_id,

        -- strings
        {{ od_string('source.CheckNum') }} as check_number,
        {{ od_string('source.BankBranch') }} as bank_branch,
        {{ od_string('source.ExternalId') }} as external_identifier,

        -- numerics
        {{ od_money('source.PayAmt') }} as payment_amount,
        {{ od_money('source.MerchantFee') }} as merchant_fee,

        -- codes
        source.PaymentSource as payment_source_code,
        credit_card_source_codes.label as payment_source,
        source.ProcessStatus as process_status_code,
        payment_process_status_codes.label as process_status,
        source.PaymentStatus as payment_status_code,
        payment_status_codes.label as payment_status,

        -- booleans
        {{ od_bool('source.IsRecurringCC') }} as is_recurring_credit_card,
        {{ od_bool('source.IsCcCompleted') }} as is_credit_card_completed,
        -- payment type 0 is an income transfer, not a definition
        source.PayType = 0 as is_income_transfer,

        -- dates
        {{ od_date('source.PayDate') }} as payment_date,
        {{ od_date('source.DateEntry') }} as entry_date,
        {{ od_date('source.RecurringChargeDate') }} as recurring_charge_date,

        -- timestamps
        {{ od_datetime('source.SecDateTEdit') }} as source_updated_at,

        -- metadata
        source._loaded_at

    from source
    left outer join credit_card_source_codes
        on source.PaymentSource = credit_card_source_codes.code
    left outer join payment_process_status_codes
        on source.ProcessStatus = payment_process_status_codes.code
    left outer join payment_status_codes
        on source.PaymentStatus = payment_status_codes.code

)

select * from renamed
