{#- Part of incremental-by-day (see schedule_days_select.sql). -#}
{% macro schedule_days_prepare() -%}
    {%- if is_incremental() -%}
        create table if not exists {{ schedule_days_table() }} (
            schedule_date date not null primary key,
            input_fingerprint decimal(30, 0)
        )
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
