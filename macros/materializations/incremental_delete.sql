{#- dbt-mysql's incremental materialization deletes the rows it is about to
    re-insert with `delete from target where key in (select key from tmp)`.
    MariaDB 10.11 cannot run a single-table DELETE's IN-subquery as a
    semi-join: it re-reads the temporary table for every row of the target
    (119 s for 3,000 new rows of a 100,000-row fct_ledger on the demo
    practice). A multi-table DELETE joins instead, reading only the target
    rows the unique-key index finds. It joins the *distinct* keys of the new
    rows: a key that is not unique per row (mart_ar_aging's as_of_date, one
    per family and date) would otherwise pair every new row with every old
    row of its key (395 s for 32,431 new rows on the large practice).
    Same rows deleted: NULL keys match neither form. dbt-mysql calls this
    macro by name, so the project's definition replaces the adapter's. -#}
{% macro incremental_delete(
    tmp_relation, target_relation, unique_key=none, statement_name="pre_main"
) %}
    {{- return(adapter.dispatch('incremental_delete')(
        tmp_relation, target_relation, unique_key, statement_name
    )) -}}
{% endmacro %}

{% macro mariadb__incremental_delete(
    tmp_relation, target_relation, unique_key, statement_name
) %}
    {%- if unique_key is not none and unique_key | length -%}
        {%- set keys = [unique_key] if unique_key is string else unique_key -%}
        {#- the delete list names the target in full: MariaDB resolves an
            alias there in the default database, which dbt's connection does
            not have -#}
        delete {{ target_relation }}
        from {{ target_relation }}
        inner join (
            select distinct {{ keys | join(', ') }} from {{ tmp_relation }}
        ) as dbt_incremental_keys
            on
            {%- for key in keys %}
                {{ 'and ' if not loop.first }}{{ target_relation }}.{{ key }}
                = dbt_incremental_keys.{{ key }}
            {%- endfor %}
    {%- endif -%}
{% endmacro %}

{% macro mysql__incremental_delete(
    tmp_relation, target_relation, unique_key, statement_name
) %}
    {{- return(mariadb__incremental_delete(
        tmp_relation, target_relation, unique_key, statement_name
    )) -}}
{% endmacro %}
