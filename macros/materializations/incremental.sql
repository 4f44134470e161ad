{#- dbt-mysql's incremental materialization, except that a first build, a
    full refresh and a view-to-table change build under the intermediate
    name and publish with one RENAME TABLE (publish_relation): dbt-mysql
    renames the old table away and then builds the new one under the
    model's name, so readers found no table, or a half-filled one, for as
    long as the build ran. The incremental path is unchanged: the rows of
    the new batch replace their keys (incremental_delete, this project's
    faster delete) inside one transaction. -#}
{% materialization incremental, adapter='mariadb' %}

    {%- set unique_key = config.get('unique_key') -%}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set existing_relation = load_relation(this) -%}
    {%- set rebuild = (
        existing_relation is none
        or existing_relation.is_view
        or should_full_refresh()
    ) -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {%- if rebuild -%}
        {%- set intermediate_relation = make_intermediate_relation(target_relation) -%}
        {%- set backup_relation = make_backup_relation(
            target_relation,
            'table' if existing_relation is none else existing_relation.type
        ) -%}
        {%- do adapter.drop_relation(intermediate_relation) -%}
        {%- do adapter.drop_relation(backup_relation) -%}
        {% call statement('main') -%}
            {{ create_table_as(False, intermediate_relation, sql) }}
        {%- endcall %}
        {% do publish_relation(
            intermediate_relation, target_relation, existing_relation, backup_relation
        ) %}
    {%- else -%}
        {%- set tmp_relation = make_temp_relation(target_relation) -%}
        {%- do run_query(create_table_as(True, tmp_relation, sql)) -%}
        {%- do adapter.expand_target_column_types(
            from_relation=tmp_relation, to_relation=target_relation
        ) -%}
        {% call statement('pre_main') -%}
            {{ incremental_delete(tmp_relation, target_relation, unique_key=unique_key) }}
        {%- endcall %}
        {% call statement('main') -%}
            {{ incremental_insert(tmp_relation, target_relation, unique_key=unique_key) }}
        {%- endcall %}
    {%- endif %}

    {% do persist_docs(target_relation, model) %}
    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {{ adapter.commit() }}

    {%- if rebuild -%}
        {% do adapter.drop_relation(backup_relation) %}
    {%- endif -%}
    {{ run_hooks(post_hooks, inside_transaction=False) }}

    {{ return({'relations': [target_relation]}) }}

{% endmaterialization %}
