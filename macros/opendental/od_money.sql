{#- OpenDental stores money as DOUBLE. Casting each value to decimal(15, 2)
    before any sum keeps totals exact to the cent. No round() first: MariaDB's
    round() on a DOUBLE rounds the binary value half to even (0.125 -> 0.12),
    while the cast rounds the shortest decimal form half away from zero
    (0.125 -> 0.13, 2.675 -> 2.68), which is what OpenDental shows. -#}
{% macro od_money(column) -%}
    {{ return(adapter.dispatch('od_money')(column)) }}
{%- endmacro %}

{% macro default__od_money(column) -%}
    cast({{ column }} as decimal(15, 2))
{%- endmacro %}
