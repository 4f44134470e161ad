{#-
    Every appointment with its procedures, hygiene classification, credited
    provider, first-visit flag and break history.

    Incremental by appointment (DECISIONLOG F13, F17). `_loaded_at`
    is the load time of the appointment row; the newest one here is the
    watermark. A run rebuilds the appointments
      - int_appointments_classified rebuilt (its change set, computed once:
        appointment rows and attached procedures loaded since its own last
        run, all appointments of a patient with a changed procedure, rows
        gone from appointment), read from its log
        int_appointments_classified__changed_keys; -1 there (a full build
        of it) means every appointment,
      - a break of which (histappointment) was loaded after the watermark,
      - of the patients with a procedure loaded after it, when their stored
        first-visit flag differs from the current one (dim_patient's first
        completed procedure date moved).
      pre-hook 1  the log entries read now -> fct_appointments__log_batch
      pre-hook 2  appointments to rebuild -> temporary table
                  fct_appointments__rebuild
      pre-hook 3  delete their rows
      model       their rows, recomputed (dbt then deletes by key, inserts)
      post-hook   empty the log entries read (kept if the run fails)
    A change of procedure codes (hygiene codes; global_inputs) rebuilds
    every row.
    global_inputs names the columns read, not `_loaded_at`: the loader
    re-stamps the rows it re-reads, which changes nothing.
-#}
{%- set create_changed_keys_log -%}{% raw %}
create table if not exists
{{ ref('int_appointments_classified').schema }}.int_appointments_classified__changed_keys (
    log_id bigint not null auto_increment primary key,
    appointment_id bigint not null
)
{% endraw %}{%- endset -%}

{%- set read_log_batch -%}{% raw %}
create or replace temporary table {{ this.schema }}.fct_appointments__log_batch
select
    coalesce(max(log_id), 0) as last_log_id,
    coalesce(max(appointment_id = -1), false) as is_everything
from {{ ref('int_appointments_classified').schema }}.int_appointments_classified__changed_keys
{% endraw %}{%- endset -%}

{%- set list_rebuilt_appointments -%}{% raw %}
create or replace temporary table {{ this.schema }}.fct_appointments__rebuild
(primary key (appointment_id))
{% if is_incremental() %}
with
watermark as (
    {{ load_watermark(this) }}
),
batch as (
    select last_log_id, is_everything
    from {{ this.schema }}.fct_appointments__log_batch
),
patients_with_changed_procedures as (
    select distinct patient_id from {{ ref('stg_opendental__procedurelog') }}
    where
        _loaded_at > (select loaded_at from watermark)
        and patient_id is not null
),
changed as (
    select logged.appointment_id
    from {{ ref('int_appointments_classified').schema }}.int_appointments_classified__changed_keys
        as logged
    where
        logged.log_id <= (select last_log_id from batch)
        and logged.appointment_id <> -1
    union
    select appointment_id from {{ ref('int_appointments_classified') }}
    where (select is_everything from batch)
    union
    select appointment_id from {{ this }}
    where (select is_everything from batch)
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
    left outer join {{ ref('dim_patient') }} as patients
        on stored.patient_id = patients.patient_id
    where not (
        stored.is_first_visit = coalesce(
            stored.appointment_status_code = 2
            and stored.appointment_date
            = patients.first_completed_procedure_date,
            false
        )
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

{%- set empty_log_batch -%}{% raw %}
delete from
{{ ref('int_appointments_classified').schema }}.int_appointments_classified__changed_keys
where log_id <= (
    select batch.last_log_id from {{ this.schema }}.fct_appointments__log_batch as batch
)
{% endraw %}{%- endset -%}

{{
    config(
        materialized='incremental',
        unique_key='appointment_id',
        global_inputs=[{
            'name': 'stg_opendental__procedurecode',
            'columns': ['procedure_code_id', 'procedure_code', 'is_hygiene'],
        }],
        pre_hook=[
            create_changed_keys_log, read_log_batch,
            list_rebuilt_appointments, delete_rebuilt_appointments,
        ],
        indexes=[
            {'columns': ['appointment_id'], 'unique': true},
            {'columns': ['appointment_month', 'clinic_id', 'credited_provider_id']},
            {'columns': ['appointment_date']},
            {'columns': ['patient_id']},
            {'columns': ['_loaded_at']},
        ],
        post_hook=[
            empty_log_batch,
            "drop temporary table if exists "
            ~ "{{ this.schema }}.fct_appointments__rebuild",
            "drop temporary table if exists "
            ~ "{{ this.schema }}.fct_appointments__log_batch",
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
