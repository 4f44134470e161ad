-- dbt.hash on MariaDB is the md5 hex digest of the value's text form.
-- Each row is a case; the test returns the cases whose value is wrong.

with inputs as (

    select
        'text' as case_name,
        'abc' as hashed_value,
        '900150983cd24fb0d6963f7d28e17f72' as expected
    union all
    select
        'number hashed as text' as case_name,
        '123' as hashed_value,
        '202cb962ac59075b964b07152d234b70' as expected
    union all
    select
        'null stays null' as case_name,
        null as hashed_value,
        null as expected

),

cases as (

    select
        case_name,
        {{ dbt.hash('hashed_value') }} as actual,
        expected
    from inputs

)

select *
from cases
where not (cast(actual as binary) <=> cast(expected as binary))
