{#-
    Every procedure in procedurelog, whatever its status (treatment planned,
    complete, existing, referred, deleted, condition, ...), labelled. Amount
    = ProcFee * (UnitQty + BaseUnits), OpenDental's procedure amount
    everywhere; production counts it only for completed procedures
    (fct_ledger, mart_production_income_daily).
-#}
{{
    config(
        indexes=[
            {'columns': ['procedure_id'], 'unique': true},
            {'columns': ['patient_id']},
            {'columns': ['procedure_date', 'provider_id', 'clinic_id']},
        ],
    )
}}

with

procedures as (

    select * from {{ ref('int_procedures_with_capitation_writeoffs') }}

),

{# grouped: a lookup materialized once, not the staging view per row #}
procedure_codes as (

    select
        procedure_code_id,
        max(procedure_code) as procedure_code
    from {{ ref('stg_opendental__procedurecode') }}
    group by procedure_code_id

),

joined as (

    select
        procedures.procedure_id,
        procedures.patient_id,
        procedures.provider_id,
        procedures.clinic_id,
        procedures.procedure_code_id,
        procedure_codes.procedure_code,
        procedures.appointment_id,
        procedures.planned_appointment_id,
        procedures.statement_id,
        procedures.procedure_status_code,
        procedures.procedure_status,
        procedures.tooth_number,
        procedures.surface,
        procedures.procedure_fee,
        procedures.unit_quantity,
        procedures.base_units,
        procedures.procedure_amount,
        procedures.capitation_writeoff_amount,
        procedures.discount_amount,
        procedures.discount_plan_amount,
        procedures.procedure_date,
        procedures.treatment_planned_date,
        procedures.completed_date,
        procedures.entry_date,
        procedures.created_at,
        procedures.source_updated_at,
        procedures.procedure_status_code = 2 as is_completed,
        coalesce(procedure_codes.procedure_code in ('D9986', 'D9987'), false)
            as is_broken_appointment_code,
        case
            when procedures.procedure_status_code = 2
                then
                    procedures.procedure_amount
                    - procedures.capitation_writeoff_amount
            else 0
        end as production_amount
    from procedures
    left outer join procedure_codes
        on procedures.procedure_code_id = procedure_codes.procedure_code_id

)

select * from joined
