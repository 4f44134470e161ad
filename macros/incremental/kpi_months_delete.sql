{#- Part of incremental-by-month (see kpi_months_select.sql). -#}
{% macro kpi_months_delete() -%}
    {%- if is_incremental() -%}
        {#- the delete list names the target in full: MariaDB resolves an
            alias there in the default database, which dbt's connection
            does not have -#}
        delete {{ this }}
        from {{ this }}
        inner join {{ kpi_months_rebuild_table() }} as rebuild
            on {{ this }}.month_start_date = rebuild.month_start_date
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
