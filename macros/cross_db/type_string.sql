{#- CAST target for text: MariaDB cannot CAST ... AS TEXT (dbt's default);
    CHAR is unbounded there. -#}
{% macro mariadb__type_string() -%}
    {{ return('char') }}
{%- endmacro %}

{% macro mysql__type_string() -%}
    {{ return(mariadb__type_string()) }}
{%- endmacro %}
