{#- Conditions that narrow a reconciliation test to what the last build
    changed. A nightly build rewrites the ledger entries of the patients
    whose money rows changed and the P&I dates they count on; checking those
    patients and months proves the night's work, and costs what the night
    changed. Everything is checked when the last build rebuilt in full (all
    rows carry one _built_at), and always with `--vars 'full_check: true'`
    (`make check`, weekly). The scope is read at run time; parsing and
    linting see the full form (`true`). -#}

{#- Rows of the patients whose ledger entries the last ledger build
    rewrote (entries without a patient, PatNum 0, are always rewritten);
    nullable=true for a column that holds NULL for "no patient". -#}
{% macro changed_patients_condition(patient_column, ledger, nullable=false) %}
    {%- set built_at = last_partial_build(ledger) -%}
    {%- if built_at is none -%}
        true
    {%- else -%}
        {#- raw PatNum is never NULL (0 for none): bare, its index seeks -#}
        {%- set compared = (
            'coalesce(' ~ patient_column ~ ', 0)' if nullable
            else patient_column
        ) %}
        {{ compared }} in (
            select coalesce(scope.patient_id, 0) from {{ ledger }} as scope
            where scope._built_at = '{{ built_at }}'
        )
    {%- endif -%}
{% endmacro %}
