{#-
    OpenDental's Aging of A/R report (Reports > Aging of A/R, "as of" a date,
    families, all billing types, providers and clinics) from mart_ar_aging:
    one row per family with a balance or an insurance estimate, the report's
    columns and a total row. Compare with OpenDental by eye, or with the
    guarantors' stored balances at DateLastAging (the singular test
    assert_ar_aging_matches_stored_guarantor_balances does that for every
    family).
    Compile and run:  mdc dbt compile -s ar_aging_report
        --vars '{aging_as_of: 2026-09-30, aging_min_age: 0}'
    aging_as_of must be one of the mart's as-of dates (default: the latest);
    aging_min_age 0/30/60/90 keeps families with a balance older than that
    many days, like the report's "Any / Over 30 / Over 60 / Over 90".
-#}
{%- set as_of = var('aging_as_of', none) -%}
{%- set min_age = var('aging_min_age', 0) | int -%}

with

aging as (

    select * from {{ ref('mart_ar_aging') }}
    where
        {% if as_of %}
            as_of_date = '{{ as_of }}'
        {% else %}
            is_latest_load_date
        {% endif %}

),

selected as (

    select * from aging
    where
        {% if min_age >= 90 %}
            bal_over_90 >= 0.005
        {% elif min_age >= 60 %}
            bal_61_90 + bal_over_90 >= 0.005
        {% elif min_age >= 30 %}
            bal_31_60 + bal_61_90 + bal_over_90 >= 0.005
        {% else %}
            true
        {% endif %}

),

with_total as (

    select
        0 as sort_order,
        guarantor_id,
        bal_0_30,
        bal_31_60,
        bal_61_90,
        bal_over_90,
        bal_total,
        insurance_estimate,
        patient_estimate
    from selected

    union all

    select
        1 as sort_order,
        null as guarantor_id,
        sum(bal_0_30) as bal_0_30,
        sum(bal_31_60) as bal_31_60,
        sum(bal_61_90) as bal_61_90,
        sum(bal_over_90) as bal_over_90,
        sum(bal_total) as bal_total,
        sum(insurance_estimate) as insurance_estimate,
        sum(patient_estimate) as patient_estimate
    from selected

)

select * from with_total
order by sort_order, guarantor_id
