{#- Part of incremental-by-day (see schedule_days_select.sql). -#}
{% macro schedule_days_record() -%}
    create or replace table {{ schedule_days_table() }}
    (primary key (schedule_date))
    select schedule_date, input_fingerprint
    from {{ ref('int_schedule_day_fingerprints') }}
{%- endmacro %}
