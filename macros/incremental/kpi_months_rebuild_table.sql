{#- Part of incremental-by-month (see kpi_months_select.sql): the temporary
    table of the months being built. Named without `this`, because
    int_kpi_measures_by_cell (ephemeral) reads it too. -#}
{% macro kpi_months_rebuild_table() -%}
    {{ target.schema }}.int_kpis_monthly_rolled_up__rebuild
{%- endmacro %}
