{#-
    One row: the practice settings the finance models depend on, read from the
    `preference` table at run time, plus the write-off dating the P&I mart uses.

    Write-off dating (dbt var `writeoff_dating`): unset means "the practice's own
    preference ReportsPPOwriteoffDefaultToProcDate", as OpenDental's P&I form does.
    The var accepts 0/1/2 or ins_pay_date/proc_date/claim_pay_date.
-#}
{%- set writeoff_dating = var('writeoff_dating', none) -%}
{%- set writeoff_options = {
    '0': 0, '1': 1, '2': 2,
    'ins_pay_date': 0, 'proc_date': 1, 'claim_pay_date': 2,
} -%}
{%- if writeoff_dating is none or writeoff_dating | string | trim == '' -%}
    {%- set writeoff_var = 'null' -%}
{%- elif (writeoff_dating | string | trim | lower) in writeoff_options -%}
    {%- set writeoff_var = writeoff_options[
        writeoff_dating | string | trim | lower
    ] -%}
{%- else -%}
    {{ exceptions.raise_compiler_error(
        "var writeoff_dating must be 0/ins_pay_date, 1/proc_date or "
        ~ "2/claim_pay_date (or unset for the practice preference); got '"
        ~ writeoff_dating ~ "'"
    ) }}
{%- endif -%}

with

preferences as (

    select * from {{ ref('stg_opendental__preference') }}

),

pivoted as (

    select
        max(
            case
                when preference_name = 'ReportsPPOwriteoffDefaultToProcDate'
                    then preference_value
            end
        ) as writeoff_dating_preference,
        max(
            case
                when preference_name = 'DateLastAging'
                    then preference_value
            end
        ) as date_last_aging_value,
        max(
            case
                when preference_name = 'PayPlansVersion'
                    then preference_value
            end
        ) as payment_plans_version_value,
        max(
            case
                when preference_name = 'AgingProcLifo'
                    then preference_value
            end
        ) as aging_proc_lifo_value,
        max(
            case
                when preference_name = 'BadDebtAdjustmentTypes'
                    then preference_value
            end
        ) as bad_debt_adjustment_types_value,
        max(
            case
                when preference_name = 'BrokenAppointmentAdjustmentType'
                    then preference_value
            end
        ) as broken_appointment_adjustment_type_value
    from preferences

),

resolved as (

    select
        {# An unreadable preference falls back the way OpenDental's P&I form
            does: blank or missing -> 0 (the preference's default), any other
            value outside 0-2 -> 2 (the form's default branch). #}
        coalesce(
            {{ writeoff_var }},
            case
                when coalesce(writeoff_dating_preference, '') = '' then 0
                when writeoff_dating_preference in ('0', '1', '2')
                    then cast(writeoff_dating_preference as unsigned)
                else 2
            end
        ) as writeoff_option,
        case
            when {{ writeoff_var }} is not null then 'dbt var writeoff_dating'
            else 'preference ReportsPPOwriteoffDefaultToProcDate'
        end as writeoff_option_source,
        case
            when date_last_aging_value regexp '^[0-9]{4}-[0-9]{2}-[0-9]{2}'
                then cast(left(date_last_aging_value, 10) as date)
        end as date_last_aging,
        case
            when payment_plans_version_value regexp '^[0-9]+$'
                then cast(payment_plans_version_value as unsigned)
            else 1
        end as payment_plans_version,
        coalesce(aging_proc_lifo_value, '0') in ('1', 'true', 'True')
            as is_aging_proc_lifo,
        {# comma-separated DefNums, e.g. '12,31' #}
        replace(coalesce(bad_debt_adjustment_types_value, ''), ' ', '')
            as bad_debt_adjustment_type_ids,
        case
            when broken_appointment_adjustment_type_value regexp '^[0-9]+$'
                then cast(broken_appointment_adjustment_type_value as unsigned)
        end as broken_appointment_adjustment_type_id
    from pivoted

),

labelled as (

    select
        writeoff_option,
        writeoff_option_source,
        date_last_aging,
        payment_plans_version,
        is_aging_proc_lifo,
        bad_debt_adjustment_type_ids,
        broken_appointment_adjustment_type_id,
        case writeoff_option
            when 0 then 'insurance payment date'
            when 1 then 'procedure date'
            else 'initial claim date / insurance payment date'
        end as writeoff_option_name
    from resolved

)

select * from labelled
