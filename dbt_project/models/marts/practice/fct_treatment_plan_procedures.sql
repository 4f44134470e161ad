{#-
    One row per procedure line on a saved (presented) treatment plan, with what
    has become of the procedure since: completed, still planned and on a
    scheduled appointment, still planned and unscheduled, or gone. OpenDental's
    TP Presentation Statistics report counts each procedure once, on its first
    (or last) presentation: the flags say which line is which.

    Incremental by plan line (DECISIONLOG F13). `_loaded_at` is the load
    time of the proctp row; the newest one here is the watermark. A run
    rebuilds the lines
      - whose proctp row, or whose treatment plan, was loaded after the
        watermark (a plan no longer "saved" takes its lines out),
      - whose procedure, or the appointment of whose procedure, was loaded
        after it; scheduled lines whose appointment is gone,
      - gone from proctp, or whose plan is gone (removed, not rebuilt),
    and with them every other line of the same procedure: the presentation
    number and count are counted over all lines of a procedure.
      pre-hook 1  lines to rebuild -> temporary table
                  fct_treatment_plan_procedures__rebuild
      pre-hook 2  delete their rows
      model       their rows, recomputed (dbt then deletes by key, inserts)
    Reads fct_procedures (built before it in the same run).
-#}

{%- set list_rebuilt_lines -%}{% raw %}
create or replace temporary table
{{ this.schema }}.fct_treatment_plan_procedures__rebuild
(primary key (treatment_plan_procedure_id))
{% if is_incremental() %}
with
watermark as (
    {{ load_watermark(this) }}
),
changed_lines as (
    select treatment_plan_procedure_id, procedure_id
    from {{ ref('stg_opendental__proctp') }}
    where _loaded_at > (select loaded_at from watermark)
    union
    select plan_lines.treatment_plan_procedure_id, plan_lines.procedure_id
    from {{ ref('stg_opendental__treatplan') }} as plans
    inner join {{ ref('stg_opendental__proctp') }} as plan_lines
        on plans.treatment_plan_id = plan_lines.treatment_plan_id
    where plans._loaded_at > (select loaded_at from watermark)
    union
    select stored.treatment_plan_procedure_id, stored.procedure_id
    from {{ ref('stg_opendental__procedurelog') }} as procedures
    inner join {{ this }} as stored
        on procedures.procedure_id = stored.procedure_id
    where procedures._loaded_at > (select loaded_at from watermark)
    union
    select stored.treatment_plan_procedure_id, stored.procedure_id
    from {{ ref('stg_opendental__appointment') }} as appointments
    inner join {{ ref('fct_procedures') }} as procedures
        on appointments.appointment_id = procedures.appointment_id
    inner join {{ this }} as stored
        on procedures.procedure_id = stored.procedure_id
    where appointments._loaded_at > (select loaded_at from watermark)
    union
    select stored.treatment_plan_procedure_id, stored.procedure_id
    from {{ this }} as stored
    where stored.is_scheduled and not exists (
        select 1
        from {{ ref('fct_procedures') }} as procedures
        inner join {{ ref('stg_opendental__appointment') }} as appointments
            on procedures.appointment_id = appointments.appointment_id
        where procedures.procedure_id = stored.procedure_id
    )
    union
    select stored.treatment_plan_procedure_id, stored.procedure_id
    from {{ this }} as stored
    where not exists (
        select 1 from {{ ref('stg_opendental__proctp') }} as plan_lines
        where plan_lines.treatment_plan_procedure_id
        = stored.treatment_plan_procedure_id
    )
    union
    select stored.treatment_plan_procedure_id, stored.procedure_id
    from (
        select distinct treatment_plan_id from {{ this }}
    ) as stored_plans
    inner join {{ this }} as stored
        on stored_plans.treatment_plan_id = stored.treatment_plan_id
    where not exists (
        select 1 from {{ ref('stg_opendental__treatplan') }} as plans
        where plans.treatment_plan_id = stored_plans.treatment_plan_id
    )
),
{# the procedures of the changed lines, now and as stored #}
changed_procedures as (
    select procedure_id from changed_lines where procedure_id is not null
    union
    select stored.procedure_id
    from changed_lines
    inner join {{ this }} as stored
        on changed_lines.treatment_plan_procedure_id
        = stored.treatment_plan_procedure_id
    where stored.procedure_id is not null
)
select treatment_plan_procedure_id from changed_lines
union
select stored.treatment_plan_procedure_id
from changed_procedures
inner join {{ this }} as stored
    on changed_procedures.procedure_id = stored.procedure_id
{% else %}
select cast(null as signed) as treatment_plan_procedure_id from dual where false
{% endif %}
{% endraw %}{%- endset -%}

{%- set delete_rebuilt_lines -%}{% raw %}
{% if is_incremental() %}
{# the delete list names the target in full (an alias there is resolved in
   the default database, which dbt's connection does not have) #}
delete {{ this }}
from {{ this }}
inner join {{ this.schema }}.fct_treatment_plan_procedures__rebuild as rebuild
    on {{ this }}.treatment_plan_procedure_id
    = rebuild.treatment_plan_procedure_id
{% else %}
select 1
{% endif %}
{% endraw %}{%- endset -%}

{{
    config(
        materialized='incremental',
        unique_key='treatment_plan_procedure_id',
        pre_hook=[list_rebuilt_lines, delete_rebuilt_lines],
        indexes=[
            {'columns': ['treatment_plan_procedure_id'], 'unique': true},
            {'columns': ['presented_month', 'clinic_id', 'provider_id']},
            {'columns': ['procedure_id']},
            {'columns': ['patient_id']},
            {'columns': ['treatment_plan_id']},
            {'columns': ['_loaded_at']},
        ],
        post_hook=[
            "drop temporary table if exists "
            ~ "{{ this.schema }}.fct_treatment_plan_procedures__rebuild",
        ],
    )
}}

-- depends_on: {{ ref('stg_opendental__procedurelog') }}
-- depends_on: {{ source('mdc_loader', '_mdc_load_runs') }}

with

treatment_plans as (

    select * from {{ ref('stg_opendental__treatplan') }}
    where treatment_plan_status_code = 0

),

plan_lines as (

    select * from {{ ref('stg_opendental__proctp') }}
    {% if is_incremental() %}
        where treatment_plan_procedure_id in (
            select fct_treatment_plan_procedures__rebuild.treatment_plan_procedure_id
            from {{ this.schema }}.fct_treatment_plan_procedures__rebuild
        )
    {% endif %}

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
        plan_lines._loaded_at,
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
        end as scheduled_at,

        -- metadata
        _loaded_at

    from lines_classified

)

select * from final
