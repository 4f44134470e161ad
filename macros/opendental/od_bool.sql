{#- OpenDental booleans are tinyint 0/1 (old rows may hold other non-zero
    values). NULL stays NULL. -#}
{% macro od_bool(column) -%}
    {{ return(adapter.dispatch('od_bool')(column)) }}
{%- endmacro %}

{% macro default__od_bool(column) -%}
    ({{ column }} <> 0)
{%- endmacro %}
