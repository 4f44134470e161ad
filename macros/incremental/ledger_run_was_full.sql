{#- In fct_ledger's post-hooks: whether this run rebuilt the ledger in full
    (its pre-hook put -1 in the temporary fct_ledger__rebuild). -#}
{% macro ledger_run_was_full() %}
    {%- if not execute -%}
        {{ return(true) }}
    {%- endif -%}
    {%- set found = run_query(
        "select count(*) from " ~ this.schema
        ~ ".fct_ledger__rebuild where patient_id = -1"
    ).columns[0].values()[0] -%}
    {{ return(found > 0) }}
{% endmacro %}
