{#- MariaDB has no any_value(); min() returns one of the group's values and
    is deterministic. -#}
{% macro mariadb__any_value(expression) -%}
    min({{ expression }})
{%- endmacro %}

{% macro mysql__any_value(expression) -%}
    {{ return(mariadb__any_value(expression)) }}
{%- endmacro %}
