-- od_string turns null into '' and trims spaces at both ends; the comparison
-- is byte-exact, so padding is caught.
-- Each row is a case; the test returns the cases whose value is wrong.

with cases as (

    select
        'null becomes empty' as case_name,
        {{ od_string("null") }} as actual,
        '' as expected
    union all
    select
        'padding trimmed' as case_name,
        {{ od_string("'  Smith  '") }} as actual,
        'Smith' as expected
    union all
    select
        'inner spaces kept' as case_name,
        {{ od_string("' Mary Ann '") }} as actual,
        'Mary Ann' as expected
    union all
    select
        'empty stays empty' as case_name,
        {{ od_string("''") }} as actual,
        '' as expected
    union all
    select
        'case kept' as case_name,
        {{ od_string("'McDonald'") }} as actual,
        'McDonald' as expected

)

select *
from cases
where not (cast(actual as binary) <=> cast(expected as binary))
