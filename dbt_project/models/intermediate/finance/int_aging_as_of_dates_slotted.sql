{#-
    Calendar helpers for the aging, so that no transaction is joined to every
    as-of date:
      slot       each day from the first balance transaction to the last as-of
                 date, with the first as-of date on or after it (its "slot"):
                 a transaction counts towards every as-of date from its slot on.
      window     each (day, as-of date) pair with the day 0 to 90 days before
                 the as-of date, and the aging bucket a charge made that day
                 falls in: 0 = 0-30 days, 1 = 31-60, 2 = 61-90 (older charges
                 are "over 90": all charges minus these three).
    One model, two row kinds (`kind` = 'slot' or 'window').
-#}
{# A table, not ephemeral: MariaDB 10.11 fails to resolve an outer CTE
    that a nested WITH references more than once (dbt inlines ephemeral
    models as nested WITHs). #}
{{
    config(
        materialized='table',
        indexes=[{'columns': ['kind', 'calendar_day']}],
    )
}}

with

numbers as (

    select * from {{ ref('int_finance_day_numbers_listed') }}

),

as_of_dates as (

    select * from {{ ref('int_aging_as_of_dates_listed') }}

),

ledger as (

    select * from {{ ref('fct_ledger') }}

),

last_as_of_date as (

    select max(as_of_date) as last_as_of_date from as_of_dates

),

bounds as (

    select
        least(
            min(ledger.event_date),
            coalesce(min(ledger.procedure_date), min(ledger.event_date))
        ) as first_day,
        max(last_as_of_date.last_as_of_date) as last_as_of_date
    from ledger
    cross join last_as_of_date
    where ledger.is_in_balance or ledger.entry_type = 'insurance_estimate'

),

days as (

    select
        date_add(bounds.first_day, interval numbers.day_number day)
            as calendar_day
    from bounds
    inner join numbers
        on
            numbers.day_number
            <= datediff(bounds.last_as_of_date, bounds.first_day)

),

slots as (

    select
        'slot' as kind,
        days.calendar_day,
        min(as_of_dates.as_of_date) as as_of_date,
        cast(null as signed) as bucket
    from days
    inner join as_of_dates
        on days.calendar_day <= as_of_dates.as_of_date
    group by days.calendar_day

),

windows as (

    select
        'window' as kind,
        days.calendar_day,
        as_of_dates.as_of_date,
        case
            when datediff(as_of_dates.as_of_date, days.calendar_day) <= 30
                then 0
            when datediff(as_of_dates.as_of_date, days.calendar_day) <= 60
                then 1
            else 2
        end as bucket
    from days
    inner join as_of_dates
        on
            days.calendar_day <= as_of_dates.as_of_date
            and datediff(as_of_dates.as_of_date, days.calendar_day) <= 90

),

slotted as (

    select * from slots
    union all
    select * from windows

)

select * from slotted
