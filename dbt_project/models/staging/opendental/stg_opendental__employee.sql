with

source as (

    select * from {{ od_source('employee') }}

),

renamed as (

    select
        -- ids
        EmployeeNum as employee_id,
        {{ od_nullif_zero('ReportsTo') }} as reports_to_employee_id,

        -- strings
        {{ od_string('LName') }} as last_name,
        {{ od_string('FName') }} as first_name,
        {{ od_string('MiddleI') }} as middle_initial,
        {{ od_string('ClockStatus') }} as clock_status,
        {{ od_string('PayrollID') }} as payroll_identifier,
        {{ od_string('EmailWork') }} as work_email,

        -- numerics
        PhoneExt as phone_extension,

        -- booleans
        {{ od_bool('IsHidden') }} as is_hidden,
        {{ od_bool('IsFurloughed') }} as is_furloughed,
        {{ od_bool('IsWorkingHome') }} as is_working_from_home,

        -- metadata
        _loaded_at

    from source

)

select * from renamed
