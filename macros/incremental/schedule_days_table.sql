{#- Part of incremental-by-day (see schedule_days_select.sql). -#}
{% macro schedule_days_table() -%}
    {{ this.schema }}.{{ this.identifier }}__days
{%- endmacro %}
