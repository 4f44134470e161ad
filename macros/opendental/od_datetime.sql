{#- Same "no date" rule as od_date, keeping the time of day to the second
    (OpenDental stores whole seconds; the cast drops any fraction). -#}
{% macro od_datetime(column) -%}
    {{ return(adapter.dispatch('od_datetime')(column)) }}
{%- endmacro %}

{% macro default__od_datetime(column) -%}
    case
        when
            extract(year from {{ column }}) >= 1880
            and extract(month from {{ column }}) > 0
            and extract(day from {{ column }}) > 0
            then cast({{ column }} as {{ dbt.type_timestamp() }})
    end
{%- endmacro %}
