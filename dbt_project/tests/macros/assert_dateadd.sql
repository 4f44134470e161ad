-- dbt.dateadd on MariaDB (date_add): adds whole units; months clamp to the
-- last day of the month.
-- Each row is a case; the test returns the cases whose value is wrong.

with inputs as (

    select
        'one day' as case_name,
        'day' as datepart,
        cast('2018-01-01 01:00:00' as datetime) as from_at,
        1 as amount,
        cast('2018-01-02 01:00:00' as datetime) as expected
    union all
    select
        'one month at month end' as case_name,
        'month' as datepart,
        cast('2020-01-31' as datetime) as from_at,
        1 as amount,
        cast('2020-02-29' as datetime) as expected
    union all
    select
        'one month in a common year' as case_name,
        'month' as datepart,
        cast('2021-01-31' as datetime) as from_at,
        1 as amount,
        cast('2021-02-28' as datetime) as expected
    union all
    select
        'minus a year from 29 February' as case_name,
        'year' as datepart,
        cast('2020-02-29' as datetime) as from_at,
        -1 as amount,
        cast('2019-02-28' as datetime) as expected
    union all
    select
        'a quarter at month end' as case_name,
        'quarter' as datepart,
        cast('2020-11-30' as datetime) as from_at,
        1 as amount,
        cast('2021-02-28' as datetime) as expected
    union all
    select
        'two weeks' as case_name,
        'week' as datepart,
        cast('2020-12-25' as datetime) as from_at,
        2 as amount,
        cast('2021-01-08' as datetime) as expected
    union all
    select
        'an hour past midnight' as case_name,
        'hour' as datepart,
        cast('2018-01-01 23:30:00' as datetime) as from_at,
        1 as amount,
        cast('2018-01-02 00:30:00' as datetime) as expected
    union all
    select
        'minutes' as case_name,
        'minute' as datepart,
        cast('2018-01-01 23:30:00' as datetime) as from_at,
        45 as amount,
        cast('2018-01-02 00:15:00' as datetime) as expected
    union all
    select
        'seconds' as case_name,
        'second' as datepart,
        cast('2018-01-01 23:59:59' as datetime) as from_at,
        2 as amount,
        cast('2018-01-02 00:00:01' as datetime) as expected
    union all
    select
        'milliseconds' as case_name,
        'millisecond' as datepart,
        cast('2020-01-01 00:00:00' as datetime) as from_at,
        1500 as amount,
        cast('2020-01-01 00:00:01.5' as datetime(6)) as expected
    union all
    select
        'null date' as case_name,
        'day' as datepart,
        null as from_at,
        1 as amount,
        null as expected
    union all
    select
        'null amount' as case_name,
        'day' as datepart,
        cast('2018-01-01 01:00:00' as datetime) as from_at,
        null as amount,
        null as expected

),

cases as (

    select
        case_name,
        case datepart
            when 'day'
                then {{ dbt.dateadd('day', 'amount', 'from_at') }}
            when 'week'
                then {{ dbt.dateadd('week', 'amount', 'from_at') }}
            when 'month'
                then {{ dbt.dateadd('month', 'amount', 'from_at') }}
            when 'quarter'
                then {{ dbt.dateadd('quarter', 'amount', 'from_at') }}
            when 'year'
                then {{ dbt.dateadd('year', 'amount', 'from_at') }}
            when 'hour'
                then {{ dbt.dateadd('hour', 'amount', 'from_at') }}
            when 'minute'
                then {{ dbt.dateadd('minute', 'amount', 'from_at') }}
            when 'second'
                then {{ dbt.dateadd('second', 'amount', 'from_at') }}
            when 'millisecond'
                then {{ dbt.dateadd('millisecond', 'amount', 'from_at') }}
        end as actual,
        expected
    from inputs

)

select *
from cases
where not (actual <=> expected)
