-- An incremental model with `indexes:` config, to prove
-- create_incremental_indexes (macros/adapters/): the indexes exist after the
-- first build, once each after an incremental run, and again after
-- --full-refresh. Each incremental run adds one row (the next visit_number).
-- Built only when the var mdc_fixture_tests is true.

{{ config(
    materialized='incremental',
    unique_key='visit_number',
    indexes=[
        {'columns': ['visit_number'], 'unique': true},
        {'columns': ['patient_id', 'visit_date']},
        {'columns': ['visit_date'], 'name': 'ix_custom_incremental_visit_date'},
    ]
) }}

{% if is_incremental() %}

    select
        max(visit_number) + 1 as visit_number,
        2 as patient_id,
        cast('2020-02-01' as date) as visit_date
    from {{ this }}

{% else %}

    select
        1 as visit_number,
        1 as patient_id,
        cast('2020-01-01' as date) as visit_date
    union all
    select
        2 as visit_number,
        1 as patient_id,
        cast('2020-01-02' as date) as visit_date

{% endif %}
