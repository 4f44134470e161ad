-- od_time returns OpenDental times of day as TIME, unchanged: midnight is a
-- value, not a sentinel.
-- Each row is a case; the test returns the cases whose value is wrong.

with cases as (

    select
        'time of day' as case_name,
        {{ od_time("cast('10:30:00' as time)") }} as actual,
        '10:30:00' as expected
    union all
    select
        'midnight kept' as case_name,
        {{ od_time("cast('00:00:00' as time)") }} as actual,
        '00:00:00' as expected
    union all
    select
        'time string' as case_name,
        {{ od_time("'23:59:59'") }} as actual,
        '23:59:59' as expected
    union all
    select
        'null stays null' as case_name,
        {{ od_time("null") }} as actual,
        null as expected

)

select *
from cases
where not (cast(actual as binary) <=> cast(expected as binary))
