{#-
    The dates mart_ar_aging ages the accounts as of: every month end from the
    month of the first balance transaction up to the practice's as-of date
    (int_practice_as_of_date; column names keep "latest load date"), that
    date itself, and the practice's DateLastAging (the date its
    stored patient balances refer to), when set.
-#}
{# A table, not ephemeral: MariaDB 10.11 fails to resolve an outer CTE
    that a nested WITH references more than once (dbt inlines ephemeral
    models as nested WITHs). #}
{{ config(materialized='table') }}

with

numbers as (

    select * from {{ ref('int_finance_day_numbers_listed') }}

),

settings as (

    select * from {{ ref('int_finance_preferences_pivoted') }}

),

practice_as_of as (

    select * from {{ ref('int_practice_as_of_date') }}

),

ledger as (

    select * from {{ ref('fct_ledger') }}

),

bounds as (

    select
        last_day(min(ledger.event_date)) as first_month_end,
        max(practice_as_of.as_of_date) as latest_load_date
    from ledger
    cross join practice_as_of
    where ledger.is_in_balance

),

month_ends as (

    select
        last_day(
            date_add(
                bounds.first_month_end,
                interval least(numbers.day_number, 2400) month
            )
        ) as as_of_date
    from bounds
    inner join numbers
        on
            numbers.day_number
            <= timestampdiff(
                month, bounds.first_month_end, bounds.latest_load_date
            ) + 1
    where
        last_day(
            date_add(
                bounds.first_month_end,
                interval least(numbers.day_number, 2400) month
            )
        ) <= bounds.latest_load_date

),

candidates as (

    select as_of_date from month_ends
    union
    select as_of_date from practice_as_of
    union
    select date_last_aging from settings
    where date_last_aging is not null

),

listed as (

    select
        candidates.as_of_date,
        candidates.as_of_date = last_day(candidates.as_of_date)
            as is_month_end,
        candidates.as_of_date = practice_as_of.as_of_date
            as is_latest_load_date,
        coalesce(candidates.as_of_date = settings.date_last_aging, false)
            as is_date_last_aging
    from candidates
    cross join settings
    cross join practice_as_of

)

select * from listed
