-- od_money turns OpenDental's DOUBLE amounts into exact decimal(15, 2),
-- rounding half away from zero on the decimal form, so sums are exact to the
-- cent.
-- Each row is a case; the test returns the cases whose value is wrong.

with amounts as (

    select 0.1e0 as amount
    union all
    select 0.2e0 as amount

),

cases as (

    select
        'half cent up' as case_name,
        {{ od_money("0.125e0") }} as actual,
        '0.13' as expected
    union all
    select
        'binary 2.675 still 2.68' as case_name,
        {{ od_money("2.675e0") }} as actual,
        '2.68' as expected
    union all
    select
        'negative half cent' as case_name,
        {{ od_money("-2.675e0") }} as actual,
        '-2.68' as expected
    union all
    select
        'tiny half cent' as case_name,
        {{ od_money("0.005e0") }} as actual,
        '0.01' as expected
    union all
    select
        'whole amount has cents' as case_name,
        {{ od_money("2e0") }} as actual,
        '2.00' as expected
    union all
    select
        'large amount' as case_name,
        {{ od_money("1234567.891e0") }} as actual,
        '1234567.89' as expected
    union all
    select
        'decimal input' as case_name,
        {{ od_money("cast(10.005 as decimal(38, 9))") }} as actual,
        '10.01' as expected
    union all
    select
        'sum of 0.1 and 0.2 is exact' as case_name,
        sum({{ od_money("amount") }}) as actual,
        '0.30' as expected
    from amounts
    union all
    select
        'null stays null' as case_name,
        {{ od_money("null") }} as actual,
        null as expected

)

select *
from cases
where not (cast(actual as binary) <=> cast(expected as binary))
