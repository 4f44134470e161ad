{#-
    Procedure codes (procedurecode) with their category (ProcCodeCats
    definition, category 11) and the flags reports filter on.
-#}
{{
    config(
        indexes=[{'columns': ['procedure_code_id'], 'unique': true}],
    )
}}

with

codes as (

    select * from {{ ref('stg_opendental__procedurecode') }}

),

definitions as (

    select * from {{ ref('stg_opendental__definition') }}

),

categories as (

    select
        definition_id as procedure_category_def_id,
        item_name as procedure_category_name
    from definitions
    where category_code = 11

),

joined as (

    select
        codes.procedure_code_id,
        codes.procedure_code,
        codes.procedure_description,
        codes.abbreviated_description,
        codes.procedure_category_def_id,
        categories.procedure_category_name,
        codes.treatment_area_code,
        codes.treatment_area,
        codes.base_units,
        codes.is_hygiene,
        codes.is_prosthesis,
        codes.is_radiology,
        codes.is_not_billed_to_insurance,
        codes.procedure_code in ('D9986', 'D9987')
            as is_broken_appointment_code
    from codes
    left outer join categories
        on
            codes.procedure_category_def_id
            = categories.procedure_category_def_id

)

select * from joined
