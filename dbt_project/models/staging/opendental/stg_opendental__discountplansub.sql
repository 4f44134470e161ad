with

source as (

    select * from {{ od_source('discountplansub') }}

),

renamed as (

    select
        -- ids
        DiscountSubNum as discount_plan_subscription_id,
        {{ od_nullif_zero('DiscountPlanNum') }} as discount_plan_id,
        {{ od_nullif_zero('PatNum') }} as patient_id,

        -- dates
        {{ od_date('DateEffective') }} as effective_date,
        {{ od_date('DateTerm') }} as term_date,

        -- metadata
        _loaded_at

    from source

)

select * from renamed
