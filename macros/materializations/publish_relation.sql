{#- Puts a freshly built table in place of the model's relation in ONE
    statement, so that a reader (the dashboards) always finds the previous
    complete table or the new one, never a missing or half-built name.
    dbt's table materialization (and dbt-mysql's full refresh) rename twice:
    the old table to a backup, then the new one into place; a query that
    arrives between the two fails with "table doesn't exist". MariaDB's
    RENAME TABLE renames several tables atomically: other sessions see all
    of the renames or none. The previous relation, if any, ends up under
    `backup` (the caller drops it after the commit). -#}
{% macro publish_relation(
    new_relation, target_relation, existing_relation, backup_relation
) %}
    {{- return(adapter.dispatch('publish_relation')(
        new_relation, target_relation, existing_relation, backup_relation
    )) -}}
{% endmacro %}

{% macro mariadb__publish_relation(
    new_relation, target_relation, existing_relation, backup_relation
) %}
    {%- call statement('publish_relation') -%}
        rename table
        {%- if existing_relation is not none %}
            {{ existing_relation }} to {{ backup_relation }},
        {%- endif %}
            {{ new_relation }} to {{ target_relation }}
    {%- endcall -%}
    {%- if existing_relation is not none -%}
        {%- do adapter.cache_renamed(existing_relation, backup_relation) -%}
    {%- endif -%}
    {%- do adapter.cache_renamed(new_relation, target_relation) -%}
{% endmacro %}

{% macro mysql__publish_relation(
    new_relation, target_relation, existing_relation, backup_relation
) %}
    {{- return(mariadb__publish_relation(
        new_relation, target_relation, existing_relation, backup_relation
    )) -}}
{% endmacro %}
