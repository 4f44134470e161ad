with

source as (

    select * from {{ od_source('patientnote') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
patient_consent_codes as (

    select * from {{ ref('opendental__patient_consent') }}

),

pronoun_codes as (

    select * from {{ ref('opendental__pronoun') }}

),

renamed as (

    select
        -- ids
        source.PatNum as patient_id,
        {{ od_nullif_zero('source.UserNumOrthoLocked') }}
            as ortho_locked_by_user_id,

        -- numerics
        {{ od_nullif_sentinel('source.OrthoMonthsTreatOverride') }}
            as ortho_months_treatment_override,

        -- codes
        source.Consent as consent_code,
        patient_consent_codes.label as consent,
        source.Pronoun as pronoun_code,
        pronoun_codes.label as pronoun,

        -- dates
        {{ od_date('source.DateOrthoPlacementOverride') }}
            as ortho_placement_override_date,

        -- timestamps
        {{ od_datetime('source.SecDateTEntry') }} as created_at,
        {{ od_datetime('source.SecDateTEdit') }} as source_updated_at,

        -- metadata
        source._loaded_at

    from source
    left outer join patient_consent_codes
        on source.Consent = patient_consent_codes.code
    left outer join pronoun_codes
        on source.Pronoun = pronoun_codes.code

)

select * from renamed
