{% macro mdc_global_rebuild_due(node=none) %}
    {#- True when the stored fingerprint of the model's global inputs and
        logic is missing or differs from the current one. -#}
    {%- if not execute -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set node = node or model -%}
    {%- if node.resource_type != 'model'
        or node.config.materialized != 'incremental' -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set stored = mdc_model_state_read(this.schema, node.name) -%}
    {%- set current = mdc_global_fingerprint(node) -%}
    {{ return(stored is none or stored.fingerprint != current.fingerprint) }}
{% endmacro %}
