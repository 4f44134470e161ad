{#- dbt's default emits dateadd(day, 1, x), which MariaDB does not have.
    Units: microsecond, millisecond, second, minute, hour, day, week, month,
    quarter, year. Adding months clamps to the month's last day
    (2020-01-31 + 1 month = 2020-02-29). -#}
{% macro mariadb__dateadd(datepart, interval, from_date_or_timestamp) -%}
    {%- set part = datepart | lower | trim("'\"") -%}
    {%- if part == 'millisecond' -%}
        date_add(
            {{ from_date_or_timestamp }},
            interval (({{ interval }}) * 1000) microsecond
        )
    {%- else -%}
        date_add(
            {{ from_date_or_timestamp }},
            interval ({{ interval }}) {{ part }}
        )
    {%- endif -%}
{%- endmacro %}

{% macro mysql__dateadd(datepart, interval, from_date_or_timestamp) -%}
    {{ return(mariadb__dateadd(datepart, interval, from_date_or_timestamp)) }}
{%- endmacro %}
