{#- OpenDental writes "no date" as 0001-01-01, 0000-00-00 or a partial zero
    date such as 2020-00-00 (it runs with sql_mode=''); any year before 1880
    is treated as no date. -#}
{% macro od_date(column) -%}
    {{ return(adapter.dispatch('od_date')(column)) }}
{%- endmacro %}

{% macro default__od_date(column) -%}
    case
        when
            extract(year from {{ column }}) >= 1880
            and extract(month from {{ column }}) > 0
            and extract(day from {{ column }}) > 0
            then cast({{ column }} as date)
    end
{%- endmacro %}
