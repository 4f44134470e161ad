{#- CAST target for 64-bit integers: MariaDB spells it SIGNED (CAST ... AS
    BIGINT is a syntax error). -#}
{% macro mariadb__type_bigint() -%}
    {{ return('signed') }}
{%- endmacro %}

{% macro mysql__type_bigint() -%}
    {{ return(mariadb__type_bigint()) }}
{%- endmacro %}
