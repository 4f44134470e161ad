{#- Rows dated in a month one of whose days the last P&I build rebuilt, as
    date ranges the column's index can seek. -#}
{% macro changed_months_condition(date_column, daily_mart) %}
    {%- set built_at = last_partial_build(daily_mart) -%}
    {%- if built_at is none -%}
        true
    {%- else -%}
        {%- set months = run_query(
            "select distinct cast(date_format(report_date, '%Y-%m-01') as char)"
            ~ " from " ~ daily_mart ~ " where _built_at = '" ~ built_at ~ "'"
            ~ " order by 1"
        ).columns[0].values() -%}
        {%- if months | length == 0 -%}
            false
        {%- else -%}
            ({%- for month in months %}
                {{ 'or ' if not loop.first }}{{ date_column }} between
                '{{ month }}' and last_day('{{ month }}')
            {%- endfor %})
        {%- endif -%}
    {%- endif -%}
{% endmacro %}
