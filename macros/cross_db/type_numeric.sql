{#- CAST target for exact numbers: DECIMAL (MariaDB does not accept NUMERIC
    in CAST). -#}
{% macro mariadb__type_numeric() -%}
    {{ return('decimal(28, 6)') }}
{%- endmacro %}

{% macro mysql__type_numeric() -%}
    {{ return(mariadb__type_numeric()) }}
{%- endmacro %}
