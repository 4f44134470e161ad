{% macro mdc_sql_string(value) %}
    {#- A SQL string literal of value (quotes and backslashes escaped). -#}
    {{ return("'" ~ (value | string | replace('\\', '\\\\')
        | replace("'", "''")) ~ "'") }}
{% endmacro %}
