{#-
    One row per completed hygiene appointment (a hygiene visit), with whether
    the patient left with another hygiene appointment booked: one that, at the
    end of the visit day, was in status Scheduled for a later date. "At the end
    of the visit day" is read from the appointment history (each history row is
    the appointment's state from its time until the next row), so an appointment
    booked at checkout and later moved, broken or deleted still counts, and one
    booked weeks after the visit does not. Appointments with no history at all
    (rows older than OpenDental's history) are taken as they are now, scheduled
    since their creation.

    Incremental by patient (DECISIONLOG F15): a visit's row depends only
    on its patient's appointments, their history rows and the procedures
    attached to them, never on the as-of date. The watermark is the load
    watermark (F13) of the newest input row the last build read (kept in
    `<this>__loads`: the model has no `_loaded_at` column). A run rebuilds the
    patients
      - of an appointment, history row or procedure loaded after it (the
        appointment's current patient, the patients of its history rows and
        of its stored visit row),
      - of a stored visit that is gone or no longer that visit (hard delete),
      - of a scheduled hygiene appointment without history, as stored in
        `<this>__no_history`, that is gone or has another patient now,
    and always the visits without a patient.
      pre-hook 1  patients to rebuild -> temporary table <this>__rebuild
      pre-hook 2  delete their rows
      model       their rows, from their inputs only
      post-hooks  their scheduled hygiene appointments without history ->
                  <this>__no_history; the newest input `_loaded_at` ->
                  <this>__loads
    A change of the procedure codes' hygiene flags (global_inputs) rebuilds
    every row.
-#}
{%- set list_rebuilt_patients -%}{% raw %}
create or replace temporary table
{{ this.schema }}.int_hygiene_visits_checked_for_reappointment__rebuild
(primary key (patient_id))
{% if is_incremental() %}
with
watermark as (
    {{ load_watermark(
        this.schema ~ '.int_hygiene_visits_checked_for_reappointment__loads'
    ) }}
),
changed_appointments as (
    select appointment_id from {{ ref('stg_opendental__appointment') }}
    where _loaded_at > (select loaded_at from watermark)
    union
    select appointment_id from {{ ref('stg_opendental__histappointment') }}
    where
        _loaded_at > (select loaded_at from watermark)
        and appointment_id is not null
    union
    select appointment_id from {{ ref('stg_opendental__procedurelog') }}
    where
        _loaded_at > (select loaded_at from watermark)
        and appointment_id is not null
),
changed as (
    select appointments.patient_id
    from changed_appointments
    inner join {{ ref('int_appointments_classified') }} as appointments
        on changed_appointments.appointment_id = appointments.appointment_id
    union
    select history.patient_id
    from changed_appointments
    inner join {{ ref('stg_opendental__histappointment') }} as history
        on changed_appointments.appointment_id = history.appointment_id
    union
    select stored.patient_id
    from changed_appointments
    inner join {{ this }} as stored
        on changed_appointments.appointment_id = stored.appointment_id
    union
    {# a procedure detached from its appointment names none: its patient #}
    select patient_id from {{ ref('stg_opendental__procedurelog') }}
    where _loaded_at > (select loaded_at from watermark)
    union
    {# a visit hard-deleted, or no longer a completed hygiene appointment #}
    select stored.patient_id from {{ this }} as stored
    left outer join {{ ref('int_appointments_classified') }} as appointments
        on stored.appointment_id = appointments.appointment_id
    where not coalesce(
        appointments.appointment_status_code = 2
        and appointments.is_hygiene_appointment
        and appointments.appointment_at is not null
        and appointments.patient_id <=> stored.patient_id,
        false
    )
    union
    {# a scheduled hygiene appointment without history (its current row is
       its state) hard-deleted or moved to another patient: no history row
       names its old patient #}
    select no_history.patient_id
    from {{ this.schema }}.int_hygiene_visits_checked_for_reappointment__no_history
        as no_history
    left outer join {{ ref('int_appointments_classified') }} as appointments
        on no_history.appointment_id = appointments.appointment_id
    where not coalesce(appointments.patient_id = no_history.patient_id, false)
)
select distinct patient_id from changed where patient_id is not null
{% else %}
select cast(null as signed) as patient_id from dual where false
{% endif %}
{% endraw %}{%- endset -%}

{%- set delete_rebuilt_patients -%}{% raw %}
{% if is_incremental() %}
{# the delete list names the target in full (an alias there is resolved in
   the default database, which dbt's connection does not have) #}
delete {{ this }}
from {{ this }}
inner join
    {{ this.schema }}.int_hygiene_visits_checked_for_reappointment__rebuild
        as rebuild
    on {{ this }}.patient_id = rebuild.patient_id
{% else %}
select 1
{% endif %}
{% endraw %}{%- endset -%}

{%- set delete_visits_without_patient -%}{% raw %}
{% if is_incremental() %}
delete from {{ this }} where patient_id is null
{% else %}
select 1
{% endif %}
{% endraw %}{%- endset -%}

{#- The scheduled hygiene appointments without a history row, by patient,
    for the next build's check of hard deletes and moves (incremental: those
    of the patients rebuilt). -#}
{%- set no_history_appointments -%}{% raw %}
select
    appointments.appointment_id,
    appointments.patient_id
from {{ ref('int_appointments_classified') }} as appointments
where
    appointments.appointment_status_code = 1
    and appointments.appointment_at is not null
    and appointments.is_hygiene_appointment
    and appointments.patient_id is not null
    {% if is_incremental() %}
        and appointments.patient_id in (
            select rebuild.patient_id
            from {{ this.schema }}.int_hygiene_visits_checked_for_reappointment__rebuild
                as rebuild
        )
    {% endif %}
    {# raw history, not its staging view: the view's seed joins make it a
       derived table that MariaDB scanned once per appointment (over an hour
       at the large practice); raw AptNum is indexed -#}
    and not exists (
        select 1 from {{ source('opendental', 'histappointment') }} as history
        where
            history.AptNum = appointments.appointment_id
            and {{ od_datetime('history.HistDateTStamp') }} is not null
    )
{% endraw %}{%- endset -%}

{%- set record_no_history_1 -%}{% raw %}
{% if is_incremental() %}
delete {{ this.schema }}.int_hygiene_visits_checked_for_reappointment__no_history
from {{ this.schema }}.int_hygiene_visits_checked_for_reappointment__no_history
inner join
    {{ this.schema }}.int_hygiene_visits_checked_for_reappointment__rebuild
        as rebuild
    on {{ this.schema }}.int_hygiene_visits_checked_for_reappointment__no_history.patient_id
    = rebuild.patient_id
{% else %}
create or replace table
{{ this.schema }}.int_hygiene_visits_checked_for_reappointment__no_history
(primary key (appointment_id), key (patient_id))
as
{% endraw %}{{ no_history_appointments }}{% raw %}
{% endif %}
{% endraw %}{%- endset -%}

{%- set record_no_history_2 -%}{% raw %}
{% if is_incremental() %}
insert into
{{ this.schema }}.int_hygiene_visits_checked_for_reappointment__no_history
(appointment_id, patient_id)
{% endraw %}{{ no_history_appointments }}{% raw %}
{% else %}
select 1
{% endif %}
{% endraw %}{%- endset -%}

{#- the newest `_loaded_at` of the input rows this build read, for the
    next build's watermark -#}
{%- set record_loads -%}{% raw %}
create or replace table
{{ this.schema }}.int_hygiene_visits_checked_for_reappointment__loads
as
select max(loaded_at) as _loaded_at from (
    select max(_loaded_at) as loaded_at
    from {{ ref('stg_opendental__appointment') }}
    union all
    select max(_loaded_at) from {{ ref('stg_opendental__histappointment') }}
    union all
    select max(_loaded_at) from {{ ref('stg_opendental__procedurelog') }}
) as newest
{% endraw %}{%- endset -%}

{{
    config(
        materialized='incremental',
        unique_key='appointment_id',
        global_inputs=[{
            'name': 'stg_opendental__procedurecode',
            'columns': ['procedure_code_id', 'is_hygiene'],
        }],
        pre_hook=[
            list_rebuilt_patients,
            delete_rebuilt_patients,
            delete_visits_without_patient,
        ],
        indexes=[
            {'columns': ['appointment_id'], 'unique': true},
            {'columns': ['patient_id']},
        ],
        post_hook=[
            record_no_history_1,
            record_no_history_2,
            record_loads,
            "drop temporary table if exists {{ this.schema }}."
            ~ "int_hygiene_visits_checked_for_reappointment__rebuild",
        ],
    )
}}

-- depends_on: {{ ref('stg_opendental__appointment') }}
-- depends_on: {{ ref('stg_opendental__procedurelog') }}
-- depends_on: {{ ref('stg_opendental__procedurecode') }}
-- depends_on: {{ source('mdc_loader', '_mdc_load_runs') }}

with

{#- On an incremental run every input is read for the patients to rebuild
    only: their appointments, and every appointment with a history row of
    theirs, with all of its history rows (the states of an appointment are
    windows over all of its rows, and one moved to another patient keeps its
    old rows). -#}
{% if is_incremental() %}
    appointments_of_patients as (

        select appointment_id
        from {{ ref('int_appointments_classified') }}
        where patient_id in (
            select rebuild.patient_id
            from {{ this.schema }}.int_hygiene_visits_checked_for_reappointment__rebuild
                as rebuild
        )
        union
        select appointment_id
        from {{ ref('int_appointments_classified') }}
        where patient_id is null
        union
        select appointment_id
        from {{ ref('stg_opendental__histappointment') }}
        where
            appointment_id is not null
            and patient_id in (
                select rebuild.patient_id
                from {{ this.schema }}.int_hygiene_visits_checked_for_reappointment__rebuild
                    as rebuild
            )

    ),
{% endif %}

appointments as (

    select * from {{ ref('int_appointments_classified') }}
    {% if is_incremental() %}
        where appointment_id in (
            select appointments_of_patients.appointment_id
            from appointments_of_patients
        )
    {% endif %}

),

history as (

    select * from {{ ref('stg_opendental__histappointment') }}
    where
        appointment_id is not null
        and changed_at is not null
    {% if is_incremental() %}
            and appointment_id in (
                select appointments_of_patients.appointment_id
                from appointments_of_patients
            )
        {% endif %}

),

hygiene_visits as (

    select
        appointment_id,
        patient_id,
        credited_provider_id,
        clinic_id,
        cast(appointment_at as date) as visit_date,
        {{ dbt.dateadd('day', 1, 'cast(appointment_at as date)') }}
            as visit_day_ends_at

    from appointments
    where
        appointment_status_code = 2
        and is_hygiene_appointment
        and appointment_at is not null
    {% if is_incremental() %}
            {# appointments of other patients are read for their states #}
            and (
                patient_id is null
                or patient_id in (
                    select rebuild.patient_id
                    from {{ this.schema }}.int_hygiene_visits_checked_for_reappointment__rebuild
                        as rebuild
                )
            )
        {% endif %}

),

history_states as (

    select
        appointment_id,
        patient_id,
        history_action_code,
        appointment_status_code,
        appointment_at,
        is_hygiene,
        changed_at as valid_from,
        lead(changed_at) over (
            partition by appointment_id
            order by changed_at, appointment_history_id
        ) as valid_until

    from history

),

appointments_with_history as (

    select distinct appointment_id from history

),

appointments_without_history as (

    {#-
        An anti-join, not "not exists", and no derived tables: MariaDB cannot see
        a sibling CTE from a subquery once a model is inlined as an ephemeral CTE.
    -#}
    select
        appointments.appointment_id,
        appointments.patient_id,
        1 as history_action_code,
        appointments.appointment_status_code,
        appointments.appointment_at,
        appointments.is_hygiene,
        coalesce(appointments.created_at, cast('1880-01-01' as datetime))
            as valid_from,
        cast(null as datetime) as valid_until

    from appointments
    left outer join appointments_with_history
        on
            appointments.appointment_id
            = appointments_with_history.appointment_id
    where appointments_with_history.appointment_id is null

),

states as (

    select * from history_states
    union all
    select * from appointments_without_history

),

scheduled_hygiene_states as (

    select
        states.appointment_id,
        states.patient_id,
        states.appointment_at,
        states.valid_from,
        states.valid_until

    from states
    left outer join appointments
        on states.appointment_id = appointments.appointment_id
    where
        states.history_action_code <> 4
        and states.appointment_status_code = 1
        and states.appointment_at is not null
        -- today's classification if the appointment still exists, else the
        -- flag it had then
        and coalesce(appointments.is_hygiene_appointment, states.is_hygiene)

),

visits_checked as (

    select
        hygiene_visits.appointment_id,
        min(scheduled_hygiene_states.appointment_at)
            as next_hygiene_appointment_at

    from hygiene_visits
    left outer join scheduled_hygiene_states
        on
            hygiene_visits.patient_id = scheduled_hygiene_states.patient_id
            and hygiene_visits.appointment_id
            <> scheduled_hygiene_states.appointment_id
            and hygiene_visits.visit_day_ends_at
            > scheduled_hygiene_states.valid_from
            and (
                scheduled_hygiene_states.valid_until is null
                or hygiene_visits.visit_day_ends_at
                <= scheduled_hygiene_states.valid_until
            )
            and cast(scheduled_hygiene_states.appointment_at as date)
            > hygiene_visits.visit_date
    group by hygiene_visits.appointment_id

),

final as (

    select
        hygiene_visits.appointment_id,
        hygiene_visits.patient_id,
        hygiene_visits.credited_provider_id,
        hygiene_visits.clinic_id,
        hygiene_visits.visit_date,
        cast({{ dbt.date_trunc('month', 'hygiene_visits.visit_date') }} as date)
            as visit_month,
        visits_checked.next_hygiene_appointment_at,
        visits_checked.next_hygiene_appointment_at is not null
            as is_reappointed

    from hygiene_visits
    inner join visits_checked
        on hygiene_visits.appointment_id = visits_checked.appointment_id

)

select * from final
