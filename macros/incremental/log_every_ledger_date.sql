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
