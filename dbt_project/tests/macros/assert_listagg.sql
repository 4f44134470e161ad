-- dbt.listagg on MariaDB (group_concat): values in the given order, joined by
-- the delimiter, limited to the first n values when asked.
-- Each row is a case; the test returns the cases whose value is wrong.

with inputs as (

    select
        2 as sort_order,
        'b' as letter
    union all
    select
        3 as sort_order,
        'c' as letter
    union all
    select
        1 as sort_order,
        'a' as letter

),

cases as (

    select
        'ordered with a delimiter' as case_name,
        {{ dbt.listagg('letter', "', '", 'order by sort_order') }} as actual,
        'a, b, c' as expected
    from inputs
    union all
    select
        'first two' as case_name,
        {{ dbt.listagg('letter', "'|'", 'order by sort_order', 2) }} as actual,
        'a|b' as expected
    from inputs
    union all
    select
        'default delimiter' as case_name,
        {{ dbt.listagg(
            'letter', order_by_clause='order by sort_order desc'
        ) }} as actual,
        'c,b,a' as expected
    from inputs

)

select *
from cases
where not (cast(actual as binary) <=> cast(expected as binary))
