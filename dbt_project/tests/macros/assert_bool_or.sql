-- dbt.bool_or on MariaDB: 1 when the condition holds for any row of the group,
-- 0 when it holds for none, null when it is unknown for every row.
-- Each row is a case; the test returns the cases whose value is wrong.

with inputs as (

    select
        'mixed' as group_name,
        0 as flag
    union all
    select
        'mixed' as group_name,
        1 as flag
    union all
    select
        'mixed' as group_name,
        0 as flag
    union all
    select
        'all false' as group_name,
        0 as flag
    union all
    select
        'all false' as group_name,
        null as flag
    union all
    select
        'all unknown' as group_name,
        null as flag

),

cases as (

    select
        group_name as case_name,
        {{ dbt.bool_or('flag = 1') }} as actual,
        case group_name
            when 'mixed' then 1
            when 'all false' then 0
        end as expected
    from inputs
    group by group_name

)

select *
from cases
where not (actual <=> expected)
