{#- A table with an index: the utilization mart groups it with the appointment
    slots by day, operatory and provider. -#}
{{
    config(
        materialized='table',
        indexes=[
            {
                'columns': [
                    'schedule_date', 'operatory_id', 'provider_id', 'slot_number'
                ],
                'unique': true,
            },
        ],
    )
}}

{#-
    One row per 5-minute slot of a provider's open schedule in an operatory,
    blockouts removed: the chair time the provider was scheduled for. A slot
    (number n starts n x 5 minutes after midnight) belongs to a block when its
    start lies in [StartTime, StopTime). A provider's overlapping blocks in one
    operatory count once. A blockout on the operatory removes the slot for
    every provider. Definitions: DECISIONLOG.md, R1.
-#}
with

schedules as (

    select * from {{ ref('stg_opendental__schedule') }}

),

schedule_operatories as (

    select * from {{ ref('stg_opendental__scheduleop') }}

),

numbers as (

    select * from {{ ref('int_finance_day_numbers_listed') }}
    where day_number < 288

),

blocks as (

    select
        schedules.schedule_date,
        schedule_operatories.operatory_id,
        case
            when schedules.schedule_type_code = 1 then schedules.provider_id
        end as provider_id,
        schedules.schedule_type_code = 2 as is_blockout,
        -- first slot starting at or after StartTime, and at or after StopTime
        ceiling(time_to_sec(schedules.start_time) / 300) as first_slot_number,
        ceiling(time_to_sec(schedules.stop_time) / 300) as end_slot_number

    from schedules
    inner join schedule_operatories
        on schedules.schedule_id = schedule_operatories.schedule_id
    where
        schedules.schedule_date is not null
        and schedule_operatories.operatory_id is not null
        and schedules.stop_time > schedules.start_time
        and (
            (
                schedules.schedule_type_code = 1
                and schedules.schedule_status_code = 0
                and schedules.provider_id is not null
            )
            or schedules.schedule_type_code = 2
        )

),

block_slots as (

    {#- One pass over the blocks (an inlined CTE read twice is computed
        twice): each slot learns whether a blockout on its operatory covers it. -#}
    select
        blocks.schedule_date,
        blocks.operatory_id,
        blocks.provider_id,
        numbers.day_number as slot_number,
        max(blocks.is_blockout) over (
            partition by
                blocks.schedule_date, blocks.operatory_id, numbers.day_number
        ) as is_blocked

    from blocks
    inner join numbers
        on
            blocks.first_slot_number <= numbers.day_number
            and blocks.end_slot_number > numbers.day_number

),

final as (

    select distinct
        schedule_date,
        operatory_id,
        provider_id,
        slot_number

    from block_slots
    where provider_id is not null and not is_blocked

)

select * from final
