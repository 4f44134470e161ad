{#-
    The practice's data quality, measured on every build: one row per check
    (per table, for checks that look at several tables), kept when it found
    nothing. What each check means and what to do about it in OpenDental:
    docs/data-quality.md. A check that finds something never fails the
    build; the warning tests and `mdc doctor` point here.
-#}
{{ config(materialized='table') }}

{#- Preferences the models read, and what they assume when one is missing. -#}
{%- set preferences_used = [
    ('ReportsPPOwriteoffDefaultToProcDate', '0: write-offs dated by the insurance payment date'),
    ('DateLastAging', 'none: the stored-aging comparison is skipped'),
    ('PayPlansVersion', '1: payment plans do not age'),
    ('AgingProcLifo', 'off: credits pay the oldest charges first'),
    ('BadDebtAdjustmentTypes', 'none: no adjustment counts as bad debt'),
    ('BrokenAppointmentAdjustmentType', 'none: no broken-appointment fees are recognised'),
    ('RecallTypesShowingInList', 'none: the recall list is empty'),
] -%}

{#- Tables without which the marts are empty or zero. -#}
{%- set core_tables = [
    'patient', 'provider', 'procedurecode', 'procedurelog', 'appointment',
    'claim', 'claimproc', 'adjustment', 'payment', 'paysplit', 'preference',
    'definition',
] -%}

{#- Source columns each staging model reads that the raw table lacks (an
    older OpenDental): od_source() gives them as NULL. Found at run time.
    Columns declared with meta phi: optional (patient names, chart number)
    are absent by the default PHI policy, not by drift: not reported. -#}
{%- set missing_columns = {} -%}
{%- if execute -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model'
        and node.name.startswith('stg_opendental__') -%}
        {%- set used_words = modules.re.findall('\\w+', node.raw_code) -%}
        {%- for source_id in node.depends_on.nodes
            if source_id.startswith('source.' ~ project_name ~ '.opendental.') -%}
            {%- set declared = graph.sources[source_id] -%}
            {%- set relation = source('opendental', declared.name) -%}
            {%- set present = [] -%}
            {%- set found = adapter.get_relation(
                database=relation.database, schema=relation.schema,
                identifier=relation.identifier
            ) -%}
            {%- set columns = adapter.get_columns_in_relation(relation)
                if found else [] -%}
            {%- for column in columns -%}
                {%- do present.append(column.name | lower) -%}
            {%- endfor -%}
            {%- set missing = [] -%}
            {%- for name in declared.columns
                if present and name in used_words
                and name | lower not in present
                and (declared.columns[name].meta or {}).get('phi') != 'optional' -%}
                {%- do missing.append(declared.name ~ '.' ~ name) -%}
            {%- endfor -%}
            {%- do missing_columns.update({declared.name: missing}) -%}
        {%- endfor -%}
    {%- endfor -%}
{%- endif -%}

{%- set warnings = source('mdc_loader', '_mdc_load_warnings') -%}
{%- set runs = source('mdc_loader', '_mdc_load_runs') -%}
{%- set has_warnings = execute and adapter.get_relation(
    database=warnings.database, schema=warnings.schema,
    identifier=warnings.identifier
) is not none and adapter.get_relation(
    database=runs.database, schema=runs.schema, identifier=runs.identifier
) is not none -%}

with

-- table_name is a column of this mart (a contract), not a keyword here:
-- sqlfluff:rules:references.keywords:ignore_words:table_name
procedures as (

    select * from {{ ref('stg_opendental__procedurelog') }}

),

claim_procedures as (

    select * from {{ ref('stg_opendental__claimproc') }}

),

claims as (

    select * from {{ ref('stg_opendental__claim') }}

),

adjustments as (

    select * from {{ ref('stg_opendental__adjustment') }}

),

payments as (

    select * from {{ ref('stg_opendental__payment') }}

),

payment_splits as (

    select * from {{ ref('stg_opendental__paysplit') }}

),

preferences as (

    select * from {{ ref('stg_opendental__preference') }}

),

stored_aging_differences as (

    select * from {{ ref('int_stored_aging_differences') }}

),

practice_as_of as (

    select * from {{ ref('int_practice_as_of_date') }}

),

{% if has_warnings -%}
load_warnings as (

    select * from {{ warnings }}

),

load_runs as (

    select * from {{ runs }}

),

{% endif -%}
{# Received (1) and supplemental (4) payments: what the P&I report and the
    ledger date by DateCP. #}
received_claim_procedures as (

    select * from claim_procedures
    where claim_procedure_status_code in (1, 4)

),

completed_procedures as (

    select * from procedures
    where procedure_status_code = 2

),

claimproc_received_without_date as (

    select
        'claimproc_received_without_date' as check_name,
        'claimproc' as table_name,
        count(*) as rows_affected,
        sum(insurance_paid_amount + write_off_amount) as amount_affected,
        {{ dbt.listagg(
            'claim_procedure_id', "', '", 'order by claim_procedure_id', 5
        ) }} as example_keys
    from received_claim_procedures
    where insurance_payment_date is null

),

procedure_complete_unit_qty_zero as (

    select
        'procedure_complete_unit_qty_zero' as check_name,
        'procedurelog' as table_name,
        count(*) as rows_affected,
        sum(procedure_fee) as amount_affected,
        {{ dbt.listagg(
            'procedure_id', "', '", 'order by procedure_id', 5
        ) }} as example_keys
    from completed_procedures
    where unit_quantity = 0

),

money_dated_before_1880 as (

    select
        'money_dated_before_1880' as check_name,
        'procedurelog' as table_name,
        count(*) as rows_affected,
        sum(procedure_fee * (unit_quantity + base_units)) as amount_affected,
        {{ dbt.listagg(
            'procedure_id', "', '", 'order by procedure_id', 5
        ) }} as example_keys
    from completed_procedures
    where procedure_date is null

    union all

    select
        'money_dated_before_1880' as check_name,
        'adjustment' as table_name,
        count(*) as rows_affected,
        sum(adjustment_amount) as amount_affected,
        {{ dbt.listagg(
            'adjustment_id', "', '", 'order by adjustment_id', 5
        ) }} as example_keys
    from adjustments
    where adjustment_date is null

    union all

    select
        'money_dated_before_1880' as check_name,
        'paysplit' as table_name,
        count(*) as rows_affected,
        sum(split_amount) as amount_affected,
        {{ dbt.listagg(
            'payment_split_id', "', '", 'order by payment_split_id', 5
        ) }} as example_keys
    from payment_splits
    where payment_date is null

),

future_dated_transactions as (

    select
        'future_dated_transactions' as check_name,
        'procedurelog' as table_name,
        count(*) as rows_affected,
        sum(
            completed_procedures.procedure_fee
            * (
                completed_procedures.unit_quantity
                + completed_procedures.base_units
            )
        ) as amount_affected,
        {{ dbt.listagg(
            'completed_procedures.procedure_id', "', '",
            'order by completed_procedures.procedure_id', 5
        ) }} as example_keys
    from completed_procedures
    cross join practice_as_of
    where completed_procedures.procedure_date > practice_as_of.as_of_date

    union all

    select
        'future_dated_transactions' as check_name,
        'adjustment' as table_name,
        count(*) as rows_affected,
        sum(adjustments.adjustment_amount) as amount_affected,
        {{ dbt.listagg(
            'adjustments.adjustment_id', "', '",
            'order by adjustments.adjustment_id', 5
        ) }} as example_keys
    from adjustments
    cross join practice_as_of
    where adjustments.adjustment_date > practice_as_of.as_of_date

    union all

    select
        'future_dated_transactions' as check_name,
        'paysplit' as table_name,
        count(*) as rows_affected,
        sum(payment_splits.split_amount) as amount_affected,
        {{ dbt.listagg(
            'payment_splits.payment_split_id', "', '",
            'order by payment_splits.payment_split_id', 5
        ) }} as example_keys
    from payment_splits
    cross join practice_as_of
    where payment_splits.payment_date > practice_as_of.as_of_date

    union all

    select
        'future_dated_transactions' as check_name,
        'claimproc' as table_name,
        count(*) as rows_affected,
        sum(
            received_claim_procedures.insurance_paid_amount
            + received_claim_procedures.write_off_amount
        ) as amount_affected,
        {{ dbt.listagg(
            'received_claim_procedures.claim_procedure_id', "', '",
            'order by received_claim_procedures.claim_procedure_id', 5
        ) }} as example_keys
    from received_claim_procedures
    cross join practice_as_of
    where
        received_claim_procedures.insurance_payment_date
        > practice_as_of.as_of_date

),

stored_aging_differs_from_ledger as (

    select
        'stored_aging_differs_from_ledger' as check_name,
        'patient' as table_name,
        count(*) as rows_affected,
        sum(abs(bal_total_difference)) as amount_affected,
        {{ dbt.listagg(
            'guarantor_id', "', '", 'order by guarantor_id', 5
        ) }} as example_keys
    from stored_aging_differences

),

claimproc_without_claim as (

    select
        'claimproc_without_claim' as check_name,
        'claimproc' as table_name,
        count(*) as rows_affected,
        sum(
            claim_procedures.insurance_paid_amount
            + claim_procedures.write_off_amount
        ) as amount_affected,
        {{ dbt.listagg(
            'claim_procedures.claim_procedure_id', "', '",
            'order by claim_procedures.claim_procedure_id', 5
        ) }} as example_keys
    from claim_procedures
    left outer join claims
        on claim_procedures.claim_id = claims.claim_id
    where
        claim_procedures.claim_id is not null
        and claims.claim_id is null

),

paysplit_without_payment as (

    select
        'paysplit_without_payment' as check_name,
        'paysplit' as table_name,
        count(*) as rows_affected,
        sum(payment_splits.split_amount) as amount_affected,
        {{ dbt.listagg(
            'payment_splits.payment_split_id', "', '",
            'order by payment_splits.payment_split_id', 5
        ) }} as example_keys
    from payment_splits
    left outer join payments
        on payment_splits.payment_id = payments.payment_id
    where payments.payment_id is null

),

preferences_used as (

    {% for name, fallback in preferences_used -%}
        select
            '{{ name }}' as preference_name,
            '{{ fallback }}' as default_used
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

preferences_missing as (

    select preferences_used.*
    from preferences_used
    left outer join preferences
        on preferences_used.preference_name = preferences.preference_name
    where preferences.preference_name is null

),

preference_missing as (

    select
        'preference_missing' as check_name,
        'preference' as table_name,
        count(*) as rows_affected,
        cast(null as decimal(15, 2)) as amount_affected,
        {{ dbt.listagg(
            dbt.concat(['preference_name', "' (default '", 'default_used', "')'"]),
            "', '", 'order by preference_name'
        ) }} as example_keys
    from preferences_missing

),

core_table_empty as (

    {% for table_name in core_tables -%}
        select
            'core_table_empty' as check_name,
            '{{ table_name }}' as table_name,
            case when count(*) = 0 then 1 else 0 end as rows_affected,
            cast(null as decimal(15, 2)) as amount_affected,
            cast(null as char) as example_keys
        from {{ ref('stg_opendental__' ~ table_name) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

source_columns_missing as (

    {% for table_name, missing in missing_columns | dictsort -%}
        select
            'source_columns_missing' as check_name,
            '{{ table_name }}' as table_name,
            {{ missing | length }} as rows_affected,
            cast(null as decimal(15, 2)) as amount_affected,
            {% if missing -%}
                '{{ missing | join(", ") }}'
            {%- else -%}
                cast(null as char)
            {%- endif %} as example_keys
        union all
    {% endfor %}
    {# closes the union; also the whole CTE at parse time #}
    select
        'source_columns_missing' as check_name,
        '' as table_name,
        0 as rows_affected,
        cast(null as decimal(15, 2)) as amount_affected,
        cast(null as char) as example_keys
    from practice_as_of
    where false

),

{# The loader's warnings of its last successful run: the source clock behind
    (a table read with a widened window) and what --verify repaired. A raw
    schema written by an older loader has no such table: nothing to report
    then. Each check keeps a 0 row when it found nothing. #}
load_warning_checks as (

    select 'source_clock_behind_loader' as check_name
    from practice_as_of
    union all
    select 'verify_repaired' as check_name
    from practice_as_of

),

loader_found as (

    {% if has_warnings -%}
        select
            load_warnings.check_name,
            load_warnings.table_name,
            sum(load_warnings.rows_affected) as rows_affected,
            cast(null as decimal(15, 2)) as amount_affected,
            max(load_warnings.detail) as example_keys
        from load_warnings
        inner join load_warning_checks
            on load_warnings.check_name = load_warning_checks.check_name
        where
            load_warnings.run_id = (
                select load_runs.run_id from load_runs
                where load_runs.status = 'success'
                order by load_runs.finished_at desc
                limit 1
            )
        group by load_warnings.check_name, load_warnings.table_name
    {%- else -%}
        select
            check_name,
            '_mdc_load_warnings' as table_name,
            0 as rows_affected,
            cast(null as decimal(15, 2)) as amount_affected,
            cast(null as char) as example_keys
        from load_warning_checks
        where false
    {%- endif %}

),

loader_warnings as (

    select * from loader_found

    union all

    select
        load_warning_checks.check_name,
        '_mdc_load_warnings' as table_name,
        0 as rows_affected,
        cast(null as decimal(15, 2)) as amount_affected,
        cast(null as char) as example_keys
    from load_warning_checks
    where not exists (
        select 1 as one_row from loader_found
        where loader_found.check_name = load_warning_checks.check_name
    )

),

measured as (

    select * from claimproc_received_without_date
    union all
    select * from procedure_complete_unit_qty_zero
    union all
    select * from money_dated_before_1880
    union all
    select * from future_dated_transactions
    union all
    select * from stored_aging_differs_from_ledger
    union all
    select * from claimproc_without_claim
    union all
    select * from paysplit_without_payment
    union all
    select * from preference_missing
    union all
    select * from core_table_empty
    union all
    select * from source_columns_missing
    union all
    select * from loader_warnings

),

checks as (

    select * from {{ ref('data_quality__checks') }}

),

final as (

    select
        measured.check_name,
        checks.category,
        checks.severity,
        cast(measured.table_name as char(64)) as table_name,
        cast(measured.rows_affected as signed) as rows_affected,
        cast(coalesce(
            measured.amount_affected,
            case when checks.has_money and measured.rows_affected = 0 then 0 end
        ) as decimal(15, 2)) as amount_affected,
        cast(measured.example_keys as char(1000)) as example_keys,
        checks.description,
        checks.how_to_fix,
        utc_timestamp() as checked_at
    from measured
    inner join checks
        on measured.check_name = checks.check_name

)

select * from final
