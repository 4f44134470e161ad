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
    {%- set built_at = _last_partial_build(ledger) -%}
    {%- if built_at is none -%}
        true
    {%- else -%}
        {#- raw PatNum is never NULL (0 for none): left bare, its index seeks -#}
        {{ 'coalesce(' ~ patient_column ~ ', 0)' if nullable else patient_column }} in (
            select coalesce(scope.patient_id, 0) from {{ ledger }} as scope
            where scope._built_at = '{{ built_at }}'
        )
    {%- endif -%}
{% endmacro %}

{#- Rows dated in a month one of whose days the last P&I build rebuilt, as
    date ranges the column's index can seek. -#}
{% macro changed_months_condition(date_column, daily_mart) %}
    {%- set built_at = _last_partial_build(daily_mart) -%}
    {%- if built_at is none -%}
        true
    {%- else -%}
        {%- set months = run_query(
            "select distinct cast(date_format(report_date, '%Y-%m-01') as char)"
            ~ " from " ~ daily_mart ~ " where _built_at = '" ~ built_at ~ "'"
            ~ " order by 1"
        ).columns[0].values() -%}
        {%- if months | length == 0 -%}
            false
        {%- else -%}
            ({%- for month in months %}
                {{ 'or ' if not loop.first }}{{ date_column }} between
                '{{ month }}' and last_day('{{ month }}')
            {%- endfor %})
        {%- endif -%}
    {%- endif -%}
{% endmacro %}

{#- The _built_at of the last build of `relation` when that build was
    partial (older rows remain); none when everything is to be checked. -#}
{% macro _last_partial_build(relation) %}
    {%- if not execute or var('full_check', false) | as_bool -%}
        {{ return(none) }}
    {%- endif -%}
    {#- offline (sqlfluff's `ci` target sees no relations), or not built yet -#}
    {%- if adapter.get_relation(
        database=relation.database, schema=relation.schema,
        identifier=relation.identifier
    ) is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set row = run_query(
        "select cast(min(_built_at) as char), cast(max(_built_at) as char)"
        ~ " from " ~ relation
    ).rows[0] -%}
    {%- if row[0] is none or row[0] == row[1] -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(row[1]) }}
{% endmacro %}
