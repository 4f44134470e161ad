{#- MariaDB string literals also treat backslash as an escape, so double it
    as well as the quote. -#}
{% macro mariadb__escape_single_quotes(expression) -%}
    {{ expression | replace("\\", "\\\\") | replace("'", "''") }}
{%- endmacro %}

{% macro mysql__escape_single_quotes(expression) -%}
    {{ return(mariadb__escape_single_quotes(expression)) }}
{%- endmacro %}
