{#- Part of incremental-by-month (see kpi_months_select.sql). -#}
{% macro kpi_months_prepare() -%}
    {%- if is_incremental() -%}
        create table if not exists {{ kpi_months_table() }} (
            month_start_date date not null primary key,
            input_rows decimal(20, 0),
            input_fingerprint decimal(30, 0)
        )
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
