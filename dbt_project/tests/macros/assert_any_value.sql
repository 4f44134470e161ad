-- dbt.any_value on MariaDB (which has no any_value()): one of the group's
-- values, typically a column that is the same on every row of the group.
-- Each row is a case; the test returns the cases whose value is wrong.

with inputs as (

    select
        10 as patient_number,
        'Lee' as last_name
    union all
    select
        10 as patient_number,
        'Lee' as last_name
    union all
    select
        11 as patient_number,
        'Ng' as last_name

),

cases as (

    select
        cast(patient_number as char) as case_name,
        {{ dbt.any_value('last_name') }} as actual,
        case patient_number
            when 10 then 'Lee'
            when 11 then 'Ng'
        end as expected
    from inputs
    group by patient_number

)

select *
from cases
where not (cast(actual as binary) <=> cast(expected as binary))
