{#- OpenDental TIME columns (ProcTime, StartTime, ...) are times of day with
    no sentinel: 00:00:00 is a real value, so it is kept. -#}
{% macro od_time(column) -%}
    {{ return(adapter.dispatch('od_time')(column)) }}
{%- endmacro %}

{% macro default__od_time(column) -%}
    cast({{ column }} as time)
{%- endmacro %}
