{#-
    Every appointment with its procedures, hygiene classification, credited
    provider, first-visit flag and break history.

    Incremental by appointment (DECISIONLOG F13). `_loaded_at` is the load
    time of the appointment row; the newest one here is the watermark. A
    run rebuilds the appointments
      - whose appointment row, or a break of which (histappointment), was
        loaded after the watermark,
      - of the patients with a procedure loaded after it, when their stored
        procedure counts and codes differ from the current ones (a
        procedure attached, detached, moved or deleted) or their stored
        first-visit flag does (dim_patient's first completed procedure date
        moved),
      - gone from appointment (removed, not rebuilt).
      pre-hook 1  appointments to rebuild -> temporary table
                  fct_appointments__rebuild
      pre-hook 2  delete their rows
      model       their rows, recomputed (dbt then deletes by key, inserts)
    A change of procedure codes (hygiene codes; global_inputs) rebuilds
    every row.
    global_inputs names the columns read, not `_loaded_at`: the loader
    re-stamps the rows it re-reads, which changes nothing.
-#}
{%- set list_rebuilt_appointments -%}{% raw %}
create or replace temporary table {{ this.schema }}.fct_appointments__rebuild
(primary key (appointment_id))
{% if is_incremental() %}
with
watermark as (
    {{ load_watermark(this) }}
),
patients_with_changed_procedures as (
    select distinct patient_id from {{ ref('stg_opendental__procedurelog') }}
    where
        _loaded_at > (select loaded_at from watermark)
        and patient_id is not null
),
changed as (
    select appointment_id from {{ ref('stg_opendental__appointment') }}
    where _loaded_at > (select loaded_at from watermark)
    union
    select appointment_id from {{ ref('stg_opendental__histappointment') }}
    where
        _loaded_at > (select loaded_at from watermark)
        and appointment_id is not null
    union
    select stored.appointment_id
    from patients_with_changed_procedures as changed_patients
    inner join {{ this }} as stored
        on changed_patients.patient_id = stored.patient_id
    inner join {{ ref('int_appointments_classified') }} as appointments
        on stored.appointment_id = appointments.appointment_id
    left outer join {{ ref('dim_patient') }} as patients
        on stored.patient_id = patients.patient_id
    where not (
        stored.procedure_count = appointments.procedure_count
        and stored.hygiene_procedure_count
        = appointments.hygiene_procedure_count
        and stored.procedure_codes <=> appointments.procedure_codes
        and stored.is_first_visit = coalesce(
            stored.appointment_status_code = 2
            and stored.appointment_date
            = patients.first_completed_procedure_date,
            false
        )
    )
    union
    {# the indexed table of every appointment, not the staging view (whose
       code-label joins cost a lookup per stored row) #}
    select stored.appointment_id from {{ this }} as stored
    where not exists (
        select 1 from {{ ref('int_appointments_classified') }} as appointments
        where appointments.appointment_id = stored.appointment_id
    )
)
select distinct appointment_id from changed
{% else %}
select cast(null as signed) as appointment_id from dual where false
{% endif %}
{% endraw %}{%- endset -%}

{%- set delete_rebuilt_appointments -%}{% raw %}
{% if is_incremental() %}
{# the delete list names the target in full (an alias there is resolved in
   the default database, which dbt's connection does not have) #}
delete {{ this }}
from {{ this }}
inner join {{ this.schema }}.fct_appointments__rebuild as rebuild
    on {{ this }}.appointment_id = rebuild.appointment_id
{% else %}
select 1
{% endif %}
{% endraw %}{%- endset -%}

{{
    config(
        materialized='incremental',
        unique_key='appointment_id',
        global_inputs=[{
            'name': 'stg_opendental__procedurecode',
            'columns': ['procedure_code_id', 'procedure_code', 'is_hygiene'],
        }],
        pre_hook=[list_rebuilt_appointments, delete_rebuilt_appointments],
        indexes=[
            {'columns': ['appointment_id'], 'unique': true},
            {'columns': ['appointment_month', 'clinic_id', 'credited_provider_id']},
            {'columns': ['appointment_date']},
            {'columns': ['patient_id']},
            {'columns': ['_loaded_at']},
        ],
        post_hook=[
            "drop temporary table if exists "
            ~ "{{ this.schema }}.fct_appointments__rebuild",
        ],
    )
}}

-- depends_on: {{ ref('stg_opendental__procedurelog') }}
-- depends_on: {{ ref('stg_opendental__histappointment') }}
-- depends_on: {{ ref('stg_opendental__procedurecode') }}
-- depends_on: {{ source('mdc_loader', '_mdc_load_runs') }}

with

appointments as (

    select * from {{ ref('int_appointments_classified') }}
    {% if is_incremental() %}
        where appointment_id in (
            select fct_appointments__rebuild.appointment_id
            from {{ this.schema }}.fct_appointments__rebuild
        )
    {% endif %}

),

breaks as (

    select * from {{ ref('int_appointment_breaks_deduplicated') }}
    {% if is_incremental() %}
        where appointment_id in (
            select fct_appointments__rebuild.appointment_id
            from {{ this.schema }}.fct_appointments__rebuild
        )
    {% endif %}

),

appointment_loads as (

    select
        appointment_id,
        _loaded_at
    from {{ ref('stg_opendental__appointment') }}
    {% if is_incremental() %}
        where appointment_id in (
            select fct_appointments__rebuild.appointment_id
            from {{ this.schema }}.fct_appointments__rebuild
        )
    {% endif %}

),

patients as (

    select * from {{ ref('dim_patient') }}

),

breaks_ranked as (

    select
        breaks.*,
        count(*) over (partition by breaks.appointment_id) as break_count,
        row_number() over (
            partition by breaks.appointment_id
            order by breaks.broken_at desc, breaks.appointment_history_id desc
        ) as recency_rank

    from breaks

),

last_breaks as (

    select * from breaks_ranked
    where recency_rank = 1

),

final as (

    select
        -- ids
        appointments.appointment_id,
        appointments.patient_id,
        appointments.provider_id,
        appointments.hygienist_id,
        appointments.credited_provider_id,
        appointments.clinic_id,
        appointments.operatory_id,
        appointments.appointment_type_id,
        appointments.planned_appointment_id,

        -- status
        appointments.appointment_status_code,
        appointments.appointment_status,

        -- scheduling
        appointments.appointment_at,
        cast(appointments.appointment_at as date) as appointment_date,
        cast(
            {{ dbt.date_trunc('month', 'appointments.appointment_at') }} as date
        ) as appointment_month,
        char_length(appointments.pattern) * 5 as length_minutes,
        appointments.created_at,
        appointments.arrived_at,
        appointments.seated_at,
        appointments.dismissed_at,

        -- content
        appointments.procedure_count,
        appointments.hygiene_procedure_count,
        appointments.procedure_codes,
        appointments.is_new_patient as is_new_patient_flagged,
        coalesce(
            appointments.appointment_status_code = 2
            and cast(appointments.appointment_at as date)
            = patients.first_completed_procedure_date,
            false
        ) as is_first_visit,
        appointments.is_hygiene as is_hygiene_flagged,
        appointments.is_hygiene_appointment,

        -- broken: current status, and the latest break in the history
        appointments.appointment_status_code = 5 as is_broken,
        coalesce(last_breaks.break_count, 0) as break_count,
        case
            when last_breaks.break_type is not null then last_breaks.break_type
            when appointments.appointment_status_code = 5 then 'unknown'
        end as last_break_type,
        last_breaks.broken_at as last_broken_at,
        last_breaks.notice_hours as last_break_notice_hours,
        coalesce(last_breaks.is_short_notice_cancellation, false)
            as is_last_break_short_notice_cancellation,

        -- metadata
        appointment_loads._loaded_at

    from appointments
    inner join appointment_loads
        on appointments.appointment_id = appointment_loads.appointment_id
    left outer join last_breaks
        on appointments.appointment_id = last_breaks.appointment_id
    left outer join patients
        on appointments.patient_id = patients.patient_id

)

select * from final
