{#-
    Every procedure (all statuses) with its amount and the capitation write-off
    OpenDental nets into production: the sum of WriteOff over the procedure's
    CapComplete claim procedures (status 7), pre-aggregated per procedure so a
    procedure with several such rows is never counted twice.
-#}
{# A table (indexed), not ephemeral: several finance models read it, and
    re-reading the staging view costs a pass over procedurelog each time. #}
{{
    config(
        materialized='table',
        indexes=[
            {'columns': ['procedure_id'], 'unique': true},
            {'columns': ['patient_id']},
        ],
    )
}}

with

procedures as (

    select * from {{ ref('stg_opendental__procedurelog') }}

),

claim_procedures as (

    select * from {{ ref('stg_opendental__claimproc') }}

),

capitation_writeoffs as (

    select
        procedure_id,
        sum(write_off_amount) as capitation_writeoff_amount,
        max(_loaded_at) as _loaded_at
    from claim_procedures
    where
        claim_procedure_status_code = 7
        and procedure_id is not null
    group by procedure_id

),

joined as (

    select
        procedures.procedure_id,
        procedures.patient_id,
        procedures.clinic_id,
        procedures.procedure_code_id,
        procedures.appointment_id,
        procedures.planned_appointment_id,
        procedures.statement_id,
        procedures.tooth_number,
        procedures.surface,
        procedures.procedure_status_code,
        procedures.procedure_status,
        procedures.procedure_fee,
        procedures.unit_quantity,
        procedures.base_units,
        procedures.discount_amount,
        procedures.discount_plan_amount,
        cast(
            procedures.procedure_fee
            * (procedures.unit_quantity + procedures.base_units)
            as decimal(15, 2)
        ) as procedure_amount,
        procedures.procedure_date,
        procedures.entry_date,
        procedures.treatment_planned_date,
        procedures.completed_date,
        procedures.created_at,
        procedures.source_updated_at,
        coalesce(procedures.provider_id, 0) as provider_id,
        coalesce(capitation_writeoffs.capitation_writeoff_amount, 0)
            as capitation_writeoff_amount,
        greatest(
            procedures._loaded_at,
            coalesce(capitation_writeoffs._loaded_at, procedures._loaded_at)
        ) as _loaded_at
    from procedures
    left outer join capitation_writeoffs
        on procedures.procedure_id = capitation_writeoffs.procedure_id

)

select * from joined
