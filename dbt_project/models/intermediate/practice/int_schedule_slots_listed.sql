{#- A table with an index: the utilization mart groups it with the appointment
    slots by day, operatory and provider. -#}
{{
    config(
        materialized='incremental',
        unique_key='schedule_date',
        pre_hook=[
            "{{ schedule_days_prepare() }}",
            "{{ schedule_days_select() }}",
            "{{ schedule_days_delete('schedule_date') }}",
        ],
        post_hook=[
            "{{ schedule_days_record() }}",
            "{{ schedule_days_cleanup() }}",
        ],
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

    Incremental by day (DECISIONLOG.md, R6): an incremental run rebuilds
    only the days whose int_schedule_day_fingerprints entry differs from
    the one this model was last built from (hooks:
    macros/incremental/schedule_days_select.sql).
-#}
-- depends_on: {{ ref('int_schedule_day_fingerprints') }}

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
        schedule_operatories.schedule_operatory_id,
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
        and {{ schedule_days_filter('schedules.schedule_date') }}
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

merged_order as (

    {#- Overlapping blocks of one provider (or blockouts) in one operatory are
        merged into disjoint runs of slots before the slots are listed, so
        no slot is listed twice and no DISTINCT over the slots is needed
        (a DISTINCT over ~600,000 slots spilled to disk: 17 s of 30 s at
        demo scale). A block starts a new run when it starts at or after the
        end of every earlier block of its group. Both windows order by the
        unique schedule_operatory_id after the slots: without it, two
        identical blocks tie, and the windows may order them differently,
        putting the pair in two runs that list the same slots twice. -#}
    select
        schedule_date,
        operatory_id,
        provider_id,
        is_blockout,
        first_slot_number,
        end_slot_number,
        schedule_operatory_id,
        max(end_slot_number) over (
            partition by schedule_date, operatory_id, provider_id, is_blockout
            order by
                first_slot_number, end_slot_number, schedule_operatory_id
            rows between unbounded preceding and 1 preceding
        ) as previous_end_slot_number

    from blocks
    where end_slot_number > first_slot_number

),

merged_numbered as (

    select
        *,
        sum(
            case
                when
                    previous_end_slot_number is null
                    or first_slot_number >= previous_end_slot_number
                    then 1
                else 0
            end
        ) over (
            partition by schedule_date, operatory_id, provider_id, is_blockout
            order by
                first_slot_number, end_slot_number, schedule_operatory_id
            rows between unbounded preceding and current row
        ) as run_number

    from merged_order

),

runs as (

    select
        schedule_date,
        operatory_id,
        provider_id,
        is_blockout,
        min(first_slot_number) as first_slot_number,
        max(end_slot_number) as end_slot_number

    from merged_numbered
    group by schedule_date, operatory_id, provider_id, is_blockout, run_number

),

provider_runs as (

    select * from runs
    where not is_blockout and provider_id is not null

),

blockout_runs as (

    select * from runs
    where is_blockout

),

final as (

    {#- A provider's slots, less those a blockout run of the operatory
        covers. The key columns are never null; declared NOT NULL (coalesce)
        they make the unique index the table's clustered index, so readers
        get the rows in key order without a lookup per row. -#}
    select
        coalesce(provider_runs.schedule_date, date '1900-01-01')
            as schedule_date,
        coalesce(provider_runs.operatory_id, 0) as operatory_id,
        coalesce(provider_runs.provider_id, 0) as provider_id,
        coalesce(numbers.day_number, 0) as slot_number

    from provider_runs
    inner join numbers
        on
            provider_runs.first_slot_number <= numbers.day_number
            and provider_runs.end_slot_number > numbers.day_number
    left outer join blockout_runs
        on
            provider_runs.schedule_date = blockout_runs.schedule_date
            and provider_runs.operatory_id = blockout_runs.operatory_id
            and numbers.day_number >= blockout_runs.first_slot_number
            and numbers.day_number < blockout_runs.end_slot_number
    where blockout_runs.schedule_date is null

)

select * from final
