with

source as (

    select * from {{ od_source('scheduleop') }}

),

renamed as (

    select
        -- ids
        ScheduleOpNum as schedule_operatory_id,
        {{ od_nullif_zero('ScheduleNum') }} as schedule_id,
        {{ od_nullif_zero('OperatoryNum') }} as operatory_id,

        -- metadata
        _loaded_at

    from source

)

select * from renamed
