{#- Part of incremental-by-day (see schedule_days_select.sql). -#}
{% macro schedule_days_cleanup() -%}
    drop temporary table if exists {{ schedule_days_rebuild_table() }}
{%- endmacro %}
