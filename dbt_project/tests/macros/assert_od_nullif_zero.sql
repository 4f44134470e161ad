-- od_nullif_zero turns OpenDental's 0 ("no reference") into null and keeps
-- every other key.
-- Each row is a case; the test returns the cases whose value is wrong.

with cases as (

    select
        'zero is no reference' as case_name,
        {{ od_nullif_zero("0") }} as actual,
        null as expected
    union all
    select
        'a real key' as case_name,
        {{ od_nullif_zero("12345") }} as actual,
        '12345' as expected
    union all
    select
        'minus one is kept' as case_name,
        {{ od_nullif_zero("-1") }} as actual,
        '-1' as expected
    union all
    select
        'null stays null' as case_name,
        {{ od_nullif_zero("null") }} as actual,
        null as expected

)

select *
from cases
where not (cast(actual as binary) <=> cast(expected as binary))
