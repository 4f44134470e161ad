{#-
    Every appointment with its attached-procedure counts, hygiene classification
    and the provider KPIs credit it to. Shared by fct_appointments and the KPI
    helpers so that "hygiene appointment" has one definition.

    Incremental by appointment; the change set is computed here, once, and
    fct_appointments reads it (DECISIONLOG F17). The watermark is the
    load watermark of the inputs this table last read
    (int_appointments_classified__watermark). A run rebuilds the appointments
      - whose appointment row was loaded after the watermark,
      - that a procedure loaded after it is attached to, and every stored
        appointment of that procedure's patient (a procedure detached or
        moved changes the appointment it left, which its new row does not
        name),
      - gone from appointment (removed, not rebuilt).
      pre-hook 1  appointments to rebuild -> temporary table
                  int_appointments_classified__rebuild, and the next
                  watermark -> int_appointments_classified__next_watermark
      pre-hook 2  append them to int_appointments_classified__changed_keys
                  (a full build appends -1: every appointment); read and
                  emptied by fct_appointments
      pre-hook 3  delete their rows
      model       their rows, recomputed
      post-hook   store the watermark
    A change of procedure codes (hygiene codes; global_inputs) rebuilds
    every row.
-#}
{%- set list_rebuilt_appointments -%}{% raw %}
create or replace temporary table
{{ this.schema }}.int_appointments_classified__rebuild
(primary key (appointment_id))
{% if is_incremental() %}
with
watermark as (
    select coalesce(max(loaded_at), '1900-01-01') as loaded_at
    from {{ this.schema }}.int_appointments_classified__watermark
),
changed_procedures as (
    select appointment_id, patient_id
    from {{ ref('stg_opendental__procedurelog') }}
    where _loaded_at > (select loaded_at from watermark)
),
changed as (
    select appointment_id from {{ ref('stg_opendental__appointment') }}
    where _loaded_at > (select loaded_at from watermark)
    union
    select appointment_id from changed_procedures
    where appointment_id is not null
    union
    select stored.appointment_id
    from (
        select distinct patient_id from changed_procedures
        where patient_id is not null
    ) as changed_patients
    inner join {{ this }} as stored
        on changed_patients.patient_id = stored.patient_id
    union
    {# the raw table's primary key, not the staging view (whose code-label
       joins cost a lookup per stored row); staging keeps every raw row #}
    select stored.appointment_id from {{ this }} as stored
    where not exists (
        select 1 from {{ source('opendental', 'appointment') }} as source
        where source.AptNum = stored.appointment_id
    )
)
select distinct appointment_id from changed
{% else %}
select cast(null as signed) as appointment_id from dual where false
{% endif %}
{% endraw %}{%- endset -%}

{#- The newest load time this run reads (only rows after the old watermark
    are scanned on an incremental run), extended to the end of its load run
    as load_watermark does. -#}
{%- set compute_next_watermark -%}{% raw %}
create or replace temporary table
{{ this.schema }}.int_appointments_classified__next_watermark
{% if is_incremental() %}
with
watermark as (
    select coalesce(max(loaded_at), '1900-01-01') as loaded_at
    from {{ this.schema }}.int_appointments_classified__watermark
)
{% endif %}
{{ load_watermark(
    '(select max(inputs._loaded_at) as _loaded_at from ('
    ~ ' select max(_loaded_at) as _loaded_at from '
    ~ ref('stg_opendental__appointment')
    ~ (' where _loaded_at > (select loaded_at from watermark)' if is_incremental() else '')
    ~ ' union all select max(_loaded_at) from '
    ~ ref('stg_opendental__procedurelog')
    ~ (' where _loaded_at > (select loaded_at from watermark)' if is_incremental() else '')
    ~ (' union all select loaded_at from watermark' if is_incremental() else '')
    ~ ') as inputs) as read_inputs'
) }}
{% endraw %}{%- endset -%}

{%- set log_changed_keys -%}{% raw %}
create table if not exists
{{ this.schema }}.int_appointments_classified__changed_keys (
    log_id bigint not null auto_increment primary key,
    appointment_id bigint not null
)
{% endraw %}{%- endset -%}

{%- set append_changed_keys -%}{% raw %}
insert into {{ this.schema }}.int_appointments_classified__changed_keys
(appointment_id)
{% if is_incremental() %}
select appointment_id
from {{ this.schema }}.int_appointments_classified__rebuild
{% else %}
select -1
{% endif %}
{% endraw %}{%- endset -%}

{%- set delete_rebuilt_appointments -%}{% raw %}
{% if is_incremental() %}
delete {{ this }}
from {{ this }}
inner join {{ this.schema }}.int_appointments_classified__rebuild as rebuild
    on {{ this }}.appointment_id = rebuild.appointment_id
{% else %}
select 1
{% endif %}
{% endraw %}{%- endset -%}

{%- set store_watermark -%}{% raw %}
create or replace table {{ this.schema }}.int_appointments_classified__watermark
select cast(loaded_at as datetime(6)) as loaded_at
from {{ this.schema }}.int_appointments_classified__next_watermark
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
            list_rebuilt_appointments, compute_next_watermark,
            log_changed_keys, append_changed_keys, delete_rebuilt_appointments,
        ],
        indexes=[
            {'columns': ['appointment_id'], 'unique': true},
            {'columns': ['patient_id']},
        ],
        post_hook=[
            store_watermark,
            "drop temporary table if exists "
            ~ "{{ this.schema }}.int_appointments_classified__rebuild",
            "drop temporary table if exists "
            ~ "{{ this.schema }}.int_appointments_classified__next_watermark",
        ],
    )
}}

-- depends_on: {{ ref('stg_opendental__procedurelog') }}
-- depends_on: {{ ref('stg_opendental__procedurecode') }}
-- depends_on: {{ source('mdc_loader', '_mdc_load_runs') }}
-- depends_on: {{ source('opendental', 'appointment') }}

with

appointments as (

    select * from {{ ref('stg_opendental__appointment') }}
    {% if is_incremental() %}
        where appointment_id in (
            select int_appointments_classified__rebuild.appointment_id
            from {{ this.schema }}.int_appointments_classified__rebuild
        )
    {% endif %}

),

procedures_summarized as (

    select * from {{ ref('int_appointment_procedures_summarized') }}
    {% if is_incremental() %}
        where appointment_id in (
            select int_appointments_classified__rebuild.appointment_id
            from {{ this.schema }}.int_appointments_classified__rebuild
        )
    {% endif %}

),

appointments_joined as (

    select
        appointments.appointment_id,
        appointments.patient_id,
        appointments.provider_id,
        appointments.hygienist_id,
        appointments.clinic_id,
        appointments.operatory_id,
        appointments.appointment_type_id,
        appointments.planned_appointment_id,
        appointments.appointment_status_code,
        appointments.appointment_status,
        appointments.pattern,
        appointments.is_new_patient,
        appointments.is_hygiene,
        appointments.appointment_at,
        appointments.created_at,
        appointments.arrived_at,
        appointments.seated_at,
        appointments.dismissed_at,
        procedures_summarized.procedure_codes,
        coalesce(procedures_summarized.procedure_count, 0)
            as procedure_count,
        coalesce(procedures_summarized.hygiene_procedure_count, 0)
            as hygiene_procedure_count

    from appointments
    left outer join procedures_summarized
        on appointments.appointment_id = procedures_summarized.appointment_id

),

appointments_classified as (

    {#-
        Hygiene appointment: OpenDental's IsHygiene flag, or a hygienist on the
        appointment with at least one hygiene-coded procedure attached. Neither
        signal alone is reliable: the flag is often left unset, radiographs
        carry the hygiene code on dentist visits, and an operatory can give
        every appointment a default hygienist (DECISIONLOG.md, P3).
    -#}
    select
        *,
        coalesce(
            is_hygiene
            or (hygienist_id is not null and hygiene_procedure_count > 0),
            false
        ) as is_hygiene_appointment

    from appointments_joined

),

final as (

    select
        *,
        -- KPIs credit a hygiene appointment to its hygienist, others to the
        -- dentist
        case
            when is_hygiene_appointment then coalesce(hygienist_id, provider_id)
            else provider_id
        end as credited_provider_id

    from appointments_classified

)

select * from final
