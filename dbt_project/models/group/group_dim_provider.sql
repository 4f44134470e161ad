{{ config(alias='dim_provider') }}

{#-
    The group's dim_provider: every built practice's providers, with
    practice_id and person_id, the person the seed group__provider_people
    maps the provider to (one dentist on the staff of several practices),
    else '<practice_id>:<provider_id>' (one person per practice provider).
-#}
with

providers as (

    {{ union_practices('dim_provider') }}

),

people as (

    select * from {{ ref('group__provider_people') }}

),

final as (

    select
        providers.*,
        people.person_name,
        coalesce(
            people.person_id,
            concat(providers.practice_id, ':', providers.provider_id)
        ) as person_id
    from providers
    left outer join people
        on
            providers.practice_id = people.practice_id
            and providers.provider_id = people.provider_id

)

select * from final
