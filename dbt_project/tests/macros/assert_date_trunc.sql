-- dbt.date_trunc on MariaDB returns the DATETIME that starts the period; weeks
-- start on Monday.
-- Each row is a case; the test returns the cases whose value is wrong.

with inputs as (

    select
        'month of a mid-month datetime' as case_name,
        'month' as datepart,
        cast('2020-05-17 10:30:15' as datetime(6)) as at_value,
        cast('2020-05-01' as datetime) as expected
    union all
    select
        'year' as case_name,
        'year' as datepart,
        cast('2020-05-17 10:30:15' as datetime(6)) as at_value,
        cast('2020-01-01' as datetime) as expected
    union all
    select
        'quarter' as case_name,
        'quarter' as datepart,
        cast('2020-05-17' as datetime(6)) as at_value,
        cast('2020-04-01' as datetime) as expected
    union all
    select
        'fourth quarter' as case_name,
        'quarter' as datepart,
        cast('2020-12-31 23:59:59' as datetime(6)) as at_value,
        cast('2020-10-01' as datetime) as expected
    union all
    select
        'week of a Sunday' as case_name,
        'week' as datepart,
        cast('2020-05-17' as datetime(6)) as at_value,
        cast('2020-05-11' as datetime) as expected
    union all
    select
        'week of a Monday' as case_name,
        'week' as datepart,
        cast('2020-05-11 08:00:00' as datetime(6)) as at_value,
        cast('2020-05-11' as datetime) as expected
    union all
    select
        'day' as case_name,
        'day' as datepart,
        cast('2020-05-17 10:30:15' as datetime(6)) as at_value,
        cast('2020-05-17' as datetime) as expected
    union all
    select
        'hour' as case_name,
        'hour' as datepart,
        cast('2020-05-17 10:30:15' as datetime(6)) as at_value,
        cast('2020-05-17 10:00:00' as datetime) as expected
    union all
    select
        'minute' as case_name,
        'minute' as datepart,
        cast('2020-05-17 10:30:15' as datetime(6)) as at_value,
        cast('2020-05-17 10:30:00' as datetime) as expected
    union all
    select
        'second' as case_name,
        'second' as datepart,
        cast('2020-05-17 10:30:15.75' as datetime(6)) as at_value,
        cast('2020-05-17 10:30:15' as datetime) as expected
    union all
    select
        'null stays null' as case_name,
        'month' as datepart,
        null as at_value,
        null as expected

),

cases as (

    select
        case_name,
        case datepart
            when 'day'
                then {{ dbt.date_trunc('day', 'at_value') }}
            when 'week'
                then {{ dbt.date_trunc('week', 'at_value') }}
            when 'month'
                then {{ dbt.date_trunc('month', 'at_value') }}
            when 'quarter'
                then {{ dbt.date_trunc('quarter', 'at_value') }}
            when 'year'
                then {{ dbt.date_trunc('year', 'at_value') }}
            when 'hour'
                then {{ dbt.date_trunc('hour', 'at_value') }}
            when 'minute'
                then {{ dbt.date_trunc('minute', 'at_value') }}
            when 'second'
                then {{ dbt.date_trunc('second', 'at_value') }}
        end as actual,
        expected
    from inputs

)

select *
from cases
where not (actual <=> expected)
