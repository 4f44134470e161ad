-- dbt.split_part on MariaDB: 1-based parts, negative parts count from the end,
-- '' when the part does not exist.
-- Each row is a case; the test returns the cases whose value is wrong.

with inputs as (

    select
        'first' as case_name,
        'a,b,c' as codes,
        ',' as divider,
        1 as part_number,
        'a' as expected
    union all
    select
        'middle' as case_name,
        'a,b,c' as codes,
        ',' as divider,
        2 as part_number,
        'b' as expected
    union all
    select
        'last' as case_name,
        'a,b,c' as codes,
        ',' as divider,
        3 as part_number,
        'c' as expected
    union all
    select
        'past the end' as case_name,
        'a,b,c' as codes,
        ',' as divider,
        4 as part_number,
        '' as expected
    union all
    select
        'last from the end' as case_name,
        'a,b,c' as codes,
        ',' as divider,
        -1 as part_number,
        'c' as expected
    union all
    select
        'first from the end' as case_name,
        'a,b,c' as codes,
        ',' as divider,
        -3 as part_number,
        'a' as expected
    union all
    select
        'before the start' as case_name,
        'a,b,c' as codes,
        ',' as divider,
        -4 as part_number,
        '' as expected
    union all
    select
        'two-character delimiter' as case_name,
        'D0120--D1110' as codes,
        '--' as divider,
        2 as part_number,
        'D1110' as expected
    union all
    select
        'no delimiter in text' as case_name,
        'abc' as codes,
        ',' as divider,
        1 as part_number,
        'abc' as expected
    union all
    select
        'null stays null' as case_name,
        null as codes,
        ',' as divider,
        1 as part_number,
        null as expected

),

cases as (

    select
        case_name,
        {{ dbt.split_part('codes', 'divider', 'part_number') }} as actual,
        expected
    from inputs

)

select *
from cases
where not (cast(actual as binary) <=> cast(expected as binary))
