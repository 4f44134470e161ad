{#- The table materialization, publishing atomically (publish_relation):
    build the new table under dbt's intermediate name with its configured
    indexes, swap it in with one RENAME TABLE, drop the previous table after
    the commit. Otherwise as dbt's default table materialization. -#}
{% materialization table, adapter='mariadb' %}

    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set intermediate_relation = make_intermediate_relation(target_relation) -%}
    {%- set backup_relation = make_backup_relation(
        target_relation,
        'table' if existing_relation is none else existing_relation.type
    ) -%}
    {%- do adapter.drop_relation(intermediate_relation) -%}
    {%- do adapter.drop_relation(backup_relation) -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {% call statement('main') -%}
        {{ get_create_table_as_sql(False, intermediate_relation, sql) }}
    {%- endcall %}

    {#- indexes before the swap: readers never meet the new table without
        them (a dashboard query on an unindexed mart scans it) -#}
    {% do create_indexes(intermediate_relation) %}
    {% do publish_relation(
        intermediate_relation, target_relation, existing_relation, backup_relation
    ) %}

    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {% do persist_docs(target_relation, model) %}
    {{ adapter.commit() }}

    {% do adapter.drop_relation(backup_relation) %}
    {{ run_hooks(post_hooks, inside_transaction=False) }}

    {{ return({'relations': [target_relation]}) }}

{% endmaterialization %}
