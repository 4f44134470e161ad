{#-
    The raw copy of an OpenDental table for its staging model, tolerating schema
    drift between OpenDental versions: every column the source YAML declares that
    the raw table lacks (an older OpenDental) comes out as `null as <column>`, so
    the staging model builds with that column NULL; columns raw has beyond the
    declared ones (a newer OpenDental) pass through and staging ignores them.
    With nothing missing (and at parse time) it is the plain source relation.
    mart_data_quality's check source_columns_missing names what was missing.
-#}
{% macro od_source(table_name) -%}
    {{ return(adapter.dispatch('od_source')(table_name)) }}
{%- endmacro %}

{% macro default__od_source(table_name) -%}
    {%- set relation = source('opendental', table_name) -%}
    {#- At parse time, and offline (sqlfluff's `ci` target sees no
        relations): the plain relation. -#}
    {%- if not execute or adapter.get_relation(
        database=relation.database, schema=relation.schema,
        identifier=relation.identifier
    ) is none -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- set present = [] -%}
    {%- for column in adapter.get_columns_in_relation(relation) -%}
        {%- do present.append(column.name | lower) -%}
    {%- endfor -%}
    {%- set declared = graph.sources[
        'source.' ~ project_name ~ '.opendental.' ~ table_name
    ].columns -%}
    {%- set missing = [] -%}
    {%- for name in declared if present and name | lower not in present -%}
        {%- do missing.append(name) -%}
    {%- endfor -%}
    {%- if not missing -%}
        {{ return(relation) }}
    {%- endif -%}
    (
        select
            raw_table.*
            {%- for name in missing %},
            null as {{ adapter.quote(name) }}
            {%- endfor %}
        from {{ relation }} as raw_table
    ) as {{ table_name }}_with_missing_columns
{%- endmacro %}
