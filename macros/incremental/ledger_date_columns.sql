{#- The ledger's date columns a by-date mart counts an entry on. -#}
{% macro ledger_date_columns() %}
    {{ return([
        'production_income_date',
        'writeoff_date_by_insurance_payment',
        'writeoff_date_by_procedure',
        'writeoff_date_by_claim',
    ]) }}
{% endmacro %}
