{% macro mdc_global_input_relation(node, name, upstream) %}
    {#- The relation of the model or seed `name`, upstream of node. -#}
    {%- set found = [] -%}
    {%- for unique_id, candidate in graph.nodes.items()
        if candidate.name == name
        and candidate.resource_type in ('model', 'seed', 'snapshot') -%}
        {%- do found.append(candidate) -%}
    {%- endfor -%}
    {%- if found | length != 1 -%}
        {{ exceptions.raise_compiler_error(
            node.name ~ ": global input '" ~ name
            ~ "' is not one model, seed or snapshot of the project"
        ) }}
    {%- endif -%}
    {%- set input = found[0] -%}
    {%- if input.unique_id not in upstream -%}
        {{ exceptions.raise_compiler_error(
            node.name ~ ": global input '" ~ name ~ "' is not upstream of "
            ~ "the model; add `-- depends_on: {{ ref('" ~ name ~ "') }}`"
        ) }}
    {%- endif -%}
    {%- if input.config.materialized == 'ephemeral' -%}
        {{ exceptions.raise_compiler_error(
            node.name ~ ": global input '" ~ name ~ "' is ephemeral; name "
            ~ "the view or table it reads (with `where`/`columns`)"
        ) }}
    {%- endif -%}
    {{ return(adapter.get_relation(
        database=input.database, schema=input.schema,
        identifier=input.alias
    )) }}
{% endmacro %}
