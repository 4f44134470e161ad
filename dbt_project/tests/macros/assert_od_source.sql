-- od_source gives the raw table with every column its source YAML declares
-- (NULL where raw lacks one) and every raw row. The preference table is the
-- case: selecting each declared column through the macro must work, and the
-- row count must equal the raw table's. The test returns a row when not.
-- Without a raw schema (the macro tests' own throwaway project) there is
-- nothing to read: no case.
{%- set relation = source('opendental', 'preference') -%}
{%- set raw_exists = execute and adapter.get_relation(
    database=relation.database, schema=relation.schema,
    identifier=relation.identifier
) is not none -%}
{%- set declared = [] -%}
{%- if execute -%}
    {%- set node_id = 'source.' ~ project_name ~ '.opendental.preference' -%}
    {%- for name in graph.sources[node_id].columns -%}
        {%- do declared.append(adapter.quote(name)) -%}
    {%- endfor -%}
{%- endif %}

{% if raw_exists -%}
    with

    via_macro as (

        select {{ declared | join(', ') }}
        from {{ od_source('preference') }}

    ),

    macro_count as (

        select count(*) as rows_via_macro from via_macro

    ),

    raw_count as (

        select count(*) as rows_in_raw from {{ relation }}

    )

    select
        macro_count.rows_via_macro,
        raw_count.rows_in_raw
    from macro_count
    cross join raw_count
    where macro_count.rows_via_macro != raw_count.rows_in_raw
{%- else -%}
    select 1 as no_raw_schema
    from (select 1 as one_row) as no_rows
    where false
{%- endif %}
