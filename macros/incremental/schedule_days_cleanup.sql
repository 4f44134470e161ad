{#- Part of incremental-by-day (schedule_days_select.sql describes the whole). -#}
{% macro schedule_days_cleanup() -%}
    drop temporary table if exists {{ schedule_days_rebuild_table() }}
{%- endmacro %}
