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
