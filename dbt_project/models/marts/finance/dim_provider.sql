{#-
    Providers, typed dentist / hygienist / specialist, plus provider 0
    ("None") for rows OpenDental attributes to no provider.
      hygienist   provider.IsSecondary (OpenDental's "is hygienist")
      specialist  a dentist whose specialty (ProviderSpecialties definition,
                  category 35) is set and is not General or Hygienist
      dentist     everyone else who is a person; `other` for IsNotPerson
-#}
{{
    config(
        indexes=[{'columns': ['provider_id'], 'unique': true}],
    )
}}

with

providers as (

    select * from {{ ref('stg_opendental__provider') }}

),

definitions as (

    select * from {{ ref('stg_opendental__definition') }}

),

specialties as (

    select
        definition_id as specialty_def_id,
        item_name as specialty_name
    from definitions
    where category_code = 35

),

typed as (

    select
        providers.provider_id,
        cast(providers.abbreviation as char(255)) as provider_abbreviation,
        cast(
            trim(concat(providers.first_name, ' ', providers.last_name))
            as char(255)
        ) as provider_name,
        cast(specialties.specialty_name as char(255)) as specialty_name,
        cast(
            case
                when providers.is_not_person then 'other'
                when providers.is_hygienist then 'hygienist'
                when
                    coalesce(specialties.specialty_name, '')
                    not in ('', 'General', 'Hygienist')
                    then 'specialist'
                else 'dentist'
            end as char(10)
        ) as provider_type,
        providers.is_hygienist,
        providers.is_hidden,
        providers.is_hidden_on_reports,
        providers.provider_status_code,
        cast(providers.provider_status as char(255)) as provider_status,
        providers.term_date,
        false as is_unassigned
    from providers
    left outer join specialties
        on providers.specialty_def_id = specialties.specialty_def_id

),

with_none as (

    select * from typed

    union all

    select
        0 as provider_id,
        'None' as provider_abbreviation,
        'No provider' as provider_name,
        cast(null as char(255)) as specialty_name,
        'none' as provider_type,
        false as is_hygienist,
        false as is_hidden,
        false as is_hidden_on_reports,
        cast(null as signed) as provider_status_code,
        cast(null as char(255)) as provider_status,
        cast(null as date) as term_date,
        true as is_unassigned
    from dual
    where not exists (
        select providers.provider_id from providers
        where providers.provider_id = 0
    )

)

select * from with_none
