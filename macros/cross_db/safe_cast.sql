{#- CAST with dbt's generic type names mapped to MariaDB CAST targets.
    MariaDB has no TRY_CAST: in a SELECT a bad value becomes NULL or 0 with a
    warning, but a table build in strict mode fails, so clean dirty input
    first. -#}
{% macro mariadb__safe_cast(field, type) -%}
    {%- set targets = {
        'text': 'char', 'string': 'char', 'varchar': 'char',
        'bigint': 'signed', 'int': 'signed', 'integer': 'signed',
        'boolean': 'signed', 'numeric': 'decimal(28, 6)',
        'float': 'double', 'timestamp': 'datetime',
    } -%}
    cast({{ field }} as {{ targets.get(type | lower | trim, type) }})
{%- endmacro %}

{% macro mysql__safe_cast(field, type) -%}
    {{ return(mariadb__safe_cast(field, type)) }}
{%- endmacro %}
