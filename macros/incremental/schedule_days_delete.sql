{#- Part of incremental-by-day (see schedule_days_select.sql). -#}
{% macro schedule_days_delete(date_column) -%}
    {%- if is_incremental() -%}
        {#- the delete list names the target in full: MariaDB resolves an
            alias there in the default database, which dbt's connection
            does not have -#}
        delete {{ this }}
        from {{ this }}
        inner join {{ schedule_days_rebuild_table() }} as rebuild
            on {{ this }}.{{ date_column }} = rebuild.schedule_date
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
