{#- Part of incremental-by-month (see kpi_months_select.sql). -#}
{% macro kpi_months_cleanup() -%}
    drop temporary table if exists {{ kpi_months_rebuild_table() }}
{%- endmacro %}
