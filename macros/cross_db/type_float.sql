{#- CAST target for floating point: DOUBLE (CAST ... AS FLOAT is single
    precision in MariaDB). -#}
{% macro mariadb__type_float() -%}
    {{ return('double') }}
{%- endmacro %}

{% macro mysql__type_float() -%}
    {{ return(mariadb__type_float()) }}
{%- endmacro %}
