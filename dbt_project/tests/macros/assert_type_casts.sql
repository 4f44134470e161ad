-- The dbt.type_* macros and dbt.safe_cast give valid MariaDB CAST targets
-- (dbt's defaults TEXT, bigint, numeric and boolean are not; float is single
-- precision).
-- Each row is a case; the test returns the cases whose value is wrong.

with inputs as (

    select
        'string' as case_name,
        'string' as type_name,
        '123' as raw_value,
        '123' as expected
    union all
    select
        'bigint past 2^53' as case_name,
        'bigint' as type_name,
        '9007199254740993' as raw_value,
        '9007199254740993' as expected
    union all
    select
        'int' as case_name,
        'int' as type_name,
        '42' as raw_value,
        '42' as expected
    union all
    select
        'numeric' as case_name,
        'numeric' as type_name,
        '12.5' as raw_value,
        '12.500000' as expected
    union all
    select
        'float is double precision' as case_name,
        'float' as type_name,
        '16777217' as raw_value,
        '16777217' as expected
    union all
    select
        'boolean' as case_name,
        'boolean' as type_name,
        '1' as raw_value,
        '1' as expected
    union all
    select
        'timestamp' as case_name,
        'timestamp' as type_name,
        '2020-05-17 10:00:00' as raw_value,
        '2020-05-17 10:00:00' as expected
    union all
    select
        'safe_cast with a generic name' as case_name,
        'safe_cast text' as type_name,
        '7' as raw_value,
        '7' as expected
    union all
    select
        'safe_cast float is double' as case_name,
        'safe_cast float' as type_name,
        '16777217' as raw_value,
        '16777217' as expected
    union all
    select
        'safe_cast bigint' as case_name,
        'safe_cast bigint' as type_name,
        '-42' as raw_value,
        '-42' as expected
    union all
    select
        'null stays null' as case_name,
        'string' as type_name,
        null as raw_value,
        null as expected

),

cases as (

    select
        case_name,
        cast(
            case type_name
                when 'string'
                    then cast(raw_value as {{ dbt.type_string() }})
                when 'bigint'
                    then cast(raw_value as {{ dbt.type_bigint() }})
                when 'int'
                    then cast(raw_value as {{ dbt.type_int() }})
                when 'numeric'
                    then cast(raw_value as {{ dbt.type_numeric() }})
                when 'float'
                    then cast(raw_value as {{ dbt.type_float() }})
                when 'boolean'
                    then cast(raw_value as {{ dbt.type_boolean() }})
                when 'timestamp'
                    then cast(raw_value as {{ dbt.type_timestamp() }})
                when 'safe_cast text'
                    then {{ dbt.safe_cast('raw_value', 'text') }}
                when 'safe_cast float'
                    then {{ dbt.safe_cast('raw_value', 'float') }}
                when 'safe_cast bigint'
                    then {{ dbt.safe_cast('raw_value', 'bigint') }}
            end as char
        ) as actual,
        expected
    from inputs

)

select *
from cases
where not (cast(actual as binary) <=> cast(expected as binary))
