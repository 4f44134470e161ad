with

source as (

    select * from {{ od_source('paysplit') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
payment_plan_debit_type_codes as (

    select * from {{ ref('opendental__payment_plan_debit_type') }}

),

renamed as (

    select
        -- ids
        source.SplitNum as payment_split_id,
        {{ od_nullif_zero('source.PatNum') }} as patient_id,
        {{ od_nullif_zero('source.PayNum') }} as payment_id,
        {{ od_nullif_zero('source.ProvNum') }} as provider_id,
        {{ od_nullif_zero('source.PayPlanNum') }} as payment_plan_id,
        {{ od_nullif_zero('source.ProcNum') }} as procedure_id,
        {{ od_nullif_zero('source.UnearnedType') }} as unearned_type_def_id,
        source.ClinicNum as clinic_id,
        {{ od_nullif_zero('source.SecUserNumEntry') }} as created_by_user_id,
        {{ od_nullif_zero('source.AdjNum') }} as adjustment_id,
        {{ od_nullif_zero('source.PayPlanChargeNum') }}
            as payment_plan_charge_id,

        -- numerics
        {{ od_money('source.SplitAmt') }} as split_amount,

        -- codes
        source.PayPlanDebitType as payment_plan_debit_type_code,
        payment_plan_debit_type_codes.label as payment_plan_debit_type,

        -- booleans
        -- unearned type 0 is ordinary (earned) income
        source.UnearnedType != 0 as is_unearned,

        -- dates
        {{ od_date('source.DatePay') }} as payment_date,
        {{ od_date('source.DateEntry') }} as entry_date,

        -- timestamps
        {{ od_datetime('source.SecDateTEdit') }} as source_updated_at,

        -- metadata
        source._loaded_at

    from source
    left outer join payment_plan_debit_type_codes
        on source.PayPlanDebitType = payment_plan_debit_type_codes.code

)

select * from renamed
