-- Rows with known defects for the generic tests in macros/tests/. The YAML
-- beside this file expects an exact number of failing rows from each test.
-- Built only when the var mdc_fixture_tests is true (tests/dbt/test_macros.py).

select
    1 as fixture_id,
    'A' as letter_code,
    1 as part_number,
    10 as amount
union all
select
    2 as fixture_id,
    'A' as letter_code,
    2 as part_number,
    0 as amount
union all
select
    3 as fixture_id,
    'B' as letter_code,
    1 as part_number,
    100 as amount
union all
select
    4 as fixture_id,
    'B' as letter_code,
    1 as part_number,
    -5 as amount
union all
select
    5 as fixture_id,
    'C' as letter_code,
    1 as part_number,
    null as amount
