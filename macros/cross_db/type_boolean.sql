{#- MariaDB has no boolean CAST target: booleans are the integers 0 and 1,
    so cast to SIGNED. -#}
{% macro mariadb__type_boolean() -%}
    {{ return('signed') }}
{%- endmacro %}

{% macro mysql__type_boolean() -%}
    {{ return(mariadb__type_boolean()) }}
{%- endmacro %}
