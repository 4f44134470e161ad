{#-
    One row per as-of date of mart_ar_aging: a fingerprint of everything the
    aging as of that date depends on, so that an incremental run recomputes
    only the as-of dates whose inputs changed (or that are new) and keeps the
    rest (closed months) as they are.

    An as-of date A depends on the balance transactions dated on or before A
    (or undated) and on the insurance estimates whose procedure date is on or
    before A: each such ledger entry adds the CRC32 of its key, family, amount,
    dates and status. The sums are cumulative over the as-of dates (an entry
    counts from its slot on, like the aging itself), so a changed, new or
    deleted entry changes the fingerprint of its own slot and every later one.
    `logic_version` is part of the fingerprint: bump it when the aging logic
    changes, so an incremental run recomputes every as-of date.
-#}
{%- set logic_version = 'aging-v1' -%}
{{
    config(
        materialized='table',
        indexes=[{'columns': ['as_of_date'], 'unique': true}],
    )
}}

with

ledger as (

    select * from {{ ref('fct_ledger') }}

),

as_of_dates as (

    select * from {{ ref('int_aging_as_of_dates_listed') }}

),

calendar as (

    select * from {{ ref('int_aging_as_of_dates_slotted') }}

),

slots as (

    select
        calendar_day,
        as_of_date
    from calendar
    where kind = 'slot'

),

first_slot as (

    select min(as_of_date) as as_of_date from as_of_dates

),

inputs as (

    select
        case
            when ledger.entry_type = 'insurance_estimate'
                then ledger.procedure_date
            else ledger.event_date
        end as slot_day,
        crc32(
            concat_ws(
                '|',
                ledger.ledger_entry_id,
                ledger.guarantor_id,
                ledger.amount,
                coalesce(ledger.event_date, ''),
                coalesce(ledger.procedure_date, ''),
                coalesce(ledger.claim_procedure_status_code, '')
            )
        ) as entry_checksum
    from ledger
    where
        (ledger.is_in_balance or ledger.entry_type = 'insurance_estimate')
        and ledger.guarantor_id is not null

),

inputs_slotted as (

    select
        inputs.entry_checksum,
        case
            when inputs.slot_day is null
                then (select first_slot.as_of_date from first_slot)
            else slots.as_of_date
        end as slot_date
    from inputs
    left outer join slots
        on inputs.slot_day = slots.calendar_day

),

per_slot as (

    select
        slot_date,
        count(*) as entry_count,
        sum(entry_checksum) as checksum_total
    from inputs_slotted
    where slot_date is not null
    group by slot_date

),

cumulative as (

    select
        as_of_dates.as_of_date,
        sum(coalesce(per_slot.entry_count, 0)) over to_date as entry_count,
        sum(coalesce(per_slot.checksum_total, 0)) over to_date
            as checksum_total
    from as_of_dates
    left outer join per_slot
        on as_of_dates.as_of_date = per_slot.slot_date
    window to_date as (
        order by as_of_dates.as_of_date
        rows between unbounded preceding and current row
    )

),

fingerprinted as (

    select
        cumulative.as_of_date,
        {# the date's flags are stored on the mart's rows: part of the input #}
        cast(
            concat_ws(
                ':',
                '{{ logic_version }}',
                cumulative.entry_count,
                cumulative.checksum_total,
                as_of_dates.is_month_end,
                as_of_dates.is_latest_load_date,
                as_of_dates.is_date_last_aging
            ) as char(64)
        ) as input_fingerprint
    from cumulative
    inner join as_of_dates
        on cumulative.as_of_date = as_of_dates.as_of_date

)

select * from fingerprinted
