with

source as (

    select * from {{ od_source('famaging') }}

),

renamed as (

    select
        -- ids
        PatNum as guarantor_id,

        -- numerics
        {{ od_money('Bal_0_30') }} as balance_0_30,
        {{ od_money('Bal_31_60') }} as balance_31_60,
        {{ od_money('Bal_61_90') }} as balance_61_90,
        {{ od_money('BalOver90') }} as balance_over_90,
        {{ od_money('InsEst') }} as insurance_estimate,
        {{ od_money('BalTotal') }} as balance_total,
        {{ od_money('PayPlanDue') }} as payment_plan_due,

        -- metadata
        _loaded_at

    from source

)

select * from renamed
