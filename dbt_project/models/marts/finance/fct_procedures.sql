{#-
    Every procedure in procedurelog, whatever its status (treatment planned,
    complete, existing, referred, deleted, condition, ...), labelled. Amount
    = ProcFee * (UnitQty + BaseUnits), OpenDental's procedure amount
    everywhere; production counts it only for completed procedures
    (fct_ledger, mart_production_income_daily).

    Incremental by procedure (DECISIONLOG F13). `_loaded_at` is the load
    time of the procedure row; the newest one here is the watermark. A run
    rebuilds the procedures
      - whose procedurelog row was loaded after the watermark,
      - with a CapComplete (status 7) claim procedure loaded after it,
      - whose stored capitation write-off is no longer the current one (a
        CapComplete claim procedure hard-deleted or moved to another status),
      - gone from procedurelog (removed, not rebuilt).
      pre-hook 1  procedures to rebuild -> temporary table fct_procedures__rebuild
      pre-hook 2  delete their rows
      model       their rows, recomputed (dbt then deletes by key, inserts)
    A change of procedure codes (global_inputs) rebuilds every row.
    global_inputs names the columns read, not `_loaded_at`: the loader
    re-stamps the rows it re-reads, which changes nothing.
-#}
{%- set list_rebuilt_procedures -%}{% raw %}
create or replace temporary table {{ this.schema }}.fct_procedures__rebuild
(primary key (procedure_id))
{% if is_incremental() %}
with
watermark as (
    {{ load_watermark(this) }}
),
changed as (
    select procedure_id from {{ ref('stg_opendental__procedurelog') }}
    where _loaded_at > (select loaded_at from watermark)
    union
    select procedure_id from {{ ref('stg_opendental__claimproc') }}
    where
        _loaded_at > (select loaded_at from watermark)
        and claim_procedure_status_code = 7
        and procedure_id is not null
    union
    select stored.procedure_id
    from {{ this }} as stored
    inner join {{ ref('int_procedures_with_capitation_writeoffs') }} as procedures
        on stored.procedure_id = procedures.procedure_id
    where
        stored.capitation_writeoff_amount != 0
        and procedures.capitation_writeoff_amount
        != stored.capitation_writeoff_amount
    union
    {# the indexed table of every procedure, not the staging view (whose
       code-label joins cost a lookup per stored row) #}
    select stored.procedure_id from {{ this }} as stored
    where not exists (
        select 1
        from {{ ref('int_procedures_with_capitation_writeoffs') }} as procedures
        where procedures.procedure_id = stored.procedure_id
    )
)
select distinct procedure_id from changed
{% else %}
select cast(null as signed) as procedure_id from dual where false
{% endif %}
{% endraw %}{%- endset -%}

{%- set delete_rebuilt_procedures -%}{% raw %}
{% if is_incremental() %}
{# the delete list names the target in full (an alias there is resolved in
   the default database, which dbt's connection does not have) #}
delete {{ this }}
from {{ this }}
inner join {{ this.schema }}.fct_procedures__rebuild as rebuild
    on {{ this }}.procedure_id = rebuild.procedure_id
{% else %}
select 1
{% endif %}
{% endraw %}{%- endset -%}

{{
    config(
        materialized='incremental',
        unique_key='procedure_id',
        global_inputs=[{
            'name': 'stg_opendental__procedurecode',
            'columns': ['procedure_code_id', 'procedure_code'],
        }],
        pre_hook=[list_rebuilt_procedures, delete_rebuilt_procedures],
        indexes=[
            {'columns': ['procedure_id'], 'unique': true},
            {'columns': ['patient_id']},
            {'columns': ['procedure_date', 'provider_id', 'clinic_id']},
            {'columns': ['appointment_id']},
            {'columns': ['capitation_writeoff_amount']},
            {'columns': ['_loaded_at']},
        ],
        post_hook=[
            "drop temporary table if exists {{ this.schema }}.fct_procedures__rebuild",
        ],
    )
}}

-- depends_on: {{ ref('stg_opendental__claimproc') }}
-- depends_on: {{ source('mdc_loader', '_mdc_load_runs') }}

with

procedures as (

    select * from {{ ref('int_procedures_with_capitation_writeoffs') }}
    {% if is_incremental() %}
        where procedure_id in (
            select fct_procedures__rebuild.procedure_id
            from {{ this.schema }}.fct_procedures__rebuild
        )
    {% endif %}

),

procedure_loads as (

    select
        procedure_id,
        _loaded_at
    from {{ ref('stg_opendental__procedurelog') }}
    {% if is_incremental() %}
        where procedure_id in (
            select fct_procedures__rebuild.procedure_id
            from {{ this.schema }}.fct_procedures__rebuild
        )
    {% endif %}

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

    {# the columns listed: an incremental table keeps the columns it was
       created with #}
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
        procedure_loads._loaded_at,
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
    inner join procedure_loads
        on procedures.procedure_id = procedure_loads.procedure_id
    left outer join procedure_codes
        on procedures.procedure_code_id = procedure_codes.procedure_code_id

)

select * from joined
