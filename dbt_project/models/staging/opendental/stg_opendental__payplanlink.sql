with

source as (

    select * from {{ od_source('payplanlink') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
payment_plan_link_type_codes as (

    select * from {{ ref('opendental__payment_plan_link_type') }}

),

renamed as (

    select
        -- ids
        source.PayPlanLinkNum as payment_plan_link_id,
        {{ od_nullif_zero('source.PayPlanNum') }} as payment_plan_id,
        {{ od_nullif_zero('source.FKey') }} as linked_production_id,

        -- numerics
        -- AmountOverride 0 means the full amount of the production
        {{ od_money(od_nullif_sentinel('source.AmountOverride', 0)) }}
            as amount_override,

        -- codes
        source.LinkType as link_type_code,
        payment_plan_link_type_codes.label as link_type,

        -- timestamps
        {{ od_datetime('source.SecDateTEntry') }} as created_at,

        -- metadata
        source._loaded_at

    from source
    left outer join payment_plan_link_type_codes
        on source.LinkType = payment_plan_link_type_codes.code

)

select * from renamed
