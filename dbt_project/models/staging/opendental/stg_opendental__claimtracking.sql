with

source as (

    select * from {{ od_source('claimtracking') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
claim_tracking_type_codes as (

    select * from {{ ref('opendental__claim_tracking_type') }}

),

renamed as (

    select
        -- ids
        source.ClaimTrackingNum as claim_tracking_id,
        {{ od_nullif_zero('source.ClaimNum') }} as claim_id,
        {{ od_nullif_zero('source.UserNum') }} as user_id,
        {{ od_nullif_zero('source.TrackingDefNum') }} as tracking_status_def_id,
        {{ od_nullif_zero('source.TrackingErrorDefNum') }}
            as tracking_error_def_id,

        -- codes
        {{ od_string('source.TrackingType') }} as tracking_type_code,
        claim_tracking_type_codes.label as tracking_type,

        -- timestamps
        {{ od_datetime('source.DateTimeEntry') }} as source_updated_at,

        -- metadata
        source._loaded_at

    from source
    left outer join claim_tracking_type_codes
        on
            {{ od_string('source.TrackingType') }}
            = claim_tracking_type_codes.code

)

select * from renamed
