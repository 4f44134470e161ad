with

source as (

    select * from {{ od_source('patplan') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
relationship_codes as (

    select * from {{ ref('opendental__relationship') }}

),

renamed as (

    select
        -- ids
        source.PatPlanNum as patient_plan_id,
        {{ od_nullif_zero('source.PatNum') }} as patient_id,
        {{ od_nullif_zero('source.InsSubNum') }} as insurance_subscriber_id,

        -- strings
        {{ od_string('source.PatID') }} as patient_member_identifier,

        -- numerics
        source.Ordinal as coverage_ordinal,
        {{ od_money(od_nullif_sentinel('source.OrthoAutoFeeBilledOverride')) }}
            as ortho_auto_fee_billed_override,

        -- codes
        source.Relationship as relationship_code,
        relationship_codes.label as relationship,

        -- booleans
        {{ od_bool('source.IsPending') }} as is_pending,

        -- dates
        {{ od_date('source.OrthoAutoNextClaimDate') }}
            as ortho_auto_next_claim_date,

        -- timestamps
        {{ od_datetime('source.SecDateTEntry') }} as created_at,
        {{ od_datetime('source.SecDateTEdit') }} as source_updated_at,

        -- metadata
        source._loaded_at

    from source
    left outer join relationship_codes
        on source.Relationship = relationship_codes.code

)

select * from renamed
