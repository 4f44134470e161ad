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
