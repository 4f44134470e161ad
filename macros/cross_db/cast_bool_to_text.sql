{#- Booleans are integers in MariaDB; render them as 'true'/'false' like
    other warehouses. -#}
{% macro mariadb__cast_bool_to_text(field) -%}
    case when {{ field }} then 'true' when not {{ field }} then 'false' end
{%- endmacro %}

{% macro mysql__cast_bool_to_text(field) -%}
    {{ return(mariadb__cast_bool_to_text(field)) }}
{%- endmacro %}
