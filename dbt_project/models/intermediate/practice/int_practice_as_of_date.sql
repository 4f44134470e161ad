{#-
    One row: the practice's "today", the one place every model reads it from
    (A/R aging, the current KPI month, the recall list, active patients,
    dim_date). The dbt var practice_as_of_date (YYYY-MM-DD) when set; else
    the local date on which the last successful `mdc load` finished (the
    loader's run log, so it moves with every load even when no source row
    changed); else, with no successful load recorded, the warehouse's today.
    Never NULL.
-#}
{# A table: a dozen models read it, and MariaDB 10.11 cannot resolve an
    outer CTE that a nested WITH references more than once. #}
{{ config(materialized='table') }}

{%- set as_of_var = var('practice_as_of_date', none) -%}
{%- set runs = source('mdc_loader', '_mdc_load_runs') -%}
{%- set has_runs = execute and adapter.get_relation(
    database=runs.database, schema=runs.schema, identifier=runs.identifier
) is not none -%}

with

{% if has_runs -%}
load_runs as (

    select * from {{ runs }}

),

{% endif -%}
last_load as (

    select
        {%- if has_runs %}
            {# finished_at is UTC; the practice's dates are local (server) dates. #}
            max(
                timestampadd(
                    second,
                    timestampdiff(second, utc_timestamp(), now()),
                    load_runs.finished_at
                )
            ) as last_load_finished_at
        from load_runs
        where load_runs.status = 'success'
        {%- else %}
            cast(null as datetime) as last_load_finished_at
        {%- endif %}

),

final as (

    select
        {%- if as_of_var %}
            cast('{{ as_of_var }}' as date) as as_of_date,
            'dbt var practice_as_of_date' as as_of_date_source,
        {%- else %}
            coalesce(cast(last_load_finished_at as date), current_date)
                as as_of_date,
            case
                when last_load_finished_at is not null
                    then 'last successful mdc load'
                else 'warehouse clock (no successful load recorded)'
            end as as_of_date_source,
        {%- endif %}
        last_load_finished_at
    from last_load

)

select * from final
