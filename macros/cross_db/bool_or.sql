{#- True (1) when any row is true; booleans are 0/1 integers in MariaDB. -#}
{% macro mariadb__bool_or(expression) -%}
    max({{ expression }})
{%- endmacro %}

{% macro mysql__bool_or(expression) -%}
    {{ return(mariadb__bool_or(expression)) }}
{%- endmacro %}
