-- od_date turns OpenDental's "no date" values into null and returns real
-- dates as DATE. Each row is a case; the test returns the cases that fail.

with cases as (

    select
        'zero date' as case_name,
        {{ od_date("cast('0000-00-00' as date)") }} as actual,
        null as expected
    union all
    select
        'year 1 placeholder' as case_name,
        {{ od_date("cast('0001-01-01' as date)") }} as actual,
        null as expected
    union all
    select
        'year before 1880' as case_name,
        {{ od_date("cast('1879-12-31' as date)") }} as actual,
        null as expected
    union all
    select
        'first real year' as case_name,
        {{ od_date("cast('1880-01-01' as date)") }} as actual,
        '1880-01-01' as expected
    union all
    select
        'zero month and day in a string' as case_name,
        {{ od_date("'2020-00-00'") }} as actual,
        null as expected
    union all
    select
        'zero day in a string' as case_name,
        {{ od_date("'2020-02-00'") }} as actual,
        null as expected
    union all
    select
        'datetime loses its time' as case_name,
        {{ od_date("cast('2020-05-17 10:30:15' as datetime)") }} as actual,
        '2020-05-17' as expected
    union all
    select
        'null stays null' as case_name,
        {{ od_date("null") }} as actual,
        null as expected

)

select *
from cases
where not (cast(actual as binary) <=> cast(expected as binary))
