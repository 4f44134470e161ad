-- od_datetime turns OpenDental's "no date" values into null and returns real
-- date-times as DATETIME to the second.
-- Each row is a case; the test returns the cases whose value is wrong.

with cases as (

    select
        'zero date-time' as case_name,
        {{ od_datetime("cast('0000-00-00 00:00:00' as datetime)") }} as actual,
        null as expected
    union all
    select
        'year 1 placeholder' as case_name,
        {{ od_datetime("cast('0001-01-01 00:00:00' as datetime)") }} as actual,
        null as expected
    union all
    select
        'zero month in a string' as case_name,
        {{ od_datetime("'2020-00-10 08:00:00'") }} as actual,
        null as expected
    union all
    select
        'fraction of a second dropped' as case_name,
        {{ od_datetime("timestamp('2020-05-17 10:30:15.75')") }} as actual,
        '2020-05-17 10:30:15' as expected
    union all
    select
        'date gets midnight' as case_name,
        {{ od_datetime("cast('2020-05-17' as date)") }} as actual,
        '2020-05-17 00:00:00' as expected
    union all
    select
        'first real year' as case_name,
        {{ od_datetime("'1880-01-01 00:00:00'") }} as actual,
        '1880-01-01 00:00:00' as expected
    union all
    select
        'null stays null' as case_name,
        {{ od_datetime("null") }} as actual,
        null as expected

)

select *
from cases
where not (cast(actual as binary) <=> cast(expected as binary))
