{#- The practice's "today" for lists and the current month: the var practice_as_of_date when set
    (YYYY-MM-DD), else the local date of the latest load. `preference` is copied whole on every
    load, so its newest _loaded_at (UTC) is the time of the latest load; it is shifted by the
    session's offset from UTC, as the source freshness check does. -#}
{%- set as_of_var = var('practice_as_of_date', none) -%}

with

preferences as (

    select * from {{ ref('stg_opendental__preference') }}

),

latest_load as (

    select
        cast(
            timestampadd(
                second,
                timestampdiff(second, utc_timestamp(), now()),
                max(_loaded_at)
            ) as date
        ) as loaded_date

    from preferences

),

final as (

    select
        {%- if as_of_var %}
            cast('{{ as_of_var }}' as date) as as_of_date
        {%- else %}
            coalesce(loaded_date, current_date) as as_of_date
        {%- endif %}

    from latest_load

)

select * from final
