{#- Part of incremental-by-day (schedule_days_select.sql describes the whole). -#}
{% macro schedule_days_table() -%}
    {{ this.schema }}.{{ this.identifier }}__days
{%- endmacro %}
