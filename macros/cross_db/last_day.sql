{#- Last calendar day (a DATE) of the period that contains `date`. MariaDB
    has last_day() for months; other periods use dbt's portable form, built
    on the dateadd and date_trunc shims in this folder. -#}
{% macro mariadb__last_day(date, datepart) -%}
    {%- if datepart | lower | trim("'\"") == 'month' -%}
        last_day({{ date }})
    {%- else -%}
        {{ dbt.default_last_day(date, datepart) }}
    {%- endif -%}
{%- endmacro %}

{% macro mysql__last_day(date, datepart) -%}
    {{ return(mariadb__last_day(date, datepart)) }}
{%- endmacro %}
