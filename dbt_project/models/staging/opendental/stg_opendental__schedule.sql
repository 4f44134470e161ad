with

source as (

    select * from {{ od_source('schedule') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
schedule_type_codes as (

    select * from {{ ref('opendental__schedule_type') }}

),

schedule_status_codes as (

    select * from {{ ref('opendental__schedule_status') }}

),

renamed as (

    select
        -- ids
        source.ScheduleNum as schedule_id,
        {{ od_nullif_zero('source.ProvNum') }} as provider_id,
        {{ od_nullif_zero('source.BlockoutType') }} as blockout_type_def_id,
        {{ od_nullif_zero('source.EmployeeNum') }} as employee_id,
        source.ClinicNum as clinic_id,

        -- codes
        source.SchedType as schedule_type_code,
        schedule_type_codes.label as schedule_type,
        source.Status as schedule_status_code,
        schedule_status_codes.label as schedule_status,

        -- dates
        {{ od_date('source.SchedDate') }} as schedule_date,

        -- times
        {{ od_time('source.StartTime') }} as start_time,
        {{ od_time('source.StopTime') }} as stop_time,

        -- timestamps
        {{ od_datetime('source.DateTStamp') }} as source_updated_at,

        -- metadata
        source._loaded_at

    from source
    left outer join schedule_type_codes
        on source.SchedType = schedule_type_codes.code
    left outer join schedule_status_codes
        on source.Status = schedule_status_codes.code

)

select * from renamed
