with

source as (

    select * from {{ od_source('userod') }}

),

renamed as (

    select
        -- ids
        UserNum as user_id,
        {{ od_nullif_zero('EmployeeNum') }} as employee_id,
        ClinicNum as clinic_id,
        {{ od_nullif_zero('ProvNum') }} as provider_id,
        {{ od_nullif_zero('UserNumCEMT') }} as cemt_user_id,

        -- strings
        {{ od_string('UserName') }} as user_name,
        {{ od_string('DomainUser') }} as domain_user,

        -- numerics
        AnesthProvType as anesthesia_provider_type,
        FailedAttempts as failed_login_count,
        MobileWebPinFailedAttempts as mobile_web_pin_failed_count,

        -- booleans
        {{ od_bool('IsHidden') }} as is_hidden,
        {{ od_bool('PasswordIsStrong') }} as is_password_strong,
        {{ od_bool('ClinicIsRestricted') }} as is_clinic_restricted,
        {{ od_bool('IsPasswordResetRequired') }} as is_password_reset_required,

        -- timestamps
        {{ od_datetime('DateTFail') }} as last_failed_login_at,
        {{ od_datetime('DateTLastLogin') }} as last_login_at,

        -- metadata
        _loaded_at

    from source

)

select * from renamed
