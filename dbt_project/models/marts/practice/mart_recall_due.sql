{{
    config(
        indexes=[
            {'columns': ['recall_id'], 'unique': true},
            {'columns': ['clinic_id', 'primary_provider_id']},
            {'columns': ['due_date']},
            {'columns': ['patient_id']},
        ]
    )
}}

{#-
    The recall list the front desk calls from: active recalls of current
    patients (PatStatus Patient) that are overdue or fall due within
    practice_recall_lookahead_days of the as-of date, whose patient has no
    appointment scheduled from the as-of date on. Follows OpenDental's Recall
    List: IsDisabled off, DisableUntilDate passed, recall types limited to the
    preference RecallTypesShowingInList when it is set; the "no future
    appointment" rule is OpenDental's RecallExcludeIfAnyFutureAppt, applied
    always (a patient already booked needs no call).
-#}
{%- set lookahead_days = var('practice_recall_lookahead_days', 30) -%}

with

as_of as (

    select * from {{ ref('int_practice_as_of_date') }}

),

recalls as (

    select * from {{ ref('stg_opendental__recall') }}
    where
        not is_disabled
        and due_date is not null

),

recall_types as (

    select * from {{ ref('stg_opendental__recalltype') }}

),

patients as (

    select * from {{ ref('stg_opendental__patient') }}
    where patient_status_code = 0

),

appointments as (

    select * from {{ ref('stg_opendental__appointment') }}
    where appointment_status_code = 1

),

definitions as (

    select * from {{ ref('stg_opendental__definition') }}

),

preferences as (

    select * from {{ ref('stg_opendental__preference') }}

),

listed_recall_types as (

    select
        concat(',', replace(max(preference_value), ' ', ''), ',')
            as recall_type_list

    from preferences
    where preference_name = 'RecallTypesShowingInList'

),

patients_with_future_appointments as (

    select distinct appointments.patient_id

    from appointments
    cross join as_of
    where cast(appointments.appointment_at as date) >= as_of.as_of_date

),

recalls_due as (

    select
        recalls.*,
        as_of.as_of_date,
        {{ dbt.datediff('recalls.due_date', 'as_of.as_of_date', 'day') }}
            as days_overdue

    from recalls
    cross join as_of
    cross join listed_recall_types
    where
        recalls.due_date
        <= {{ dbt.dateadd('day', lookahead_days, 'as_of.as_of_date') }}
        and (
            recalls.disabled_until_date is null
            or recalls.disabled_until_date <= as_of.as_of_date
        )
        and (
            coalesce(listed_recall_types.recall_type_list, ',,') = ',,'
            or locate(
                concat(',', recalls.recall_type_id, ','),
                listed_recall_types.recall_type_list
            ) > 0
        )

),

final as (

    select
        -- ids
        recalls_due.recall_id,
        recalls_due.patient_id,
        patients.guarantor_id,
        patients.primary_provider_id,
        patients.secondary_provider_id as hygienist_id,
        patients.clinic_id,
        recalls_due.recall_type_id,
        recalls_due.recall_status_def_id,

        -- descriptions
        recall_types.recall_type_name,
        recall_status_definitions.item_name as recall_status,
        recalls_due.priority,
        recalls_due.recall_interval,

        -- dates
        recalls_due.previous_date,
        recalls_due.due_date,
        recalls_due.scheduled_date,
        recalls_due.as_of_date,
        recalls_due.days_overdue,
        case
            when recalls_due.due_date < recalls_due.as_of_date then 'overdue'
            else 'due'
        end as recall_state,

        -- the interval packs years, months, weeks and days in a byte each
        (recalls_due.recall_interval >> 24) & 255 as interval_years,
        (recalls_due.recall_interval >> 16) & 255 as interval_months,
        (recalls_due.recall_interval >> 8) & 255 as interval_weeks,
        recalls_due.recall_interval & 255 as interval_days

    from recalls_due
    inner join patients
        on recalls_due.patient_id = patients.patient_id
    left outer join recall_types
        on recalls_due.recall_type_id = recall_types.recall_type_id
    left outer join definitions as recall_status_definitions
        on
            recalls_due.recall_status_def_id
            = recall_status_definitions.definition_id
    left outer join patients_with_future_appointments
        on
            recalls_due.patient_id
            = patients_with_future_appointments.patient_id
    where patients_with_future_appointments.patient_id is null

)

select * from final
