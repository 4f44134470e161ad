{#-
    The practice's "today" for the front-desk lists and the current KPI month:
    the var practice_as_of_date (YYYY-MM-DD) when set, else the latest load
    date, the same date the finance marts age receivables to
    (int_finance_preferences_pivoted.latest_load_date).
-#}
{%- set as_of_var = var('practice_as_of_date', none) -%}

with

settings as (

    select * from {{ ref('int_finance_preferences_pivoted') }}

),

final as (

    select
        {%- if as_of_var %}
            cast('{{ as_of_var }}' as date) as as_of_date
        {%- else %}
            coalesce(latest_load_date, current_date) as as_of_date
        {%- endif %}

    from settings

)

select * from final
