with

source as (

    select * from {{ od_source('payplan') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
payment_schedule_codes as (

    select * from {{ ref('opendental__payment_schedule') }}

),

payment_plan_frequency_codes as (

    select * from {{ ref('opendental__payment_plan_frequency') }}

),

dynamic_payment_plan_tp_option_codes as (

    select * from {{ ref('opendental__dynamic_payment_plan_tp_option') }}

),

renamed as (

    select
        -- ids
        source.PayPlanNum as payment_plan_id,
        {{ od_nullif_zero('source.PatNum') }} as patient_id,
        {{ od_nullif_zero('source.Guarantor') }} as guarantor_id,
        {{ od_nullif_zero('source.PlanNum') }} as insurance_plan_id,
        {{ od_nullif_zero('source.InsSubNum') }} as insurance_subscriber_id,
        {{ od_nullif_zero('source.PlanCategory') }}
            as payment_plan_category_def_id,
        {{ od_nullif_zero('source.MobileAppDeviceNum') }}
            as mobile_app_device_id,

        -- numerics
        source.APR as annual_percentage_rate,
        {{ od_money('source.CompletedAmt') }} as completed_amount,
        source.NumberOfPayments as number_of_payments,
        {{ od_money('source.PayAmt') }} as payment_amount,
        {{ od_money('source.DownPayment') }} as down_payment_amount,

        -- codes
        source.PaySchedule as payment_schedule_code,
        payment_schedule_codes.label as payment_schedule,
        source.ChargeFrequency as charge_frequency_code,
        payment_plan_frequency_codes.label as charge_frequency,
        source.DynamicPayPlanTPOption as treatment_planned_option_code,
        dynamic_payment_plan_tp_option_codes.label as treatment_planned_option,

        -- booleans
        {{ od_bool('source.IsClosed') }} as is_closed,
        {{ od_bool('source.IsDynamic') }} as is_dynamic,
        {{ od_bool('source.IsLocked') }} as is_locked,

        -- dates
        {{ od_date('source.PayPlanDate') }} as payment_plan_date,
        {{ od_date('source.DatePayPlanStart') }} as start_date,
        {{ od_date('source.DateInterestStart') }} as interest_start_date,

        -- metadata
        source._loaded_at

    from source
    left outer join payment_schedule_codes
        on source.PaySchedule = payment_schedule_codes.code
    left outer join payment_plan_frequency_codes
        on source.ChargeFrequency = payment_plan_frequency_codes.code
    left outer join dynamic_payment_plan_tp_option_codes
        on
            source.DynamicPayPlanTPOption
            = dynamic_payment_plan_tp_option_codes.code

)

select * from renamed
