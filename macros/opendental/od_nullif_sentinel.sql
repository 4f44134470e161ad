{#- Columns where a magic number means "none" (usually -1, e.g. unset orders and limits). -#}
{% macro od_nullif_sentinel(column, sentinel=-1) -%}
    {{ return(adapter.dispatch('od_nullif_sentinel')(column, sentinel)) }}
{%- endmacro %}

{% macro default__od_nullif_sentinel(column, sentinel) -%}
    nullif({{ column }}, {{ sentinel }})
{%- endmacro %}
