{#-
    One row per practice of the group (MDC_GROUP_PRACTICES, in its order):
    its id and name, the schema its marts are in, whether they are built,
    and the as-of date of its marts (mart_kpis_monthly_practice: the date
    the dashboards show as "data as of"). A practice whose last build
    failed keeps its last good marts, and this date says how old they are.
-#}
{%- set practices = group_practices() %}

with

practices as (

    {% for practice in practices -%}
        {%- set kpis = group_practice_relation(
            practice.id, 'mart_kpis_monthly_practice') -%}
        {%- set name = dbt.escape_single_quotes(practice.name or practice.id) %}
        select
            {{ loop.index }} as practice_order,
            '{{ practice.id }}' as practice_id,
            '{{ name }}' as practice_name,
            '{{ target.schema }}_{{ practice.id }}' as marts_schema,
            {% if kpis is none -%}
                false as is_built,
                cast(null as date) as as_of_date
            {%- else -%}
                true as is_built,
                (select max(k.as_of_date) from {{ kpis }} as k) as as_of_date
            {%- endif %}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        practice_id,
        practice_name,
        practice_order,
        marts_schema,
        is_built,
        as_of_date
    from practices

)

select * from final
