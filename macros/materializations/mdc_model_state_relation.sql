{% macro mdc_model_state_relation(schema) %}
    {{ return(api.Relation.create(
        schema=schema, identifier='_mdc_model_state', type='table'
    )) }}
{% endmacro %}
