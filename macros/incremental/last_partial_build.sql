{#- The _built_at of the last build of `relation` when that build was
    partial (older rows remain); none when everything is to be checked. -#}
{% macro last_partial_build(relation) %}
    {%- if not execute or var('full_check', false) | as_bool -%}
        {{ return(none) }}
    {%- endif -%}
    {#- offline (sqlfluff's `ci` target sees no relations), or not built yet -#}
    {%- if adapter.get_relation(
        database=relation.database, schema=relation.schema,
        identifier=relation.identifier
    ) is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set row = run_query(
        "select cast(min(_built_at) as char), cast(max(_built_at) as char)"
        ~ " from " ~ relation
    ).rows[0] -%}
    {%- if row[0] is none or row[0] == row[1] -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(row[1]) }}
{% endmacro %}
