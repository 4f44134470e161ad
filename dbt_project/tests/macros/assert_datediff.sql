-- dbt.datediff on MariaDB counts the unit boundaries crossed (dbt's cross-
-- database meaning, as on Postgres and Snowflake), not whole units elapsed;
-- weeks start on Monday.
-- Each row is a case; the test returns the cases whose value is wrong.

with inputs as (

    select
        'one day' as case_name,
        'day' as datepart,
        cast('2018-01-01 01:00:00' as datetime(6)) as first_at,
        cast('2018-01-02 01:00:00' as datetime(6)) as second_at,
        1 as expected
    union all
    select
        'day boundary two hours on' as case_name,
        'day' as datepart,
        cast('2018-01-01 23:00:00' as datetime(6)) as first_at,
        cast('2018-01-02 01:00:00' as datetime(6)) as second_at,
        1 as expected
    union all
    select
        'days backwards' as case_name,
        'day' as datepart,
        cast('2020-03-01' as datetime(6)) as first_at,
        cast('2020-02-01' as datetime(6)) as second_at,
        -29 as expected
    union all
    select
        'month boundary one day on' as case_name,
        'month' as datepart,
        cast('2020-01-31' as datetime(6)) as first_at,
        cast('2020-02-01' as datetime(6)) as second_at,
        1 as expected
    union all
    select
        'same month' as case_name,
        'month' as datepart,
        cast('2020-02-01' as datetime(6)) as first_at,
        cast('2020-02-29' as datetime(6)) as second_at,
        0 as expected
    union all
    select
        'months across years' as case_name,
        'month' as datepart,
        cast('2019-11-15' as datetime(6)) as first_at,
        cast('2021-02-01' as datetime(6)) as second_at,
        15 as expected
    union all
    select
        'year boundary one day on' as case_name,
        'year' as datepart,
        cast('2019-12-31' as datetime(6)) as first_at,
        cast('2020-01-01' as datetime(6)) as second_at,
        1 as expected
    union all
    select
        'one whole year' as case_name,
        'year' as datepart,
        cast('2018-01-01 01:00:00' as datetime(6)) as first_at,
        cast('2019-01-01 01:00:00' as datetime(6)) as second_at,
        1 as expected
    union all
    select
        'one quarter' as case_name,
        'quarter' as datepart,
        cast('2019-12-31' as datetime(6)) as first_at,
        cast('2020-02-28' as datetime(6)) as second_at,
        1 as expected
    union all
    select
        'two quarters' as case_name,
        'quarter' as datepart,
        cast('2019-12-31' as datetime(6)) as first_at,
        cast('2020-04-01' as datetime(6)) as second_at,
        2 as expected
    union all
    select
        'week backwards' as case_name,
        'week' as datepart,
        cast('2019-12-31' as datetime(6)) as first_at,
        cast('2019-12-27' as datetime(6)) as second_at,
        -1 as expected
    union all
    select
        'Tuesday to Monday before' as case_name,
        'week' as datepart,
        cast('2019-12-31' as datetime(6)) as first_at,
        cast('2019-12-30' as datetime(6)) as second_at,
        0 as expected
    union all
    select
        'Tuesday to Thursday' as case_name,
        'week' as datepart,
        cast('2019-12-31' as datetime(6)) as first_at,
        cast('2020-01-02' as datetime(6)) as second_at,
        0 as expected
    union all
    select
        'Tuesday to next Monday' as case_name,
        'week' as datepart,
        cast('2019-12-31' as datetime(6)) as first_at,
        cast('2020-01-06 02:00:00' as datetime(6)) as second_at,
        1 as expected
    union all
    select
        'hour boundary' as case_name,
        'hour' as datepart,
        cast('2018-01-01 01:59:00' as datetime(6)) as first_at,
        cast('2018-01-01 02:00:00' as datetime(6)) as second_at,
        1 as expected
    union all
    select
        'minutes' as case_name,
        'minute' as datepart,
        cast('2018-01-01 01:00:00' as datetime(6)) as first_at,
        cast('2018-01-01 02:01:00' as datetime(6)) as second_at,
        61 as expected
    union all
    select
        'seconds' as case_name,
        'second' as datepart,
        cast('2018-01-01 01:00:00' as datetime(6)) as first_at,
        cast('2018-01-01 02:00:01' as datetime(6)) as second_at,
        3601 as expected
    union all
    select
        'second boundary' as case_name,
        'second' as datepart,
        cast('1999-12-31 23:59:59.999999' as datetime(6)) as first_at,
        cast('2000-01-01' as datetime(6)) as second_at,
        1 as expected
    union all
    select
        'millisecond boundary' as case_name,
        'millisecond' as datepart,
        cast('1999-12-31 23:59:59.999999' as datetime(6)) as first_at,
        cast('2000-01-01' as datetime(6)) as second_at,
        1 as expected
    union all
    select
        'milliseconds between fractions' as case_name,
        'millisecond' as datepart,
        cast('2000-01-01 00:00:00.000500' as datetime(6)) as first_at,
        cast('2000-01-01 00:00:00.001400' as datetime(6)) as second_at,
        1 as expected
    union all
    select
        'microsecond' as case_name,
        'microsecond' as datepart,
        cast('1999-12-31 23:59:59.999999' as datetime(6)) as first_at,
        cast('2000-01-01' as datetime(6)) as second_at,
        1 as expected
    union all
    select
        'null first value' as case_name,
        'hour' as datepart,
        null as first_at,
        cast('2018-01-01 02:00:00' as datetime(6)) as second_at,
        null as expected
    union all
    select
        'null second value' as case_name,
        'day' as datepart,
        cast('2018-01-01 02:00:00' as datetime(6)) as first_at,
        null as second_at,
        null as expected

),

cases as (

    select
        case_name,
        case datepart
            when 'day'
                then {{ dbt.datediff('first_at', 'second_at', 'day') }}
            when 'week'
                then {{ dbt.datediff('first_at', 'second_at', 'week') }}
            when 'month'
                then {{ dbt.datediff('first_at', 'second_at', 'month') }}
            when 'quarter'
                then {{ dbt.datediff('first_at', 'second_at', 'quarter') }}
            when 'year'
                then {{ dbt.datediff('first_at', 'second_at', 'year') }}
            when 'hour'
                then {{ dbt.datediff('first_at', 'second_at', 'hour') }}
            when 'minute'
                then {{ dbt.datediff('first_at', 'second_at', 'minute') }}
            when 'second'
                then {{ dbt.datediff('first_at', 'second_at', 'second') }}
            when 'millisecond'
                then {{ dbt.datediff('first_at', 'second_at', 'millisecond') }}
            when 'microsecond'
                then {{ dbt.datediff('first_at', 'second_at', 'microsecond') }}
        end as actual,
        expected
    from inputs

)

select *
from cases
where not (actual <=> expected)
