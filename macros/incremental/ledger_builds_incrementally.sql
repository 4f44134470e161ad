{#- True when fct_ledger exists and this run will not rebuild it in full
    (no --full-refresh, its global inputs and logic unchanged: the same test
    as its is_incremental()). Only known at run time (`execute`); parsing and
    docs see the full form. -#}
{% macro ledger_builds_incrementally() %}
    {%- if not execute or flags.FULL_REFRESH -%}
        {{ return(false) }}
    {%- endif -%}
    {#- by name, not ref(): a ref would make the ledger's own inputs depend
        on it. The marts (fct_ledger) are built in the target schema. -#}
    {%- set existing = adapter.get_relation(
        database=target.database, schema=target.schema, identifier='fct_ledger'
    ) -%}
    {%- if existing is none or not existing.is_table -%}
        {{ return(false) }}
    {%- endif -%}
    {#- the ledger's own decision: a change of its global inputs or logic
        rebuilds it in full (is_incremental, mdc_global_rebuild_due) -#}
    {%- set ledger = graph.nodes['model.' ~ project_name ~ '.fct_ledger'] -%}
    {%- set stored = mdc_model_state_read(target.schema, 'fct_ledger') -%}
    {{ return(
        stored is not none
        and stored.fingerprint == mdc_global_fingerprint(ledger).fingerprint
    ) }}
{% endmacro %}
