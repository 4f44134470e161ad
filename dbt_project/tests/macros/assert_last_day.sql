-- dbt.last_day on MariaDB returns the last calendar day (a DATE) of the
-- period.
-- Each row is a case; the test returns the cases whose value is wrong.

with inputs as (

    select
        'February of a leap year' as case_name,
        'month' as datepart,
        cast('2020-02-10 10:00:00' as datetime) as at_value,
        '2020-02-29' as expected
    union all
    select
        'February of a common year' as case_name,
        'month' as datepart,
        cast('2021-02-10' as datetime) as at_value,
        '2021-02-28' as expected
    union all
    select
        'quarter' as case_name,
        'quarter' as datepart,
        cast('2020-05-17' as datetime) as at_value,
        '2020-06-30' as expected
    union all
    select
        'year' as case_name,
        'year' as datepart,
        cast('2020-05-17' as datetime) as at_value,
        '2020-12-31' as expected
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
            when 'month'
                then {{ dbt.last_day('at_value', 'month') }}
            when 'quarter'
                then {{ dbt.last_day('at_value', 'quarter') }}
            when 'year'
                then {{ dbt.last_day('at_value', 'year') }}
        end as actual,
        expected
    from inputs

)

select *
from cases
where not (cast(actual as binary) <=> cast(expected as binary))
