-- dbt.length on MariaDB counts characters, not bytes.
-- Each row is a case; the test returns the cases whose value is wrong.

with inputs as (

    select
        'accented' as case_name,
        'José' as text_value,
        4 as expected
    union all
    select
        'ascii' as case_name,
        'abc' as text_value,
        3 as expected
    union all
    select
        'empty' as case_name,
        '' as text_value,
        0 as expected
    union all
    select
        'null stays null' as case_name,
        null as text_value,
        null as expected

),

cases as (

    select
        case_name,
        {{ dbt.length('text_value') }} as actual,
        expected
    from inputs

)

select *
from cases
where not (actual <=> expected)
