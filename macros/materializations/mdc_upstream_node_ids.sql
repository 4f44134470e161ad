{% macro mdc_upstream_node_ids(unique_id, seen) %}
    {#- Adds every model and seed upstream of unique_id to `seen`. -#}
    {%- for parent in graph.nodes[unique_id].depends_on.nodes -%}
        {%- if parent not in seen and parent in graph.nodes -%}
            {%- do seen.update({parent: true}) -%}
            {%- do mdc_upstream_node_ids(parent, seen) -%}
        {%- endif -%}
    {%- endfor -%}
{% endmacro %}
