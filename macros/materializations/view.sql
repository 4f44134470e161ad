{#- The view materialization: one `create or replace view` (atomic: readers
    see the old definition or the new one, never a missing name), and no
    statement at all when the compiled definition is the one the last build
    created (fingerprint in `_mdc_model_state`). dbt's default renames three
    times and drops twice per view, every night, for definitions that
    change only when the project does (DECISIONLOG F14). -#}
{% materialization view, adapter='mariadb' %}

    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set target_relation = this.incorporate(type='view') -%}
    {%- set fingerprint = {
        'fingerprint': local_md5(sql), 'detail': 'view definition'
    } -%}

    {%- if mdc_definition_unchanged(existing_relation, 'view', fingerprint) -%}
        {%- call noop_statement('main', 'UNCHANGED', 'UNCHANGED', 0) -%}
        {%- endcall -%}
        {{ return({'relations': [target_relation]}) }}
    {%- endif -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {%- if existing_relation is not none and not existing_relation.is_view -%}
        {%- do adapter.drop_relation(existing_relation) -%}
    {%- endif -%}
    {% call statement('main') -%}
        create or replace view {{ target_relation }} as {{ sql }}
    {%- endcall %}

    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {{ adapter.commit() }}
    {{ run_hooks(post_hooks, inside_transaction=False) }}
    {%- do mdc_model_state_write(this.schema, this.identifier, fingerprint) -%}

    {{ return({'relations': [target_relation]}) }}

{% endmaterialization %}
