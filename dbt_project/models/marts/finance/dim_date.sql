{#-
    One row per calendar day, from 1 January of the year of the earliest
    money event or procedure to 31 December of the year after the latest
    load, for date-range filters and month/quarter/year grouping.
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

settings as (

    select * from {{ ref('int_finance_preferences_pivoted') }}

),

earliest_dates as (

    select min(event_date) as earliest_date from ledger
    union all
    select min(procedure_date) as earliest_date from procedures

),

earliest as (

    select min(earliest_dates.earliest_date) as earliest_date
    from earliest_dates

),

bounds as (

    select
        makedate(
            year(
                least(
                    coalesce(
                        earliest.earliest_date, settings.latest_load_date
                    ),
                    settings.latest_load_date
                )
            ),
            1
        ) as first_date,
        makedate(year(settings.latest_load_date) + 2, 1) as end_date
    from settings
    cross join earliest

),

days as (

    select
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
        calendar_date = last_day(calendar_date) as is_month_end
    from days

)

select * from described
