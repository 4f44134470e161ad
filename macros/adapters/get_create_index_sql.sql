{#- Makes the `indexes:` model config work on MariaDB (dbt-mysql ignores it):
    dbt's table and seed materializations call this once per index, e.g.
        config(indexes=[
            {'columns': ['patient_id']},
            {'columns': ['claim_id', 'procedure_id'], 'unique': true},
        ])
    `name` is optional; the default `ix_<table>__<columns>` is shortened with
    a hash to MariaDB's 64 characters. Incremental models get their indexes
    from create_incremental_indexes (a project-wide post-hook). -#}
{% macro mariadb__get_create_index_sql(relation, index_dict) -%}
    {%- set columns = index_dict.get('columns') -%}
    {%- if not columns or columns is string -%}
        {{ exceptions.raise_compiler_error(
            "indexes: each index of " ~ relation
            ~ " needs `columns`, a list of column names; got " ~ index_dict
        ) }}
    {%- endif -%}
    {#- named after the model, also when built under dbt's intermediate name
        (the table materialization indexes it before the swap) -#}
    {%- set model_name = relation.identifier | replace('__dbt_tmp', '') -%}
    {%- set default_name = (
        'ix_' ~ model_name ~ '__' ~ (columns | join('__'))
    ) -%}
    {%- set name = index_dict.get('name') or default_name -%}
    {%- if name | length > 64 -%}
        {%- set name = name[:55] ~ '_' ~ local_md5(name)[:8] -%}
    {%- endif -%}
    create {{ 'unique ' if index_dict.get('unique') }}index
    if not exists `{{ name }}`
    on {{ relation }} ({{ columns | join(', ') }})
{%- endmacro %}

{% macro mysql__get_create_index_sql(relation, index_dict) -%}
    {{ return(mariadb__get_create_index_sql(relation, index_dict)) }}
{%- endmacro %}
