with

source as (

    select * from {{ od_source('commlog') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
commlog_mode_codes as (

    select * from {{ ref('opendental__commlog_mode') }}

),

commlog_direction_codes as (

    select * from {{ ref('opendental__commlog_direction') }}

),

commlog_source_codes as (

    select * from {{ ref('opendental__commlog_source') }}

),

commlog_referral_behavior_codes as (

    select * from {{ ref('opendental__commlog_referral_behavior') }}

),

renamed as (

    select
        -- ids
        source.CommlogNum as commlog_id,
        {{ od_nullif_zero('source.PatNum') }} as patient_id,
        {{ od_nullif_zero('source.CommType') }} as commlog_type_def_id,
        {{ od_nullif_zero('source.UserNum') }} as user_id,
        {{ od_nullif_zero('source.ProgramNum') }} as program_id,
        {{ od_nullif_zero('source.ReferralNum') }} as referral_id,

        -- codes
        source.Mode_ as communication_mode_code,
        commlog_mode_codes.label as communication_mode,
        source.SentOrReceived as direction_code,
        commlog_direction_codes.label as direction,
        source.CommSource as communication_source_code,
        commlog_source_codes.label as communication_source,
        source.CommReferralBehavior as referral_behavior_code,
        commlog_referral_behavior_codes.label as referral_behavior,

        -- timestamps
        {{ od_datetime('source.CommDateTime') }} as communication_at,
        {{ od_datetime('source.DateTStamp') }} as source_updated_at,
        {{ od_datetime('source.DateTimeEnd') }} as ended_at,
        {{ od_datetime('source.DateTEntry') }} as created_at,

        -- metadata
        source._loaded_at

    from source
    left outer join commlog_mode_codes
        on source.Mode_ = commlog_mode_codes.code
    left outer join commlog_direction_codes
        on source.SentOrReceived = commlog_direction_codes.code
    left outer join commlog_source_codes
        on source.CommSource = commlog_source_codes.code
    left outer join commlog_referral_behavior_codes
        on source.CommReferralBehavior = commlog_referral_behavior_codes.code

)

select * from renamed
