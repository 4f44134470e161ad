{#- Part of incremental-by-day (see schedule_days_select.sql). -#}
{% macro schedule_days_filter(date_expression) -%}
    {#- a where-condition on the model's input: only the days to rebuild on
        an incremental run, every day otherwise -#}
    {%- if is_incremental() -%}
        {{ date_expression }} in (
            select schedule_date from {{ schedule_days_rebuild_table() }}
        )
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}
