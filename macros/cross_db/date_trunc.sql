{#- MariaDB has no date_trunc. Returns a DATETIME at the start of the
    period; weeks start on Monday (ISO), as in Postgres. -#}
{% macro mariadb__date_trunc(datepart, date) -%}
    {%- set part = datepart | lower | trim("'\"") -%}
    {%- if part == 'year' -%}
        cast(date_format({{ date }}, '%Y-01-01') as datetime)
    {%- elif part == 'quarter' -%}
        cast(
            makedate(year({{ date }}), 1)
            + interval (quarter({{ date }}) - 1) quarter
            as datetime
        )
    {%- elif part == 'month' -%}
        cast(date_format({{ date }}, '%Y-%m-01') as datetime)
    {%- elif part == 'week' -%}
        cast(
            date_sub(cast({{ date }} as date), interval weekday({{ date }}) day)
            as datetime
        )
    {%- elif part == 'day' -%}
        cast(cast({{ date }} as date) as datetime)
    {%- elif part == 'hour' -%}
        cast(date_format({{ date }}, '%Y-%m-%d %H:00:00') as datetime)
    {%- elif part == 'minute' -%}
        cast(date_format({{ date }}, '%Y-%m-%d %H:%i:00') as datetime)
    {%- elif part == 'second' -%}
        cast(date_format({{ date }}, '%Y-%m-%d %H:%i:%s') as datetime)
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "date_trunc: unsupported datepart '" ~ datepart ~ "' on MariaDB"
        ) }}
    {%- endif -%}
{%- endmacro %}

{% macro mysql__date_trunc(datepart, date) -%}
    {{ return(mariadb__date_trunc(datepart, date)) }}
{%- endmacro %}
