{% macro mdc_model_state_read(schema, model_name) %}
    {#- {'fingerprint', 'detail'} stored for the model, or none. Reads
        information_schema, not dbt's relation cache: the table may have
        been created earlier in this run. -#}
    {%- set exists = run_query(
        "select count(*) from information_schema.tables where table_schema = "
        ~ mdc_sql_string(schema)
        ~ " and table_name = '_mdc_model_state'"
    ).rows[0][0] -%}
    {%- if exists == 0 -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set rows = run_query(
        "select inputs_fingerprint, inputs_detail from "
        ~ mdc_model_state_relation(schema)
        ~ " where model_name = " ~ mdc_sql_string(model_name)
    ).rows -%}
    {%- if rows | length == 0 -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return({'fingerprint': rows[0][0], 'detail': rows[0][1]}) }}
{% endmacro %}
