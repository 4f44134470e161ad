{% macro mdc_model_state_write(schema, model_name, fingerprint) %}
    {#- Records the fingerprint a complete build saw (after its commit). -#}
    {%- set state = mdc_model_state_relation(schema) -%}
    {%- call statement('mdc_model_state_table', auto_begin=True) -%}
        create table if not exists {{ state }} (
            model_name varchar(255) not null primary key,
            inputs_fingerprint char(32) not null,
            inputs_detail text not null,
            built_at datetime not null
        )
    {%- endcall -%}
    {%- call statement('mdc_model_state_write', auto_begin=True) -%}
        replace into {{ state }}
            (model_name, inputs_fingerprint, inputs_detail, built_at)
        values (
            {{ mdc_sql_string(model_name) }},
            {{ mdc_sql_string(fingerprint.fingerprint) }},
            {{ mdc_sql_string(fingerprint.detail) }},
            utc_timestamp()
        )
    {%- endcall -%}
    {%- do adapter.commit() -%}
{% endmacro %}
