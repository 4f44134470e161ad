{#- dbt's datediff counts the unit boundaries crossed between the two values
    (its meaning on Snowflake, Postgres and BigQuery): 2020-01-31 to
    2020-02-01 is 1 month, 2019-12-31 to 2020-01-01 is 1 year. MariaDB's
    timestampdiff counts whole elapsed units instead (0 and 0 there): call it
    directly for ages and "whole months elapsed". Weeks start on Monday. -#}
{% macro mariadb__datediff(first_date, second_date, datepart) -%}
    {%- set part = datepart | lower | trim("'\"") -%}
    {%- set a = first_date -%}
    {%- set b = second_date -%}
    {%- if part == 'year' -%}
        (year({{ b }}) - year({{ a }}))
    {%- elif part == 'quarter' -%}
        (
            (year({{ b }}) * 4 + quarter({{ b }}))
            - (year({{ a }}) * 4 + quarter({{ a }}))
        )
    {%- elif part == 'month' -%}
        (
            (year({{ b }}) * 12 + month({{ b }}))
            - (year({{ a }}) * 12 + month({{ a }}))
        )
    {%- elif part == 'week' -%}
        {#- both operands are Mondays (day numbers): the difference divides
            by 7 exactly -#}
        (
            (
                (to_days({{ b }}) - weekday({{ b }}))
                - (to_days({{ a }}) - weekday({{ a }}))
            ) div 7
        )
    {%- elif part == 'day' -%}
        (to_days({{ b }}) - to_days({{ a }}))
    {%- elif part in ('hour', 'minute', 'second') -%}
        {%- set fmt = {
            'hour': '%Y-%m-%d %H:00:00',
            'minute': '%Y-%m-%d %H:%i:00',
            'second': '%Y-%m-%d %H:%i:%s',
        }[part] -%}
        timestampdiff(
            {{ part }},
            date_format({{ a }}, '{{ fmt }}'),
            date_format({{ b }}, '{{ fmt }}')
        )
    {%- elif part == 'millisecond' -%}
        (
            floor(timestampdiff(microsecond, '1900-01-01', {{ b }}) / 1000)
            - floor(timestampdiff(microsecond, '1900-01-01', {{ a }}) / 1000)
        )
    {%- elif part == 'microsecond' -%}
        timestampdiff(microsecond, {{ a }}, {{ b }})
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "datediff: unsupported datepart '" ~ datepart ~ "' on MariaDB"
        ) }}
    {%- endif -%}
{%- endmacro %}

{% macro mysql__datediff(first_date, second_date, datepart) -%}
    {{ return(mariadb__datediff(first_date, second_date, datepart)) }}
{%- endmacro %}
