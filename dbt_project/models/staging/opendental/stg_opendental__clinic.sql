with

source as (

    select * from {{ od_source('clinic') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
place_of_service_codes as (

    select * from {{ ref('opendental__place_of_service') }}

),

renamed as (

    select
        -- ids
        source.ClinicNum as clinic_id,
        -- InsBillingProv 0 is the practice default, -1 the treating provider
        case when source.InsBillingProv > 0 then source.InsBillingProv end
            as insurance_billing_provider_id,
        {{ od_nullif_zero('source.EmailAddressNum') }} as email_address_id,
        {{ od_nullif_zero('source.DefaultProv') }} as default_provider_id,
        {{ od_nullif_zero('source.Region') }} as region_def_id,

        -- strings
        {{ od_string('source.Description') }} as clinic_name,
        {{ od_string('source.Address') }} as address,
        {{ od_string('source.Address2') }} as address_2,
        {{ od_string('source.City') }} as city,
        {{ od_string('source.State') }} as address_state,
        {{ od_string('source.Zip') }} as zip,
        {{ od_string('source.Phone') }} as phone,
        {{ od_string('source.BankNumber') }} as bank_number,
        {{ od_string('source.Fax') }} as fax,
        {{ od_string('source.BillingAddress') }} as billing_address,
        {{ od_string('source.BillingAddress2') }} as billing_address_2,
        {{ od_string('source.BillingCity') }} as billing_city,
        {{ od_string('source.BillingState') }} as billing_state,
        {{ od_string('source.BillingZip') }} as billing_zip,
        {{ od_string('source.PayToAddress') }} as pay_to_address,
        {{ od_string('source.PayToAddress2') }} as pay_to_address_2,
        {{ od_string('source.PayToCity') }} as pay_to_city,
        {{ od_string('source.PayToState') }} as pay_to_state,
        {{ od_string('source.PayToZip') }} as pay_to_zip,
        {{ od_string('source.Abbr') }} as abbreviation,
        {{ od_string('source.MedLabAccountNum') }} as medlab_account_number,
        {{ od_string('source.SchedNote') }} as schedule_note,
        {{ od_string('source.TimeZone') }} as time_zone,
        {{ od_string('source.EmailAliasOverride') }} as email_alias_override,

        -- numerics
        {{ od_money('source.SmsMonthlyLimit') }} as sms_monthly_limit,
        source.ItemOrder as item_order,

        -- codes
        source.DefaultPlaceService as default_place_of_service_code,
        place_of_service_codes.label as default_place_of_service,

        -- booleans
        {{ od_bool('source.IsMedicalOnly') }} as is_medical_only,
        {{ od_bool('source.UseBillAddrOnClaims') }}
            as is_billing_address_on_claims,
        {{ od_bool('source.IsInsVerifyExcluded') }}
            as is_excluded_from_insurance_verification,
        {{ od_bool('source.IsConfirmEnabled') }} as is_confirmation_enabled,
        {{ od_bool('source.IsHidden') }} as is_hidden,
        {{ od_bool('source.HasProcOnRx') }} as has_procedure_on_prescription,
        source.InsBillingProv = -1 as is_treating_provider_billed,

        -- timestamps
        {{ od_datetime('source.SmsContractDate') }} as sms_contract_at,

        -- metadata
        source._loaded_at

    from source
    left outer join place_of_service_codes
        on source.DefaultPlaceService = place_of_service_codes.code

)

select * from renamed
