{#-
    One row per calendar day, from 1 January of the year of the earliest
    money event or procedure to 31 December of the year after the practice's
    as-of date, for date-range filters and month/quarter/year grouping. Never empty: it always covers the
    as-of date (int_practice_as_of_date), flagged by is_as_of_date.
-#}
{{
    config(
        indexes=[{'columns': ['calendar_date'], 'unique': true}],
    )
}}

with

numbers as (

    select * from {{ ref('int_finance_day_numbers_listed') }}

),

ledger as (

    select * from {{ ref('fct_ledger') }}

),

procedures as (

    select * from {{ ref('int_procedures_with_capitation_writeoffs') }}

),

practice_as_of as (

    select * from {{ ref('int_practice_as_of_date') }}

),

event_dates as (

    select min(event_date) as earliest_date from ledger
    union all
    select min(procedure_date) as earliest_date from procedures

),

extremes as (

    select min(event_dates.earliest_date) as earliest_date
    from event_dates

),

bounds as (

    select
        practice_as_of.as_of_date,
        makedate(
            year(
                least(
                    coalesce(
                        extremes.earliest_date, practice_as_of.as_of_date
                    ),
                    practice_as_of.as_of_date
                )
            ),
            1
        ) as first_date,
        makedate(year(practice_as_of.as_of_date) + 2, 1) as end_date
    from practice_as_of
    cross join extremes

),

days as (

    select
        bounds.as_of_date,
        date_add(bounds.first_date, interval numbers.day_number day)
            as calendar_date
    from bounds
    inner join numbers
        on numbers.day_number < datediff(bounds.end_date, bounds.first_date)

),

described as (

    select
        calendar_date,
        cast(monthname(calendar_date) as char(9)) as month_name,
        cast(date_format(calendar_date, '%Y-%m') as char(7))
            as calendar_year_month,
        cast(dayname(calendar_date) as char(9)) as day_name,
        cast(date_format(calendar_date, '%x-W%v') as char(8)) as iso_week,
        cast(date_format(calendar_date, '%Y-%m-01') as date)
            as month_start_date,
        year(calendar_date) as calendar_year,
        quarter(calendar_date) as calendar_quarter,
        month(calendar_date) as calendar_month,
        day(calendar_date) as day_of_month,
        weekday(calendar_date) + 1 as iso_day_of_week,
        last_day(calendar_date) as month_end_date,
        weekday(calendar_date) >= 5 as is_weekend,
        calendar_date = last_day(calendar_date) as is_month_end,
        calendar_date = as_of_date as is_as_of_date
    from days

)

select * from described
