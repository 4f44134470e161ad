{#- The steps of the incremental build: macro patient_features_hook. -#}
{%- set pre_hooks = [] -%}
{%- for step in [
    'fingerprint', 'list_patients', 'list_months', 'delete_patients',
    'delete_months',
] -%}
    {%- do pre_hooks.append("{{ patient_features_hook('" ~ step ~ "') }}") -%}
{%- endfor -%}
{%- set post_hooks = [] -%}
{%- for step in ['record_fingerprints', 'record_as_of', 'drop_work_tables'] -%}
    {%- do post_hooks.append("{{ patient_features_hook('" ~ step ~ "') }}") -%}
{%- endfor -%}
{{
    config(
        materialized='incremental',
        unique_key=['patient_id', 'as_of_date'],
        pre_hook=pre_hooks,
        post_hook=post_hooks,
        indexes=[
            {'columns': ['patient_id', 'as_of_date'], 'unique': true},
            {'columns': ['as_of_date']},
        ]
    )
}}

{#-
    One row per patient per month end: the patient's state as of that day,
    computed only from rows dated on or before it, and labels for the period
    after it (NULL while that period is not over at the practice's as-of
    date). A month end M counts a dated thing when its date d <= M, which for
    month ends is last_day(d) <= M: so every feature is a running sum or
    maximum over monthly buckets. Definitions: DECISIONLOG.md, R2-R4.

    Incremental (DECISIONLOG F18): a nightly build writes the rows of the
    patients whose inputs changed (all their month ends) and of the month
    ends the as-of date's move changed (all patients); the hooks list both.
    A full build sums the buckets with window functions; a nightly one sums
    them per row, for the few rows it writes.
-#}
{%- set recall_interval_days = var('practice_recall_interval_days', 183) -%}
{%- set work = this.schema ~ '.mart_patient_features__' -%}
{#- a nightly build reads the rows of the patients it rebuilds, and of
    everyone when it writes month ends for every patient -#}
{%- set read_for_rows_written -%}
    {%- if is_incremental() %}
    where
        patient_id in (select rebuild.patient_id from {{ work }}rebuild as rebuild)
        or exists (select 1 from {{ work }}months)
    {%- endif %}
{%- endset -%}

with

as_of as (

    select * from {{ ref('int_practice_as_of_date') }}

),

calendar as (

    select * from {{ ref('dim_date') }}

),

patients as (

    select * from {{ ref('dim_patient') }}

),

births as (

    select
        patient_id,
        birth_year_band
    from {{ ref('stg_opendental__patient') }}
    {{ read_for_rows_written }}

),

visits as (

    select * from {{ ref('int_patient_visits_attributed') }}
    {{ read_for_rows_written }}

),

hygiene_visits as (

    select * from {{ ref('int_hygiene_visits_checked_for_reappointment') }}
    {{ read_for_rows_written }}

),

slots as (

    select * from {{ ref('int_appointment_slots_classified') }}
    {{ read_for_rows_written }}

),

procedures as (

    select * from {{ ref('fct_procedures') }}
    {{ read_for_rows_written }}

),

receivables as (

    select * from {{ ref('mart_ar_aging') }}
    where is_month_end

),

patient_plans as (

    select * from {{ ref('stg_opendental__patplan') }}
    {{ read_for_rows_written }}

),

subscribers as (

    select * from {{ ref('stg_opendental__inssub') }}

),

month_ends as (

    select distinct calendar.month_end_date as as_of_date

    from calendar
    cross join as_of
    -- a month end is described once its day is over: rows dated on the
    -- as-of day itself may still arrive
    where calendar.month_end_date < as_of.as_of_date

),

patient_starts as (

    select
        patient_id,
        guarantor_id,
        last_day(
            coalesce(
                created_date, first_visit_date, first_completed_procedure_date
            )
        ) as first_month_end

    from patients
    where
        coalesce(created_date, first_visit_date, first_completed_procedure_date)
        is not null

),

patient_months as (

    select
        patient_starts.patient_id,
        patient_starts.guarantor_id,
        month_ends.as_of_date

    from patient_starts
    inner join month_ends
        on patient_starts.first_month_end <= month_ends.as_of_date
    {%- if is_incremental() %}
        {# two branches, not one pair list filtered by "rebuilt patient or
           rewritten month end": an OR of two lists is checked on every
           patient x month end pair (millions at the large practice) #}
        where patient_starts.patient_id in (
            select rebuild.patient_id from {{ work }}rebuild as rebuild
        )

        union all

        select
            patient_starts.patient_id,
            patient_starts.guarantor_id,
            month_ends.as_of_date

        from patient_starts
        inner join month_ends
            on patient_starts.first_month_end <= month_ends.as_of_date
        inner join {{ work }}months as months_written
            on month_ends.as_of_date = months_written.as_of_date
        where patient_starts.patient_id not in (
            select rebuild.patient_id from {{ work }}rebuild as rebuild
        )
    {%- endif %}

),

-- ---------- monthly buckets of dated things (month end of the date)

open_treatment_events as (

    {#- A treatment-planned procedure is open from its DateTP until it is
        completed (ProcDate) or deleted (known no later than its last change). -#}
    select
        patient_id,
        last_day(treatment_planned_date) as month_end_date,
        procedure_amount as open_treatment_change

    from procedures
    where
        treatment_planned_date is not null
        and procedure_status_code in (1, 2, 6)
        and (
            procedure_status_code != 2
            or procedure_date > treatment_planned_date
        )

    union all

    select
        patient_id,
        last_day(
            case
                when procedure_status_code = 2 then procedure_date
                else cast(source_updated_at as date)
            end
        ) as month_end_date,
        -procedure_amount as open_treatment_change

    from procedures
    where
        treatment_planned_date is not null
        and (
            (
                procedure_status_code = 2
                and procedure_date > treatment_planned_date
            )
            or (
                procedure_status_code = 6 and source_updated_at is not null
            )
        )

),

activity_unioned as (

    select
        patient_id,
        last_day(visit_date) as month_end_date,
        1 as visits,
        visit_gross_production as production,
        visit_date as last_visit_date,
        visit_date as first_visit_date,
        cast(null as date) as last_hygiene_visit_date,
        0 as broken_appointments,
        0 as no_show_appointments,
        0 as open_treatment_change

    from visits

    union all

    select
        patient_id,
        last_day(visit_date) as month_end_date,
        0 as visits,
        0 as production,
        cast(null as date) as last_visit_date,
        cast(null as date) as first_visit_date,
        visit_date as last_hygiene_visit_date,
        0 as broken_appointments,
        0 as no_show_appointments,
        0 as open_treatment_change

    from hygiene_visits

    union all

    select
        patient_id,
        last_day(slot_date) as month_end_date,
        0 as visits,
        0 as production,
        cast(null as date) as last_visit_date,
        cast(null as date) as first_visit_date,
        cast(null as date) as last_hygiene_visit_date,
        1 as broken_appointments,
        case when slot_outcome = 'no_show' then 1 else 0 end
            as no_show_appointments,
        0 as open_treatment_change

    from slots
    where is_broken and patient_id is not null

    union all

    select
        patient_id,
        month_end_date,
        0 as visits,
        0 as production,
        cast(null as date) as last_visit_date,
        cast(null as date) as first_visit_date,
        cast(null as date) as last_hygiene_visit_date,
        0 as broken_appointments,
        0 as no_show_appointments,
        open_treatment_change

    from open_treatment_events

),

activity_by_month as (

    select
        patient_id,
        month_end_date,
        sum(visits) as visits,
        sum(production) as production,
        max(last_visit_date) as last_visit_date,
        min(first_visit_date) as first_visit_date,
        max(last_hygiene_visit_date) as last_hygiene_visit_date,
        sum(broken_appointments) as broken_appointments,
        sum(no_show_appointments) as no_show_appointments,
        sum(open_treatment_change) as open_treatment_change

    from activity_unioned
    group by 1, 2

),

-- Activity dated before the patient's first month end lands in that month.
activity_clamped as (

    select
        activity_by_month.patient_id,
        greatest(
            activity_by_month.month_end_date, patient_starts.first_month_end
        ) as month_end_date,
        sum(activity_by_month.visits) as visits,
        sum(activity_by_month.production) as production,
        max(activity_by_month.last_visit_date) as last_visit_date,
        min(activity_by_month.first_visit_date) as first_visit_date,
        max(activity_by_month.last_hygiene_visit_date)
            as last_hygiene_visit_date,
        sum(activity_by_month.broken_appointments) as broken_appointments,
        sum(activity_by_month.no_show_appointments) as no_show_appointments,
        sum(activity_by_month.open_treatment_change) as open_treatment_change

    from activity_by_month
    inner join patient_starts
        on activity_by_month.patient_id = patient_starts.patient_id
    group by 1, 2

),

running as (

    {%- if is_incremental() %}

        {#- the window sums below, as sums over each row's own buckets: a
            month end's 12 (24) month window is the buckets after the month
            end 12 (24) months before it -#}
        select
            patient_months.patient_id,
            patient_months.guarantor_id,
            patient_months.as_of_date,
            {%- for months in [12, 24] %}
                {%- for measure in ['visits', 'production'] %}
                    sum(
                        case
                            when
                                activity_clamped.month_end_date > last_day(
                                    patient_months.as_of_date
                                    - interval {{ months }} month
                                )
                                then activity_clamped.{{ measure }}
                            else 0
                        end
                    ) as {{ measure }}_last_{{ months }}_months,
                {%- endfor %}
            {%- endfor %}
            max(activity_clamped.last_visit_date) as last_visit_date,
            min(activity_clamped.first_visit_date) as first_visit_date,
            max(activity_clamped.last_hygiene_visit_date)
                as last_hygiene_visit_date,
            sum(coalesce(activity_clamped.broken_appointments, 0))
                as broken_appointments,
            sum(coalesce(activity_clamped.no_show_appointments, 0))
                as no_show_appointments,
            {%- for measure in ['broken_appointments', 'no_show_appointments'] %}
                sum(
                    case
                        when
                            activity_clamped.month_end_date > last_day(
                                patient_months.as_of_date - interval 12 month
                            )
                            then activity_clamped.{{ measure }}
                        else 0
                    end
                ) as {{ measure }}_last_12_months,
            {%- endfor %}
            sum(coalesce(activity_clamped.open_treatment_change, 0))
                as open_treatment_plan_amount

        from patient_months
        left outer join activity_clamped
            on
                patient_months.patient_id = activity_clamped.patient_id
                and activity_clamped.month_end_date <= patient_months.as_of_date
        group by 1, 2, 3

    {%- else %}

        select
            patient_months.patient_id,
            patient_months.guarantor_id,
            patient_months.as_of_date,
            sum(coalesce(activity_clamped.visits, 0)) over w12
                as visits_last_12_months,
            sum(coalesce(activity_clamped.visits, 0)) over w24
                as visits_last_24_months,
            sum(coalesce(activity_clamped.production, 0)) over w12
                as production_last_12_months,
            sum(coalesce(activity_clamped.production, 0)) over w24
                as production_last_24_months,
            max(activity_clamped.last_visit_date) over w_all as last_visit_date,
            min(activity_clamped.first_visit_date)
                over w_all
                as first_visit_date,
            max(activity_clamped.last_hygiene_visit_date) over w_all
                as last_hygiene_visit_date,
            sum(coalesce(activity_clamped.broken_appointments, 0)) over w_all
                as broken_appointments,
            sum(coalesce(activity_clamped.no_show_appointments, 0)) over w_all
                as no_show_appointments,
            sum(coalesce(activity_clamped.broken_appointments, 0)) over w12
                as broken_appointments_last_12_months,
            sum(coalesce(activity_clamped.no_show_appointments, 0)) over w12
                as no_show_appointments_last_12_months,
            sum(coalesce(activity_clamped.open_treatment_change, 0)) over w_all
                as open_treatment_plan_amount

        from patient_months
        left outer join activity_clamped
            on
                patient_months.patient_id = activity_clamped.patient_id
                and patient_months.as_of_date = activity_clamped.month_end_date
        window
            w_all as (
                partition by patient_months.patient_id
                order by patient_months.as_of_date
                rows between unbounded preceding and current row
            ),
            w12 as (
                partition by patient_months.patient_id
                order by patient_months.as_of_date
                rows between 11 preceding and current row
            ),
            w24 as (
                partition by patient_months.patient_id
                order by patient_months.as_of_date
                rows between 23 preceding and current row
            )


    {%- endif %}
),

insured as (

    select distinct
        patient_months.patient_id,
        patient_months.as_of_date

    from patient_months
    inner join patient_plans
        on patient_months.patient_id = patient_plans.patient_id
    inner join subscribers
        on
            patient_plans.insurance_subscriber_id
            = subscribers.insurance_subscriber_id
    where
        coalesce(cast(patient_plans.created_at as date), '1900-01-01')
        <= patient_months.as_of_date
        and coalesce(subscribers.effective_date, '1900-01-01')
        <= patient_months.as_of_date
        and coalesce(subscribers.term_date, '9999-12-31')
        > patient_months.as_of_date

),

-- ---------- labels: what happened after the month end

no_shows_after as (

    select
        patient_months.patient_id,
        patient_months.as_of_date,
        count(*) as no_shows

    from patient_months
    inner join slots
        on
            patient_months.patient_id = slots.patient_id
            and patient_months.as_of_date < slots.slot_date
            and patient_months.as_of_date + interval 90 day >= slots.slot_date
    where slots.slot_outcome = 'no_show'
    group by 1, 2

),

visits_after as (

    select
        patient_months.patient_id,
        patient_months.as_of_date,
        count(*) as visits

    from patient_months
    inner join visits
        on
            patient_months.patient_id = visits.patient_id
            and patient_months.as_of_date < visits.visit_date
            and patient_months.as_of_date + interval 18 month
            >= visits.visit_date
    group by 1, 2

),

treatment_accepted_after as (

    select
        patient_months.patient_id,
        patient_months.as_of_date,
        count(*) as accepted_procedures

    from patient_months
    inner join procedures
        on
            patient_months.patient_id = procedures.patient_id
            and patient_months.as_of_date >= procedures.treatment_planned_date
            and patient_months.as_of_date < procedures.procedure_date
            and patient_months.as_of_date + interval 90 day
            >= procedures.procedure_date
    where
        procedures.procedure_status_code = 2
        and procedures.procedure_date > procedures.treatment_planned_date
    group by 1, 2

),

final as (

    select
        running.patient_id,
        running.as_of_date,
        running.guarantor_id,
        births.birth_year_band,
        datediff(running.as_of_date, running.first_visit_date) as tenure_days,
        running.first_visit_date,
        cast(running.visits_last_12_months as signed) as visits_last_12_months,
        cast(running.visits_last_24_months as signed) as visits_last_24_months,
        cast(running.production_last_12_months as decimal(14, 2))
            as production_last_12_months,
        cast(running.production_last_24_months as decimal(14, 2))
            as production_last_24_months,
        running.last_visit_date,
        datediff(running.as_of_date, running.last_visit_date)
            as days_since_last_visit,
        running.last_hygiene_visit_date,
        datediff(running.as_of_date, running.last_hygiene_visit_date)
            as days_since_last_hygiene_visit,
        cast(
            case
                when running.last_hygiene_visit_date is null then 'never'
                when
                    datediff(
                        running.as_of_date, running.last_hygiene_visit_date
                    ) <= {{ recall_interval_days }}
                    then 'current'
                else 'overdue'
            end as char(8)
        ) as recall_status,
        cast(running.broken_appointments as signed) as broken_appointments,
        cast(running.no_show_appointments as signed) as no_show_appointments,
        cast(running.broken_appointments_last_12_months as signed)
            as broken_appointments_last_12_months,
        cast(running.no_show_appointments_last_12_months as signed)
            as no_show_appointments_last_12_months,
        cast(running.open_treatment_plan_amount as decimal(14, 2))
            as open_treatment_plan_amount,
        cast(coalesce(receivables.bal_total, 0) as decimal(14, 2))
            as family_balance,
        cast(
            case
                when receivables.bal_over_90 > 0 then 'over_90'
                when receivables.bal_61_90 > 0 then '61_90'
                when receivables.bal_31_60 > 0 then '31_60'
                when receivables.bal_0_30 > 0 then '0_30'
                when receivables.bal_total < 0 then 'credit'
                else 'none'
            end as char(8)
        ) as family_aging_bucket,
        insured.patient_id is not null as has_insurance,
        -- age at the month end from the middle of the birth-year band
        cast(
            case
                when births.birth_year_band is null then null
                when
                    year(running.as_of_date) - births.birth_year_band - 2
                    < 18
                    then '0-17'
                when
                    year(running.as_of_date) - births.birth_year_band - 2
                    < 35
                    then '18-34'
                when
                    year(running.as_of_date) - births.birth_year_band - 2
                    < 55
                    then '35-54'
                when
                    year(running.as_of_date) - births.birth_year_band - 2
                    < 65
                    then '55-64'
                else '65+'
            end as char(5)
        ) as age_band,

        -- labels: NULL while the period after the month end is not over
        case
            when running.as_of_date + interval 90 day <= as_of.as_of_date
                then coalesce(no_shows_after.no_shows, 0) > 0
        end as no_show_next_90_days,
        case
            when
                running.as_of_date + interval 18 month <= as_of.as_of_date
                and running.last_visit_date is not null
                then visits_after.visits is null
        end as lapsed_next_18_months,
        case
            when
                running.as_of_date + interval 90 day <= as_of.as_of_date
                and running.open_treatment_plan_amount > 0
                then treatment_accepted_after.accepted_procedures is not null
        end as accepted_treatment_next_90_days

    from running
    cross join as_of
    left outer join receivables
        on
            running.guarantor_id = receivables.guarantor_id
            and running.as_of_date = receivables.as_of_date
    left outer join births
        on running.patient_id = births.patient_id
    left outer join insured
        on
            running.patient_id = insured.patient_id
            and running.as_of_date = insured.as_of_date
    left outer join no_shows_after
        on
            running.patient_id = no_shows_after.patient_id
            and running.as_of_date = no_shows_after.as_of_date
    left outer join visits_after
        on
            running.patient_id = visits_after.patient_id
            and running.as_of_date = visits_after.as_of_date
    left outer join treatment_accepted_after
        on
            running.patient_id = treatment_accepted_after.patient_id
            and running.as_of_date = treatment_accepted_after.as_of_date

)

select * from final
