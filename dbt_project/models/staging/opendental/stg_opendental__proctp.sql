with

source as (

    select * from {{ od_source('proctp') }}

),

renamed as (

    select
        -- ids
        ProcTPNum as treatment_plan_procedure_id,
        {{ od_nullif_zero('TreatPlanNum') }} as treatment_plan_id,
        {{ od_nullif_zero('PatNum') }} as patient_id,
        {{ od_nullif_zero('ProcNumOrig') }} as procedure_id,
        {{ od_nullif_zero('Priority') }} as treatment_priority_def_id,
        {{ od_nullif_zero('SecUserNumEntry') }} as created_by_user_id,
        {{ od_nullif_zero('ProvNum') }} as provider_id,
        ClinicNum as clinic_id,

        -- strings
        {{ od_string('ToothNumTP') }} as tooth_number,
        {{ od_string('Surf') }} as surface,
        {{ od_string('ProcCode') }} as procedure_code,
        {{ od_string('Descript') }} as procedure_description,
        {{ od_string('Prognosis') }} as prognosis,
        {{ od_string('Dx') }} as diagnosis,
        {{ od_string('ProcAbbr') }} as procedure_abbreviation,

        -- numerics
        ItemOrder as item_order,
        {{ od_money('FeeAmt') }} as fee_amount,
        {{ od_money('PriInsAmt') }} as primary_insurance_amount,
        {{ od_money('SecInsAmt') }} as secondary_insurance_amount,
        {{ od_money('PatAmt') }} as patient_amount,
        {{ od_money('Discount') }} as discount_amount,
        {{ od_money('FeeAllowed') }} as allowed_fee_amount,
        {{ od_money('TaxAmt') }} as tax_amount,
        {{ od_money('CatPercUCR') }} as category_percent_ucr_amount,

        -- dates
        {{ od_date('SecDateEntry') }} as created_date,
        {{ od_date('DateTP') }} as treatment_planned_date,

        -- timestamps
        {{ od_datetime('SecDateTEdit') }} as source_updated_at,

        -- metadata
        _loaded_at

    from source

)

select * from renamed
