with

source as (

    select * from {{ od_source('carrier') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
no_send_electronic_type_codes as (

    select * from {{ ref('opendental__no_send_electronic_type') }}

),

trusted_etrans_type_codes as (

    select * from {{ ref('opendental__trusted_etrans_type') }}

),

cob_insurance_paid_behavior_codes as (

    select * from {{ ref('opendental__cob_insurance_paid_behavior') }}

),

era_automation_mode_codes as (

    select * from {{ ref('opendental__era_automation_mode') }}

),

ortho_insurance_payment_consolidation_codes as (

    select * from {{ ref('opendental__ortho_insurance_payment_consolidation') }}

),

renamed as (

    select
        -- ids
        source.CarrierNum as carrier_id,
        {{ od_nullif_zero('source.SecUserNumEntry') }} as created_by_user_id,
        {{ od_nullif_zero('source.CarrierGroupName') }} as carrier_group_def_id,

        -- strings
        {{ od_string('source.CarrierName') }} as carrier_name,
        {{ od_string('source.Address') }} as address,
        {{ od_string('source.Address2') }} as address_2,
        {{ od_string('source.City') }} as city,
        {{ od_string('source.State') }} as address_state,
        {{ od_string('source.Zip') }} as zip,
        {{ od_string('source.Phone') }} as phone,
        {{ od_string('source.ElectID') }} as electronic_payer_identifier,
        {{ od_string('source.TIN') }} as tax_id_number,

        -- codes
        source.NoSendElect as no_send_electronic_code,
        no_send_electronic_type_codes.label as no_send_electronic,
        source.TrustedEtransFlags as trusted_etrans_flags_code,
        trusted_etrans_type_codes.label as trusted_etrans_flags,
        source.CobInsPaidBehaviorOverride as cob_insurance_paid_behavior_code,
        cob_insurance_paid_behavior_codes.label as cob_insurance_paid_behavior,
        source.EraAutomationOverride as era_automation_code,
        era_automation_mode_codes.label as era_automation,
        source.OrthoInsPayConsolidate
            as ortho_insurance_payment_consolidation_code,
        ortho_insurance_payment_consolidation_codes.label
            as ortho_insurance_payment_consolidation,

        -- booleans
        {{ od_bool('source.IsHidden') }} as is_hidden,
        {{ od_bool('source.IsCoinsuranceInverted') }}
            as is_coinsurance_inverted,

        -- dates
        {{ od_date('source.SecDateEntry') }} as created_date,

        -- timestamps
        {{ od_datetime('source.SecDateTEdit') }} as source_updated_at,

        -- metadata
        source._loaded_at

    from source
    left outer join no_send_electronic_type_codes
        on source.NoSendElect = no_send_electronic_type_codes.code
    left outer join trusted_etrans_type_codes
        on source.TrustedEtransFlags = trusted_etrans_type_codes.code
    left outer join cob_insurance_paid_behavior_codes
        on
            source.CobInsPaidBehaviorOverride
            = cob_insurance_paid_behavior_codes.code
    left outer join era_automation_mode_codes
        on source.EraAutomationOverride = era_automation_mode_codes.code
    left outer join ortho_insurance_payment_consolidation_codes
        on
            source.OrthoInsPayConsolidate
            = ortho_insurance_payment_consolidation_codes.code

)

select * from renamed
