{#- Free text and codes: NULL becomes '' and leading/trailing spaces go, so
    filters and joins on text never have to think about NULL or padding. -#}
{% macro od_string(column) -%}
    {{ return(adapter.dispatch('od_string')(column)) }}
{%- endmacro %}

{% macro default__od_string(column) -%}
    trim(coalesce({{ column }}, ''))
{%- endmacro %}
