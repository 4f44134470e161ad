{#- The `indexes:` config for incremental models (dbt's incremental
    materialization never creates indexes; tables and seeds get them from
    mariadb__get_create_index_sql). Applied to every model as a post-hook in
    dbt_project.yml; it acts only on incremental models and creates each
    configured index with `create index if not exists`: a no-op on an
    incremental run, the indexes come back after `--full-refresh` rebuilds
    the table. Runs the statements itself (one per index) and returns no SQL,
    so the hook is skipped when there is nothing to do. -#}
{% macro create_incremental_indexes() -%}
    {{ return(adapter.dispatch('create_incremental_indexes')()) }}
{%- endmacro %}

{% macro default__create_incremental_indexes() -%}
    {%- if execute and config.get('materialized') == 'incremental' -%}
        {%- for index_dict in config.get('indexes') or [] -%}
            {%- do run_query(get_create_index_sql(this, index_dict)) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
