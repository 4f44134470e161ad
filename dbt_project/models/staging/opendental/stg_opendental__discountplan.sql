with

source as (

    select * from {{ od_source('discountplan') }}

),

renamed as (

    select
        -- ids
        DiscountPlanNum as discount_plan_id,
        {{ od_nullif_zero('FeeSchedNum') }} as fee_schedule_id,
        {{ od_nullif_zero('DefNum') }} as adjustment_type_def_id,

        -- strings
        {{ od_string('Description') }} as discount_plan_name,
        {{ od_string('PlanNote') }} as plan_note,

        -- numerics
        ExamFreqLimit as exam_frequency_limit,
        XrayFreqLimit as xray_frequency_limit,
        ProphyFreqLimit as prophy_frequency_limit,
        FluorideFreqLimit as fluoride_frequency_limit,
        PerioFreqLimit as perio_frequency_limit,
        LimitedExamFreqLimit as limited_exam_frequency_limit,
        PAFreqLimit as periapical_frequency_limit,
        {{ od_money(od_nullif_sentinel('AnnualMax')) }} as annual_max,

        -- booleans
        {{ od_bool('IsHidden') }} as is_hidden,

        -- metadata
        _loaded_at

    from source

)

select * from renamed
