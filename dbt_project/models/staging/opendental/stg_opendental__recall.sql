with

source as (

    select * from {{ od_source('recall') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
recall_priority_codes as (

    select * from {{ ref('opendental__recall_priority') }}

),

renamed as (

    select
        -- ids
        source.RecallNum as recall_id,
        {{ od_nullif_zero('source.PatNum') }} as patient_id,
        {{ od_nullif_zero('source.RecallStatus') }} as recall_status_def_id,
        {{ od_nullif_zero('source.RecallTypeNum') }} as recall_type_id,

        -- strings
        {{ od_string('source.TimePatternOverride') }} as time_pattern_override,

        -- numerics
        source.RecallInterval as recall_interval,
        {{ od_money('source.DisableUntilBalance') }} as disabled_until_balance,

        -- codes
        source.Priority as priority_code,
        recall_priority_codes.label as priority,

        -- booleans
        {{ od_bool('source.IsDisabled') }} as is_disabled,

        -- dates
        {{ od_date('source.DateDueCalc') }} as calculated_due_date,
        {{ od_date('source.DateDue') }} as due_date,
        {{ od_date('source.DatePrevious') }} as previous_date,
        {{ od_date('source.DisableUntilDate') }} as disabled_until_date,
        {{ od_date('source.DateScheduled') }} as scheduled_date,

        -- timestamps
        {{ od_datetime('source.DateTStamp') }} as source_updated_at,

        -- metadata
        source._loaded_at

    from source
    left outer join recall_priority_codes
        on source.Priority = recall_priority_codes.code

)

select * from renamed
