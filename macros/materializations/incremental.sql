{#- dbt-mysql's incremental materialization, except that a first build, a
    full refresh and a view-to-table change build under the intermediate
    name and publish with one RENAME TABLE (publish_relation): dbt-mysql
    renames the old table away and then builds the new one under the
    model's name, so readers found no table, or a half-filled one, for as
    long as the build ran. The incremental path is unchanged: the rows of
    the new batch replace their keys (incremental_delete, this project's
    faster delete) inside one transaction. A change of the model's global
    inputs or logic (global_inputs.sql) makes the run a full rebuild by the
    same path as --full-refresh; the fingerprint a build saw is stored after
    its commit. -#}
{% materialization incremental, adapter='mariadb' %}

    {%- set unique_key = config.get('unique_key') -%}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set existing_relation = load_relation(this) -%}
    {%- set fingerprint = mdc_global_fingerprint(model) -%}
    {%- set global_rebuild = (
        existing_relation is not none
        and not existing_relation.is_view
        and not should_full_refresh()
        and mdc_global_rebuild_due(model)
    ) -%}
    {%- if global_rebuild -%}
        {{ log(
            model.name ~ ": global inputs or logic changed since the last build ("
            ~ mdc_global_rebuild_reason(model) ~ "); rebuilding in full",
            info=True
        ) }}
    {%- endif -%}
    {%- set rebuild = (
        existing_relation is none
        or existing_relation.is_view
        or should_full_refresh()
        or global_rebuild
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
    {% do mdc_model_state_write(this.schema, model.name, fingerprint) %}
    {{ run_hooks(post_hooks, inside_transaction=False) }}

    {{ return({'relations': [target_relation]}) }}

{% endmaterialization %}
