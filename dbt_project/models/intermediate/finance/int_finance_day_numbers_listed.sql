{#-
    The integers 0 to 99,999 (a day or month offset: about 270 years of days),
    built from digits rather than a recursive CTE, which MariaDB 10.11 cannot
    nest inside dbt's ephemeral CTEs.
-#}
{# A table with a unique index: inlined as a CTE, MariaDB joined all 100,000
    generated numbers to the as-of dates before applying the range condition
    (21 s of the demo build in int_aging_as_of_dates_slotted); indexed, the
    consumers' `day_number <= n` reads only the n rows they need. #}
{{
    config(
        materialized='table',
        indexes=[{'columns': ['day_number'], 'unique': true}],
    )
}}
with

digits as (

    select 0 as digit
    union all
    select 1 as digit
    union all
    select 2 as digit
    union all
    select 3 as digit
    union all
    select 4 as digit
    union all
    select 5 as digit
    union all
    select 6 as digit
    union all
    select 7 as digit
    union all
    select 8 as digit
    union all
    select 9 as digit

),

numbers as (

    select
        ones.digit
        + 10 * tens.digit
        + 100 * hundreds.digit
        + 1000 * thousands.digit
        + 10000 * ten_thousands.digit as day_number
    from digits as ones
    cross join digits as tens
    cross join digits as hundreds
    cross join digits as thousands
    cross join digits as ten_thousands

)

select * from numbers
