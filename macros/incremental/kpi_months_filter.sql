{#- Part of incremental-by-month (see kpi_months_select.sql). -#}
{% macro kpi_months_filter(month_expression, date_column=none) -%}
    {#- a where-condition on a KPI input: only the months being built. With
        date_column, also a lower bound on it, so an index on the date can
        skip the history before the first month being built. -#}
    cast({{ month_expression }} as date) in (
        select month_start_date from {{ kpi_months_rebuild_table() }}
    )
    {%- if date_column %}
        and {{ date_column }} >= (
            select min(month_start_date) from {{ kpi_months_rebuild_table() }}
        )
    {%- endif -%}
{%- endmacro %}
