{#- Part of incremental-by-month (see kpi_months_select.sql). Every row
    carries the as-of date and whether its month is complete: when the as-of
    date moves, the months kept as they were get the new values here (one
    update of a small table) instead of being recomputed; their measures
    did not change, or their fingerprint would have. -#}
{% macro kpi_months_restamp() -%}
    update {{ this }}
    cross join {{ ref('int_practice_as_of_date') }} as practice_as_of
    set
        {{ this }}.as_of_date = practice_as_of.as_of_date,
        {{ this }}.is_complete_month
        = last_day({{ this }}.month_start_date) < practice_as_of.as_of_date
    where not ({{ this }}.as_of_date <=> practice_as_of.as_of_date)
{%- endmacro %}
