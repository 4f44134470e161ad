{#- dbt's default joins with ||, which MariaDB reads as logical OR. Like ||,
    concat() returns NULL when any part is NULL. -#}
{% macro mariadb__concat(fields) -%}
    concat({{ fields | join(', ') }})
{%- endmacro %}

{% macro mysql__concat(fields) -%}
    {{ return(mariadb__concat(fields)) }}
{%- endmacro %}
