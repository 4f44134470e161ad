{#- Part of incremental-by-month (see kpi_months_select.sql): the
    fingerprints the roll-up was last built from. -#}
{% macro kpi_months_table() -%}
    {{ this.schema }}.{{ this.identifier }}__months
{%- endmacro %}
