{#- OpenDental foreign keys use 0 for "no reference" (AptNum, ClinicNum). -#}
{% macro od_nullif_zero(column) -%}
    {{ return(adapter.dispatch('od_nullif_zero')(column)) }}
{%- endmacro %}

{% macro default__od_nullif_zero(column) -%}
    nullif({{ column }}, 0)
{%- endmacro %}
