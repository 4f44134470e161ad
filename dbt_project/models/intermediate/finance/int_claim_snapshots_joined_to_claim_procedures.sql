{#-
    Write-off option 2 of OpenDental's P&I ("initial claim date / insurance
    payment date"): the write-off is counted as its original estimate (the claim
    snapshot's Writeoff, -1 meaning none) on the day the snapshot was taken, and
    the difference between the actual write-off and that estimate on the
    insurance payment date. One row per claim procedure of status NotReceived,
    Received or Supplemental and per snapshot of it (none, one or, if OpenDental
    kept several, each of them: the report joins every snapshot row).
      estimate piece   : snapshot rows only, and only when the procedure exists
                         (the report joins procedurelog for the clinic);
                         amount -estimate, on the snapshot date, claim
                         procedure's provider, procedure's clinic.
      adjustment piece : Received/Supplemental only; amount estimate - actual
                         (estimate 0 without a snapshot), on DateCP, claim
                         procedure's provider and clinic.
-#}
{# A table (indexed), not ephemeral: read twice by the ledger. #}
{{
    config(
        materialized='table',
        indexes=[
            {'columns': ['claim_procedure_id']},
            {'columns': ['claim_snapshot_id']},
            {'columns': ['patient_id']},
        ],
    )
}}

with

claim_procedures as (

    select * from {{ ref('int_claim_procedures_with_writeoff_options') }}

),

snapshots as (

    select * from {{ ref('stg_opendental__claimsnapshot') }}

),

procedures as (

    select * from {{ ref('int_procedures_with_capitation_writeoffs') }}

),

{# Joins run from the snapshot to its claim procedure and procedure (primary
   keys): OpenDental's claimsnapshot.ClaimProcNum is not indexed in raw. #}
with_snapshots as (

    select
        claim_procedures.claim_procedure_id,
        snapshots.claim_snapshot_id,
        claim_procedures.claim_id,
        claim_procedures.procedure_id,
        claim_procedures.patient_id,
        coalesce(claim_procedures.provider_id, 0) as provider_id,
        claim_procedures.clinic_id,
        procedures.clinic_id as procedure_clinic_id,
        claim_procedures.claim_procedure_status_code,
        claim_procedures.write_off_amount,
        coalesce(snapshots.write_off_estimate, 0) as snapshot_write_off,
        cast(snapshots.created_at as date) as snapshot_date,
        claim_procedures.insurance_payment_date,
        claim_procedures._loaded_at
    from snapshots
    inner join claim_procedures
        on snapshots.claim_procedure_id = claim_procedures.claim_procedure_id
    left outer join procedures
        on claim_procedures.procedure_id = procedures.procedure_id
    where claim_procedures.claim_procedure_status_code in (0, 1, 4)

),

without_snapshots as (

    select
        claim_procedures.claim_procedure_id,
        cast(null as signed) as claim_snapshot_id,
        claim_procedures.claim_id,
        claim_procedures.procedure_id,
        claim_procedures.patient_id,
        coalesce(claim_procedures.provider_id, 0) as provider_id,
        claim_procedures.clinic_id,
        cast(null as signed) as procedure_clinic_id,
        claim_procedures.claim_procedure_status_code,
        claim_procedures.write_off_amount,
        0 as snapshot_write_off,
        cast(null as date) as snapshot_date,
        claim_procedures.insurance_payment_date,
        claim_procedures._loaded_at
    from claim_procedures
    where
        claim_procedures.claim_procedure_status_code in (1, 4)
        and claim_procedures.claim_procedure_id not in (
            select snapshots.claim_procedure_id from snapshots
            where snapshots.claim_procedure_id is not null
        )

),

joined as (

    select * from with_snapshots
    union all
    select * from without_snapshots

),

pieces as (

    select
        claim_procedure_id,
        claim_snapshot_id,
        claim_id,
        procedure_id,
        patient_id,
        provider_id,
        clinic_id,
        procedure_clinic_id,
        claim_procedure_status_code,
        _loaded_at,
        case
            when
                claim_snapshot_id is not null
                and procedure_clinic_id is not null
                then -snapshot_write_off
        end as estimate_amount,
        case
            when
                claim_snapshot_id is not null
                and procedure_clinic_id is not null
                then snapshot_date
        end as estimate_date,
        case
            when claim_procedure_status_code in (1, 4)
                then snapshot_write_off - write_off_amount
        end as adjustment_amount,
        case
            when claim_procedure_status_code in (1, 4)
                then insurance_payment_date
        end as adjustment_date
    from joined

)

select * from pieces
