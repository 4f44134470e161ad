-- dbt.cast_bool_to_text on MariaDB renders booleans (0/1 integers) as 'true'
-- and 'false'.
-- Each row is a case; the test returns the cases whose value is wrong.

with inputs as (

    select
        'true' as case_name,
        5 as number_value,
        'true' as expected
    union all
    select
        'false' as case_name,
        1 as number_value,
        'false' as expected
    union all
    select
        'null stays null' as case_name,
        null as number_value,
        null as expected

),

cases as (

    select
        case_name,
        {{ dbt.cast_bool_to_text('number_value > 3') }} as actual,
        expected
    from inputs

)

select *
from cases
where not (cast(actual as binary) <=> cast(expected as binary))
