with

source as (

    select * from {{ od_source('payplancharge') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
payment_plan_charge_type_codes as (

    select * from {{ ref('opendental__payment_plan_charge_type') }}

),

payment_plan_link_type_codes as (

    select * from {{ ref('opendental__payment_plan_link_type') }}

),

renamed as (

    select
        -- ids
        source.PayPlanChargeNum as payment_plan_charge_id,
        {{ od_nullif_zero('source.PayPlanNum') }} as payment_plan_id,
        {{ od_nullif_zero('source.Guarantor') }} as guarantor_id,
        {{ od_nullif_zero('source.PatNum') }} as patient_id,
        {{ od_nullif_zero('source.ProvNum') }} as provider_id,
        source.ClinicNum as clinic_id,
        {{ od_nullif_zero('source.ProcNum') }} as procedure_id,
        {{ od_nullif_zero('source.StatementNum') }} as statement_id,
        {{ od_nullif_zero('source.FKey') }} as linked_production_id,

        -- numerics
        {{ od_money('source.Principal') }} as principal_amount,
        {{ od_money('source.Interest') }} as interest_amount,

        -- codes
        source.ChargeType as charge_type_code,
        payment_plan_charge_type_codes.label as charge_type,
        source.LinkType as link_type_code,
        payment_plan_link_type_codes.label as link_type,

        -- booleans
        {{ od_bool('source.IsOffset') }} as is_offset,

        -- dates
        {{ od_date('source.ChargeDate') }} as charge_date,

        -- timestamps
        {{ od_datetime('source.SecDateTEntry') }} as created_at,
        {{ od_datetime('source.SecDateTEdit') }} as source_updated_at,

        -- metadata
        source._loaded_at

    from source
    left outer join payment_plan_charge_type_codes
        on source.ChargeType = payment_plan_charge_type_codes.code
    left outer join payment_plan_link_type_codes
        on source.LinkType = payment_plan_link_type_codes.code

)

select * from renamed
