{#-
    Every adjustment (all types, bad debt included, as OpenDental's P&I
    counts them), with its type from the AdjTypes definitions (category 1)
    and the practice's bad-debt and broken-appointment types (preferences
    BadDebtAdjustmentTypes, BrokenAppointmentAdjustmentType).
-#}
{{
    config(
        indexes=[
            {'columns': ['adjustment_id'], 'unique': true},
            {'columns': ['patient_id']},
            {'columns': ['adjustment_date', 'provider_id', 'clinic_id']},
        ],
    )
}}

with

adjustments as (

    select * from {{ ref('stg_opendental__adjustment') }}

),

definitions as (

    select * from {{ ref('stg_opendental__definition') }}

),

settings as (

    select * from {{ ref('int_finance_preferences_pivoted') }}

),

adjustment_types as (

    select
        definition_id as adjustment_type_def_id,
        max(item_name) as adjustment_type_name,
        max(item_value) as adjustment_type_code
    from definitions
    where category_code = 1
    group by definition_id

),

joined as (

    select
        adjustments.adjustment_id,
        adjustments.patient_id,
        adjustments.clinic_id,
        adjustments.procedure_id,
        adjustments.statement_id,
        adjustments.adjustment_type_def_id,
        adjustment_types.adjustment_type_name,
        adjustment_types.adjustment_type_code,
        adjustments.adjustment_amount,
        adjustments.adjustment_date,
        adjustments.procedure_date,
        adjustments.entry_date,
        adjustments.source_updated_at,
        coalesce(adjustments.provider_id, 0) as provider_id,
        coalesce(
            find_in_set(
                adjustments.adjustment_type_def_id,
                settings.bad_debt_adjustment_type_ids
            ) > 0,
            false
        ) as is_bad_debt,
        coalesce(
            adjustments.adjustment_type_def_id
            = settings.broken_appointment_adjustment_type_id,
            false
        ) as is_broken_appointment_fee
    from adjustments
    cross join settings
    left outer join adjustment_types
        on
            adjustments.adjustment_type_def_id
            = adjustment_types.adjustment_type_def_id

)

select * from joined
