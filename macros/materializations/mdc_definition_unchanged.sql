{#- True when `relation` exists as `relation_type`, this is not a full
    refresh, and the last build of this node recorded `fingerprint`: the
    node can be left as it is. -#}
{% macro mdc_definition_unchanged(relation, relation_type, fingerprint) %}
    {%- if relation is none or relation.type != relation_type
        or should_full_refresh() -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set stored = mdc_model_state_read(this.schema, this.identifier) -%}
    {{ return(
        stored is not none
        and stored.fingerprint == fingerprint.fingerprint
    ) }}
{% endmacro %}
