-- dbt.escape_single_quotes on MariaDB doubles quotes and backslashes, so the
-- text survives inside a string literal.
-- Each row is a case; the test returns the cases whose value is wrong.

with inputs as (

    select
        'quote and backslash' as case_name,
        'it''s C:\\temp' as expected

),

cases as (

    select
        case_name,
        '{{ dbt.escape_single_quotes("it's C:\\temp") }}' as actual,
        expected
    from inputs

)

select *
from cases
where not (cast(actual as binary) <=> cast(expected as binary))
