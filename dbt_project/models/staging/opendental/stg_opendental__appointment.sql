with

source as (

    select * from {{ od_source('appointment') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
appointment_status_codes as (

    select * from {{ ref('opendental__appointment_status') }}

),

appointment_priority_codes as (

    select * from {{ ref('opendental__appointment_priority') }}

),

renamed as (

    select
        -- ids
        source.AptNum as appointment_id,
        {{ od_nullif_zero('source.PatNum') }} as patient_id,
        {{ od_nullif_zero('source.Confirmed') }} as confirmation_status_def_id,
        {{ od_nullif_zero('source.Op') }} as operatory_id,
        {{ od_nullif_zero('source.ProvNum') }} as provider_id,
        {{ od_nullif_zero('source.ProvHyg') }} as hygienist_id,
        {{ od_nullif_zero('source.NextAptNum') }} as planned_appointment_id,
        {{ od_nullif_zero('source.UnschedStatus') }}
            as unscheduled_status_def_id,
        {{ od_nullif_zero('source.Assistant') }} as assistant_id,
        source.ClinicNum as clinic_id,
        {{ od_nullif_zero('source.InsPlan1') }} as primary_insurance_plan_id,
        {{ od_nullif_zero('source.InsPlan2') }} as secondary_insurance_plan_id,
        {{ od_nullif_zero('source.AppointmentTypeNum') }}
            as appointment_type_id,
        {{ od_nullif_zero('source.SecUserNumEntry') }} as created_by_user_id,

        -- strings
        {{ od_string('source.Pattern') }} as pattern,
        {{ od_string('source.ProcDescript') }} as procedure_description,
        {{ od_string('source.PatternSecondary') }} as pattern_secondary,

        -- numerics
        source.ItemOrderPlanned as planned_item_order,

        -- codes
        source.AptStatus as appointment_status_code,
        appointment_status_codes.label as appointment_status,
        source.Priority as priority_code,
        appointment_priority_codes.label as priority,

        -- booleans
        {{ od_bool('source.TimeLocked') }} as is_time_locked,
        {{ od_bool('source.IsNewPatient') }} as is_new_patient,
        {{ od_bool('source.IsHygiene') }} as is_hygiene,

        -- timestamps
        {{ od_datetime('source.AptDateTime') }} as appointment_at,
        {{ od_datetime('source.DateTStamp') }} as source_updated_at,
        {{ od_datetime('source.DateTimeArrived') }} as arrived_at,
        {{ od_datetime('source.DateTimeSeated') }} as seated_at,
        {{ od_datetime('source.DateTimeDismissed') }} as dismissed_at,
        {{ od_datetime('source.DateTimeAskedToArrive') }} as asked_to_arrive_at,
        {{ od_datetime('source.SecDateTEntry') }} as created_at,

        -- metadata
        source._loaded_at

    from source
    left outer join appointment_status_codes
        on source.AptStatus = appointment_status_codes.code
    left outer join appointment_priority_codes
        on source.Priority = appointment_priority_codes.code

)

select * from renamed
