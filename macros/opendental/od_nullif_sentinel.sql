{#- Columns where a magic number (usually -1) means "none" or "not set". -#}
{% macro od_nullif_sentinel(column, sentinel=-1) -%}
    {{ return(adapter.dispatch('od_nullif_sentinel')(column, sentinel)) }}
{%- endmacro %}

{% macro default__od_nullif_sentinel(column, sentinel) -%}
    nullif({{ column }}, {{ sentinel }})
{%- endmacro %}
