with

source as (

    select * from {{ od_source('provider') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
provider_status_codes as (

    select * from {{ ref('opendental__provider_status') }}

),

erx_enabled_status_codes as (

    select * from {{ ref('opendental__erx_enabled_status') }}

),

renamed as (

    select
        -- ids
        source.ProvNum as provider_id,
        {{ od_nullif_zero('source.FeeSched') }} as fee_schedule_id,
        {{ od_nullif_zero('source.Specialty') }} as specialty_def_id,
        {{ od_nullif_zero('source.SchoolClassNum') }} as school_class_id,
        {{ od_nullif_zero('source.ProvNumBillingOverride') }}
            as billing_provider_override_id,

        -- strings
        {{ od_string('source.Abbr') }} as abbreviation,
        {{ od_string('source.LName') }} as last_name,
        {{ od_string('source.FName') }} as first_name,
        {{ od_string('source.MI') }} as middle_initial,
        {{ od_string('source.Suffix') }} as suffix,
        {{ od_string('source.NationalProvID') }} as npi,
        {{ od_string('source.TaxonomyCodeOverride') }}
            as taxonomy_code_override,
        {{ od_string('source.EcwID') }} as ecw_identifier,
        {{ od_string('source.CustomID') }} as custom_identifier,
        {{ od_string('source.SchedNote') }} as schedule_note,
        {{ od_string('source.WebSchedDescript') }} as web_sched_description,
        {{ od_string('source.WebSchedImageLocation') }}
            as web_sched_image_location,
        {{ od_string('source.PreferredName') }} as preferred_name,

        -- numerics
        source.ItemOrder as item_order,
        source.AnesthProvType as anesthesia_provider_type,
        source.EhrMuStage as ehr_meaningful_use_stage,
        {{ od_money('source.HourlyProdGoalAmt') }} as hourly_production_goal,

        -- codes
        source.ProvStatus as provider_status_code,
        provider_status_codes.label as provider_status,
        source.IsErxEnabled as erx_enabled_status_code,
        erx_enabled_status_codes.label as erx_enabled_status,

        -- booleans
        {{ od_bool('source.IsSecondary') }} as is_hygienist,
        {{ od_bool('source.IsHidden') }} as is_hidden,
        {{ od_bool('source.UsingTIN') }} as is_using_tin,
        {{ od_bool('source.SigOnFile') }} as is_signature_on_file,
        {{ od_bool('source.IsNotPerson') }} as is_not_person,
        {{ od_bool('source.IsInstructor') }} as is_instructor,
        {{ od_bool('source.IsHiddenReport') }} as is_hidden_on_reports,

        -- dates
        {{ od_date('source.DateTerm') }} as term_date,

        -- timestamps
        {{ od_datetime('source.DateTStamp') }} as source_updated_at,

        -- metadata
        source._loaded_at

    from source
    left outer join provider_status_codes
        on source.ProvStatus = provider_status_codes.code
    left outer join erx_enabled_status_codes
        on source.IsErxEnabled = erx_enabled_status_codes.code

)

select * from renamed
