{#- The rows of `relation` that the ledger's build needs: all of them on a
    full build; on an incremental build only the rows of the patients
    fct_ledger's pre-hook listed for rebuilding (temporary table
    fct_ledger__rebuild, same session) and the rows without a patient (few;
    always rebuilt). Two index-driven selects rather than one OR, which
    MariaDB cannot turn into a semi-join: the patient_id index finds both.
    Rendered when fct_ledger compiles, so it asks whether fct_ledger will
    build incrementally (ledger_builds_incrementally). -#}
{% macro ledger_scoped(relation, patient_column='patient_id') %}
    {{- return(adapter.dispatch('ledger_scoped')(relation, patient_column)) -}}
{% endmacro %}

{% macro default__ledger_scoped(relation, patient_column) %}
    {%- if ledger_builds_incrementally() -%}
        select * from {{ relation }}
        where {{ patient_column }} in (
            select fct_ledger__rebuild.patient_id
            from {{ target.schema }}.fct_ledger__rebuild
        )
        union all
        select * from {{ relation }}
        where {{ patient_column }} is null
    {%- else -%}
        select * from {{ relation }}
    {%- endif -%}
{% endmacro %}


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


{#- The ledger's date columns a by-date mart counts an entry on. -#}
{% macro ledger_date_columns() %}
    {{ return([
        'production_income_date',
        'writeoff_date_by_insurance_payment',
        'writeoff_date_by_procedure',
        'writeoff_date_by_claim',
    ]) }}
{% endmacro %}


{#- The columns that decide whether a rebuilt ledger entry changed for the
    by-date marts: as a select list, or (with_key=false) as a list of names
    without the key. -#}
{% macro ledger_change_columns(with_key=true) %}
    {%- set columns = [
        'entry_type', 'provider_id', 'clinic_id', 'amount',
        'production_income_measure',
    ] + ledger_date_columns() -%}
    {%- if with_key -%}
        {{ return('ledger_entry_id, ' ~ columns | join(', ')) }}
    {%- endif -%}
    {{ return(columns) }}
{% endmacro %}


{#- Log every date the ledger (as it is now) counts an entry on: a full
    build's before and after. -#}
{% macro log_every_ledger_date() %}
    insert into {{ target.schema }}_staging.fct_ledger__changed_dates
    select distinct now(6), every_date.changed_date
    from (
        {% for column in ledger_date_columns() %}
            select {{ column }} as changed_date from {{ this }}
            {{ 'union' if not loop.last }}
        {% endfor %}
    ) as every_date
    where every_date.changed_date is not null
{% endmacro %}


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
