-- dbt.concat on MariaDB calls concat() (|| would be a logical OR); like ||, a
-- null part gives null.
-- Each row is a case; the test returns the cases whose value is wrong.

with inputs as (

    select
        'three fields' as case_name,
        'Ann' as first_part,
        ' ' as second_part,
        'Lee' as third_part,
        'Ann Lee' as expected
    union all
    select
        'numbers become text' as case_name,
        '12' as first_part,
        '-' as second_part,
        '3' as third_part,
        '12-3' as expected
    union all
    select
        'null part' as case_name,
        'a' as first_part,
        null as second_part,
        'c' as third_part,
        null as expected

),

cases as (

    select
        case_name,
        {{ dbt.concat(['first_part', 'second_part', 'third_part']) }} as actual,
        expected
    from inputs

)

select *
from cases
where not (cast(actual as binary) <=> cast(expected as binary))
