{{
    config(
        indexes=[
            {'columns': ['treatment_plan_procedure_id'], 'unique': true},
            {'columns': ['presented_month', 'clinic_id', 'provider_id']},
            {'columns': ['procedure_id']},
            {'columns': ['patient_id']},
        ]
    )
}}

{#-
    One row per procedure line on a saved (presented) treatment plan, with what
    has become of the procedure since: completed, still planned and on a
    scheduled appointment, still planned and unscheduled, or gone. OpenDental's
    TP Presentation Statistics report counts each procedure once, on its first
    (or last) presentation: the flags say which line is which.
-#}
with

treatment_plans as (

    select * from {{ ref('stg_opendental__treatplan') }}
    where treatment_plan_status_code = 0

),

plan_lines as (

    select * from {{ ref('stg_opendental__proctp') }}

),

procedures as (

    select * from {{ ref('fct_procedures') }}

),

appointments as (

    select * from {{ ref('stg_opendental__appointment') }}

),

lines_joined as (

    select
        plan_lines.treatment_plan_procedure_id,
        plan_lines.treatment_plan_id,
        plan_lines.patient_id,
        plan_lines.procedure_id,
        plan_lines.provider_id,
        plan_lines.clinic_id,
        plan_lines.procedure_code,
        plan_lines.procedure_description,
        plan_lines.item_order,
        treatment_plans.treatment_plan_date as presented_date,
        plan_lines.fee_amount as presented_fee_amount,
        plan_lines.patient_amount as presented_patient_amount,
        procedures.procedure_status_code,
        procedures.procedure_status,
        procedures.procedure_date,
        procedures.appointment_id,
        procedures.procedure_amount,
        appointments.appointment_status_code,
        appointments.appointment_at,
        coalesce(
            treatment_plans.presenter_user_id,
            treatment_plans.created_by_user_id
        ) as presenter_user_id,
        plan_lines.primary_insurance_amount
        + plan_lines.secondary_insurance_amount
            as presented_insurance_amount

    from plan_lines
    inner join treatment_plans
        on plan_lines.treatment_plan_id = treatment_plans.treatment_plan_id
    left outer join procedures
        on plan_lines.procedure_id = procedures.procedure_id
    left outer join appointments
        on procedures.appointment_id = appointments.appointment_id

),

lines_classified as (

    select
        *,
        case
            when procedure_status_code is null then 'not linked'
            when procedure_status_code = 2 then 'completed'
            when procedure_status_code = 1 and appointment_status_code = 1
                then 'scheduled'
            when procedure_status_code in (1, 8) then 'not scheduled'
            when procedure_status_code = 6 then 'deleted'
            else 'other'
        end as acceptance_status,
        row_number() over (
            partition by coalesce(procedure_id, -treatment_plan_procedure_id)
            order by
                presented_date is null,
                presented_date,
                treatment_plan_id,
                treatment_plan_procedure_id
        ) as presentation_number,
        count(*) over (
            partition by coalesce(procedure_id, -treatment_plan_procedure_id)
        ) as presentation_count

    from lines_joined

),

final as (

    select
        -- ids
        treatment_plan_procedure_id,
        treatment_plan_id,
        patient_id,
        procedure_id,
        provider_id,
        clinic_id,
        presenter_user_id,

        -- what was presented
        procedure_code,
        procedure_description,
        item_order,
        presented_date,
        cast({{ dbt.date_trunc('month', 'presented_date') }} as date)
            as presented_month,
        presented_fee_amount,
        presented_insurance_amount,
        presented_patient_amount,
        presentation_number,
        procedure_id is not null and presentation_number = 1
            as is_first_presentation,
        procedure_id is not null and presentation_number = presentation_count
            as is_last_presentation,

        -- what became of it
        procedure_status_code,
        procedure_status,
        coalesce(procedure_amount, 0) as procedure_amount,
        acceptance_status,
        acceptance_status = 'scheduled' as is_scheduled,
        acceptance_status = 'completed' as is_completed,
        acceptance_status in ('scheduled', 'completed') as is_accepted,
        case
            when acceptance_status = 'completed' then procedure_date
        end as completed_date,
        case
            when acceptance_status = 'scheduled' then appointment_at
        end as scheduled_at

    from lines_classified

)

select * from final
