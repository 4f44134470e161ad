with

source as (

    select * from {{ od_source('claimsnapshot') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
claim_type_codes as (

    select * from {{ ref('opendental__claim_type') }}

),

claim_snapshot_trigger_codes as (

    select * from {{ ref('opendental__claim_snapshot_trigger') }}

),

renamed as (

    select
        -- ids
        source.ClaimSnapshotNum as claim_snapshot_id,
        {{ od_nullif_zero('source.ProcNum') }} as procedure_id,
        {{ od_nullif_zero('source.ClaimProcNum') }} as claim_procedure_id,

        -- numerics
        {{ od_money(od_nullif_sentinel('source.Writeoff')) }}
            as write_off_estimate,
        {{ od_money('source.InsPayEst') }} as insurance_payment_estimate,
        {{ od_money('source.Fee') }} as procedure_fee,

        -- codes
        {{ od_string('source.ClaimType') }} as claim_type_code,
        claim_type_codes.label as claim_type,
        source.SnapshotTrigger as snapshot_trigger_code,
        claim_snapshot_trigger_codes.label as snapshot_trigger,

        -- timestamps
        {{ od_datetime('source.DateTEntry') }} as created_at,

        -- metadata
        source._loaded_at

    from source
    left outer join claim_type_codes
        on {{ od_string('source.ClaimType') }} = claim_type_codes.code
    left outer join claim_snapshot_trigger_codes
        on source.SnapshotTrigger = claim_snapshot_trigger_codes.code

)

select * from renamed
