{#-
    Clinics, plus clinic 0 "Unassigned": OpenDental stores ClinicNum 0 for
    rows without a clinic (and every row of a practice without clinics), and
    its reports show them as "Unassigned".
-#}
{{
    config(
        indexes=[{'columns': ['clinic_id'], 'unique': true}],
    )
}}

with

clinics as (

    select * from {{ ref('stg_opendental__clinic') }}

),

definitions as (

    select * from {{ ref('stg_opendental__definition') }}

),

regions as (

    select
        definition_id as region_def_id,
        item_name as region_name
    from definitions
    where category_code = 39

),

listed as (

    select
        clinics.clinic_id,
        cast(clinics.clinic_name as char(255)) as clinic_name,
        cast(clinics.abbreviation as char(255)) as clinic_abbreviation,
        cast(clinics.address_state as char(255)) as address_state,
        cast(regions.region_name as char(255)) as region_name,
        coalesce(clinics.default_provider_id, 0) as default_provider_id,
        clinics.is_hidden,
        false as is_unassigned
    from clinics
    left outer join regions
        on clinics.region_def_id = regions.region_def_id

    union all

    select
        0 as clinic_id,
        'Unassigned' as clinic_name,
        'Unassigned' as clinic_abbreviation,
        '' as address_state,
        cast(null as char(255)) as region_name,
        0 as default_provider_id,
        false as is_hidden,
        true as is_unassigned
    from dual
    where not exists (
        select clinics.clinic_id from clinics
        where clinics.clinic_id = 0
    )

)

select * from listed
