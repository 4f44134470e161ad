-- od_bool turns OpenDental's tinyint flags into booleans (1/0): any non-zero
-- value is true, null stays null.
-- Each row is a case; the test returns the cases whose value is wrong.

with cases as (

    select
        'zero is false' as case_name,
        {{ od_bool("0") }} as actual,
        '0' as expected
    union all
    select
        'one is true' as case_name,
        {{ od_bool("1") }} as actual,
        '1' as expected
    union all
    select
        'two is true' as case_name,
        {{ od_bool("2") }} as actual,
        '1' as expected
    union all
    select
        'minus one is true' as case_name,
        {{ od_bool("-1") }} as actual,
        '1' as expected
    union all
    select
        'null stays null' as case_name,
        {{ od_bool("null") }} as actual,
        null as expected

)

select *
from cases
where not (cast(actual as binary) <=> cast(expected as binary))
