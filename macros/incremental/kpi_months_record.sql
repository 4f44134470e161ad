{#- Part of incremental-by-month (see kpi_months_select.sql). -#}
{% macro kpi_months_record() -%}
    create or replace table {{ kpi_months_table() }}
    (primary key (month_start_date))
    select month_start_date, input_rows, input_fingerprint
    from {{ ref('int_kpi_month_fingerprints') }}
{%- endmacro %}
