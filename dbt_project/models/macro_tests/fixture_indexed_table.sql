-- A table model with `indexes:` config, to prove mariadb__get_create_index_sql
-- (macros/adapters/). Built only when the var mdc_fixture_tests is true.

{{ config(
    indexes=[
        {'columns': ['patient_id']},
        {'columns': ['patient_id', 'visit_date'], 'unique': true},
        {'columns': ['visit_date'], 'name': 'ix_custom_visit_date'},
        {'columns': ['patient_id', 'visit_date', 'a_long_column_name_for_hashing']},
    ]
) }}

select
    1 as patient_id,
    cast('2020-01-01' as date) as visit_date,
    0 as a_long_column_name_for_hashing
union all
select
    1 as patient_id,
    cast('2020-01-02' as date) as visit_date,
    0 as a_long_column_name_for_hashing
union all
select
    2 as patient_id,
    cast('2020-01-01' as date) as visit_date,
    0 as a_long_column_name_for_hashing
