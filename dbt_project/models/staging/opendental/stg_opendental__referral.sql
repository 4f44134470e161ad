with

source as (

    select * from {{ od_source('referral') }}

),

renamed as (

    select
        -- ids
        ReferralNum as referral_id,
        {{ od_nullif_zero('Specialty') }} as specialty_def_id,
        {{ od_nullif_zero('PatNum') }} as patient_id,
        {{ od_nullif_zero('Slip') }} as referral_slip_sheet_id,

        -- strings
        {{ od_string('LName') }} as last_name,
        {{ od_string('FName') }} as first_name,
        {{ od_string('MName') }} as middle_name,
        {{ od_string('ST') }} as address_state,
        {{ od_string('Title') }} as title,
        {{ od_string('NationalProvID') }} as npi,
        {{ od_string('BusinessName') }} as business_name,

        -- booleans
        {{ od_bool('UsingTIN') }} as is_using_tin,
        {{ od_bool('IsHidden') }} as is_hidden,
        {{ od_bool('NotPerson') }} as is_not_person,
        {{ od_bool('IsDoctor') }} as is_doctor,
        {{ od_bool('IsTrustedDirect') }} as is_trusted_direct,
        {{ od_bool('IsPreferred') }} as is_preferred,

        -- timestamps
        {{ od_datetime('DateTStamp') }} as source_updated_at,

        -- metadata
        _loaded_at

    from source

)

select * from renamed
