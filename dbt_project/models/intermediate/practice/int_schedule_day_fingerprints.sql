{{
    config(
        materialized='table',
        indexes=[{'columns': ['schedule_date'], 'unique': true}],
    )
}}

{#-
    One row per day with a schedule, an appointment slot or a completed
    appointment's production: a fingerprint (sum of CRC32s) of every input
    row the day's chair slots and utilization are computed from. The
    incremental models of the schedule-utilization chain rebuild a day when
    its fingerprint differs from the one they were last built from
    (macros/incremental/schedule_days_select.sql; DECISIONLOG.md, R6).
    Fingerprints rather than `_loaded_at` watermarks: an appointment moved to another
    day changes both days, and a hard-deleted schedule or appointment
    changes its day, with no stored history of where a row used to be.
    Lookups that change every day at once (the time increment, operatories'
    clinics, provider types) are the models' `global_inputs` instead.
-#}
with

schedules as (

    select * from {{ ref('stg_opendental__schedule') }}

),

schedule_operatories as (

    select * from {{ ref('stg_opendental__scheduleop') }}

),

appointment_slots as (

    select * from {{ ref('int_appointment_slots_classified') }}

),

appointments as (

    select * from {{ ref('fct_appointments') }}
    where appointment_status_code = 2

),

procedures as (

    select * from {{ ref('fct_procedures') }}
    where is_completed

),

input_rows as (

    select
        schedule_date,
        crc32(
            concat_ws(
                '|',
                'schedule',
                schedule_id,
                coalesce(schedule_type_code, ''),
                coalesce(schedule_status_code, ''),
                coalesce(provider_id, ''),
                coalesce(start_time, ''),
                coalesce(stop_time, '')
            )
        ) as row_checksum

    from schedules
    where schedule_date is not null

    union all

    -- scheduleop joined from its side: raw schedule's primary key finds
    -- the schedule (the other way round, a nested loop over both: 60 s)
    select
        schedules.schedule_date,
        crc32(
            concat_ws(
                '|',
                'scheduleop',
                schedule_operatories.schedule_operatory_id,
                schedule_operatories.schedule_id,
                coalesce(schedule_operatories.operatory_id, '')
            )
        ) as row_checksum

    from schedule_operatories
    inner join schedules
        on schedule_operatories.schedule_id = schedules.schedule_id
    where schedules.schedule_date is not null

    union all

    select
        slot_date as schedule_date,
        crc32(
            concat_ws(
                '|',
                'slot',
                appointment_id,
                coalesce(operatory_id, ''),
                coalesce(credited_provider_id, ''),
                coalesce(slot_at, ''),
                coalesce(pattern, ''),
                coalesce(slot_outcome, '')
            )
        ) as row_checksum

    from appointment_slots
    where slot_date is not null

    union all

    select
        appointments.appointment_date as schedule_date,
        crc32(
            concat_ws(
                '|',
                'production',
                appointments.appointment_id,
                coalesce(appointments.operatory_id, ''),
                coalesce(appointments.credited_provider_id, ''),
                procedures.procedure_id,
                coalesce(procedures.production_amount, '')
            )
        ) as row_checksum

    from appointments
    inner join procedures
        on appointments.appointment_id = procedures.appointment_id
    where appointments.appointment_date is not null

),

final as (

    select
        schedule_date,
        cast(sum(row_checksum) as decimal(30, 0)) as input_fingerprint,
        count(*) as input_rows

    from input_rows
    group by schedule_date

)

select * from final
