-- od_nullif_sentinel turns the "none" sentinel (default -1) into null and
-- keeps every other value.
-- Each row is a case; the test returns the cases whose value is wrong.

with cases as (

    select
        'default sentinel' as case_name,
        {{ od_nullif_sentinel("-1") }} as actual,
        null as expected
    union all
    select
        'zero is kept' as case_name,
        {{ od_nullif_sentinel("0") }} as actual,
        '0' as expected
    union all
    select
        'a value' as case_name,
        {{ od_nullif_sentinel("7") }} as actual,
        '7' as expected
    union all
    select
        'other sentinel' as case_name,
        {{ od_nullif_sentinel("255", sentinel=255) }} as actual,
        null as expected
    union all
    select
        'minus one with other sentinel' as case_name,
        {{ od_nullif_sentinel("-1", sentinel=255) }} as actual,
        '-1' as expected
    union all
    select
        'text sentinel' as case_name,
        {{ od_nullif_sentinel("'X'", sentinel="'X'") }} as actual,
        null as expected
    union all
    select
        'null stays null' as case_name,
        {{ od_nullif_sentinel("null") }} as actual,
        null as expected

)

select *
from cases
where not (cast(actual as binary) <=> cast(expected as binary))
