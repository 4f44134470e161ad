with

source as (

    select * from {{ od_source('refattach') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
referral_type_codes as (

    select * from {{ ref('opendental__referral_type') }}

),

referral_to_status_codes as (

    select * from {{ ref('opendental__referral_to_status') }}

),

renamed as (

    select
        -- ids
        source.RefAttachNum as referral_attachment_id,
        {{ od_nullif_zero('source.ReferralNum') }} as referral_id,
        {{ od_nullif_zero('source.PatNum') }} as patient_id,
        {{ od_nullif_zero('source.ProcNum') }} as procedure_id,
        {{ od_nullif_zero('source.ProvNum') }} as provider_id,

        -- numerics
        source.ItemOrder as item_order,

        -- codes
        source.RefType as referral_type_code,
        referral_type_codes.label as referral_type,
        source.RefToStatus as referral_to_status_code,
        referral_to_status_codes.label as referral_to_status,

        -- booleans
        {{ od_bool('source.IsTransitionOfCare') }} as is_transition_of_care,

        -- dates
        {{ od_date('source.RefDate') }} as referral_date,
        {{ od_date('source.DateProcComplete') }} as procedure_completed_date,

        -- timestamps
        {{ od_datetime('source.DateTStamp') }} as source_updated_at,

        -- metadata
        source._loaded_at

    from source
    left outer join referral_type_codes
        on source.RefType = referral_type_codes.code
    left outer join referral_to_status_codes
        on source.RefToStatus = referral_to_status_codes.code

)

select * from renamed
