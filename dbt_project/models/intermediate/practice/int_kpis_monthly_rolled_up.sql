{{ config(materialized='table') }}

{#-
    The monthly KPIs at three levels at once: clinic x provider cells, clinic
    totals and practice totals (rollup_level). Additive measures are computed
    per cell, where each counted thing (procedure, visit, patient, guarantor,
    slot, visit, presented procedure) sits in exactly one cell, and summed for
    the totals; medians are recomputed over the claims of each level; rates are
    recomputed at every level from their summed numerator and denominator, never
    averaged. A table (built once), read by mart_kpis_monthly and
    mart_kpis_monthly_practice. Which date and which provider each measure is
    credited to: docs/decisions/practice.md, P1.
-#}
{%- set additive_measures = [
    'gross_production', 'adjustments', 'writeoffs', 'net_production', 'collections',
    'hygiene_production', 'visits', 'new_patients', 'active_patients',
    'hygiene_visits', 'hygiene_visits_reappointed',
    'scheduled_appointments', 'broken_appointments', 'no_show_appointments',
    'cancelled_appointments', 'short_notice_cancellations',
    'presented_procedures', 'accepted_procedures', 'presented_amount', 'accepted_amount',
    'ar_total', 'ar_over_90', 'claims_sent', 'claims_paid',
] -%}
{%- set levels = [
    ('clinic_provider', ['clinic_id', 'provider_id']),
    ('clinic', ['clinic_id']),
    ('practice', []),
] -%}

with

as_of as (

    select * from {{ ref('int_practice_as_of_date') }}

),

production_income as (

    select * from {{ ref('mart_production_income_daily') }}

),

procedures as (

    select * from {{ ref('fct_procedures') }}
    where is_completed

),

procedure_codes as (

    select * from {{ ref('dim_procedure_code') }}

),

patients as (

    select * from {{ ref('dim_patient') }}

),

receivables as (

    select * from {{ ref('mart_ar_aging') }}

),

visits as (

    select * from {{ ref('int_patient_visits_attributed') }}

),

active_patient_months as (

    select * from {{ ref('int_patient_months_active') }}

),

slots as (

    select * from {{ ref('int_appointment_slots_classified') }}

),

hygiene_visits as (

    select * from {{ ref('int_hygiene_visits_checked_for_reappointment') }}

),

presentations as (

    select * from {{ ref('fct_treatment_plan_procedures') }}
    where is_first_presentation

),

claims as (

    select * from {{ ref('int_claims_with_lags') }}

),

-- ---------- one aggregate per source, at the cell grain (month, clinic, provider)

production_by_cell as (

    select
        cast({{ dbt.date_trunc('month', 'production_income.report_date') }} as date)
            as month_start_date,
        production_income.clinic_id,
        production_income.provider_id,
        sum(production_income.gross_production) as gross_production,
        sum(production_income.adjustments) as adjustments,
        sum(production_income.writeoffs) as writeoffs,
        sum(production_income.net_production) as net_production,
        sum(production_income.total_income) as collections

    from production_income
    cross join as_of
    where production_income.report_date <= as_of.as_of_date
    group by 1, 2, 3

),

hygiene_production_by_cell as (

    select
        cast({{ dbt.date_trunc('month', 'procedures.procedure_date') }} as date)
            as month_start_date,
        procedures.clinic_id,
        procedures.provider_id,
        sum(procedures.production_amount) as hygiene_production

    from procedures
    inner join procedure_codes
        on procedures.procedure_code_id = procedure_codes.procedure_code_id
    cross join as_of
    where
        procedure_codes.is_hygiene
        and procedures.procedure_date <= as_of.as_of_date
    group by 1, 2, 3

),

visits_by_cell as (

    select
        visits.visit_month as month_start_date,
        visits.clinic_id,
        visits.provider_id,
        count(*) as visits

    from visits
    cross join as_of
    where visits.visit_date <= as_of.as_of_date
    group by 1, 2, 3

),

new_patients_by_cell as (

    select
        cast(
            {{ dbt.date_trunc('month', 'patients.first_completed_procedure_date') }} as date
        ) as month_start_date,
        patients.clinic_id,
        patients.primary_provider_id as provider_id,
        count(*) as new_patients

    from patients
    cross join as_of
    where patients.first_completed_procedure_date <= as_of.as_of_date
    group by 1, 2, 3

),

active_patients_by_cell as (

    select
        active_patient_months.month_start_date,
        patients.clinic_id,
        patients.primary_provider_id as provider_id,
        count(*) as active_patients

    from active_patient_months
    inner join patients
        on active_patient_months.patient_id = patients.patient_id
    where patients.patient_status_code = 0
    group by 1, 2, 3

),

slots_by_cell as (

    select
        slots.slot_month as month_start_date,
        slots.clinic_id,
        coalesce(slots.credited_provider_id, 0) as provider_id,
        count(*) as scheduled_appointments,
        sum(case when slots.is_broken then 1 else 0 end)
            as broken_appointments,
        sum(case when slots.slot_outcome = 'no_show' then 1 else 0 end)
            as no_show_appointments,
        sum(case when slots.slot_outcome = 'cancellation' then 1 else 0 end)
            as cancelled_appointments,
        sum(case when slots.is_short_notice_cancellation then 1 else 0 end)
            as short_notice_cancellations

    from slots
    cross join as_of
    where slots.slot_date <= as_of.as_of_date
    group by 1, 2, 3

),

hygiene_visits_by_cell as (

    select
        hygiene_visits.visit_month as month_start_date,
        hygiene_visits.clinic_id,
        coalesce(hygiene_visits.credited_provider_id, 0) as provider_id,
        count(*) as hygiene_visits,
        sum(case when hygiene_visits.is_reappointed then 1 else 0 end)
            as hygiene_visits_reappointed

    from hygiene_visits
    cross join as_of
    where hygiene_visits.visit_date <= as_of.as_of_date
    group by 1, 2, 3

),

presentations_by_cell as (

    select
        presentations.presented_month as month_start_date,
        presentations.clinic_id,
        coalesce(presentations.provider_id, 0) as provider_id,
        count(*) as presented_procedures,
        sum(case when presentations.is_accepted then 1 else 0 end)
            as accepted_procedures,
        sum(presentations.procedure_amount) as presented_amount,
        sum(
            case
                when presentations.is_accepted
                    then presentations.procedure_amount
                else 0
            end
        ) as accepted_amount

    from presentations
    cross join as_of
    where presentations.presented_date <= as_of.as_of_date
    group by 1, 2, 3

),

{#-
    A/R of each month at its last aging date: the month end, or the latest as-of
    date of the current month; credited to the guarantor's primary provider and
    clinic.
-#}
aging_dates as (

    select
        cast({{ dbt.date_trunc('month', 'receivables.as_of_date') }} as date)
            as month_start_date,
        max(receivables.as_of_date) as as_of_date

    from receivables
    cross join as_of
    where receivables.as_of_date <= as_of.as_of_date
    group by 1

),

receivables_by_cell as (

    select
        aging_dates.month_start_date,
        patients.clinic_id,
        patients.primary_provider_id as provider_id,
        sum(
            receivables.bal_0_30 + receivables.bal_31_60
            + receivables.bal_61_90 + receivables.bal_over_90
        ) as ar_total,
        sum(receivables.bal_over_90) as ar_over_90

    from receivables
    inner join aging_dates
        on receivables.as_of_date = aging_dates.as_of_date
    inner join patients
        on receivables.guarantor_id = patients.patient_id
    group by 1, 2, 3

),

claims_sent_by_cell as (

    select
        claims.sent_month as month_start_date,
        claims.clinic_id,
        coalesce(claims.provider_id, 0) as provider_id,
        count(*) as claims_sent

    from claims
    cross join as_of
    where
        claims.sent_date <= as_of.as_of_date
        and claims.days_service_to_sent is not null
    group by 1, 2, 3

),

claims_paid_by_cell as (

    select
        claims.paid_month as month_start_date,
        claims.clinic_id,
        coalesce(claims.provider_id, 0) as provider_id,
        count(*) as claims_paid

    from claims
    cross join as_of
    where
        claims.first_paid_date <= as_of.as_of_date
        and claims.days_sent_to_paid is not null
    group by 1, 2, 3

),

{%- set cell_sources = [
    'production_by_cell', 'hygiene_production_by_cell', 'visits_by_cell',
    'new_patients_by_cell', 'active_patients_by_cell', 'slots_by_cell',
    'hygiene_visits_by_cell', 'presentations_by_cell', 'receivables_by_cell',
    'claims_sent_by_cell', 'claims_paid_by_cell',
] %}

cells as (

    {% for source in cell_sources -%}
        select month_start_date, clinic_id, provider_id from {{ source }}
        {% if not loop.last %}union{% endif %}
    {% endfor %}

),

-- ---------- every cell with every measure (0 where a source has nothing for it)

cell_measures as (

    select
        cells.month_start_date,
        cells.clinic_id,
        cells.provider_id,
        {%- for measure in additive_measures %}
        coalesce({{ measure }}, 0) as {{ measure }}
        {%- if not loop.last %},{% endif %}
        {%- endfor %}

    from cells
    {%- for source in cell_sources %}
    left outer join {{ source }}
        on
            cells.month_start_date = {{ source }}.month_start_date
            and cells.clinic_id <=> {{ source }}.clinic_id
            and cells.provider_id <=> {{ source }}.provider_id
    {%- endfor %}

),

-- ---------- claim-lag medians, recomputed over the claims of each level

{%- for level, keys in levels %}

median_days_service_to_sent_{{ level }} as (

    select distinct
        claims.sent_month as month_start_date,
        {%- for key in keys %}
        {{ 'coalesce(claims.provider_id, 0)' if key == 'provider_id' else 'claims.' ~ key }}
            as {{ key }},
        {%- endfor %}
        percentile_cont(0.5) within group (
            order by claims.days_service_to_sent
        ) over (
            partition by claims.sent_month
            {%- for key in keys %}, {{ 'coalesce(claims.provider_id, 0)' if key == 'provider_id' else 'claims.' ~ key }}{% endfor %}
        ) as median_days_service_to_sent

    from claims
    cross join as_of
    where
        claims.sent_date <= as_of.as_of_date
        and claims.days_service_to_sent is not null

),

median_days_sent_to_paid_{{ level }} as (

    select distinct
        claims.paid_month as month_start_date,
        {%- for key in keys %}
        {{ 'coalesce(claims.provider_id, 0)' if key == 'provider_id' else 'claims.' ~ key }}
            as {{ key }},
        {%- endfor %}
        percentile_cont(0.5) within group (
            order by claims.days_sent_to_paid
        ) over (
            partition by claims.paid_month
            {%- for key in keys %}, {{ 'coalesce(claims.provider_id, 0)' if key == 'provider_id' else 'claims.' ~ key }}{% endfor %}
        ) as median_days_sent_to_paid

    from claims
    cross join as_of
    where
        claims.first_paid_date <= as_of.as_of_date
        and claims.days_sent_to_paid is not null

),

rolled_up_{{ level }} as (

    select
        '{{ level }}' as rollup_level,
        cell_measures.month_start_date,
        {{ 'cell_measures.clinic_id' if 'clinic_id' in keys else 'cast(null as signed)' }}
            as clinic_id,
        {{ 'cell_measures.provider_id' if 'provider_id' in keys else 'cast(null as signed)' }}
            as provider_id,
        {%- for measure in additive_measures %}
        sum(cell_measures.{{ measure }}) as {{ measure }},
        {%- endfor %}
        max(median_days_service_to_sent_{{ level }}.median_days_service_to_sent)
            as median_days_service_to_sent,
        max(median_days_sent_to_paid_{{ level }}.median_days_sent_to_paid)
            as median_days_sent_to_paid

    from cell_measures
    left outer join median_days_service_to_sent_{{ level }}
        on
            cell_measures.month_start_date
            = median_days_service_to_sent_{{ level }}.month_start_date
            {%- for key in keys %}
            and cell_measures.{{ key }}
            <=> median_days_service_to_sent_{{ level }}.{{ key }}
            {%- endfor %}
    left outer join median_days_sent_to_paid_{{ level }}
        on
            cell_measures.month_start_date
            = median_days_sent_to_paid_{{ level }}.month_start_date
            {%- for key in keys %}
            and cell_measures.{{ key }}
            <=> median_days_sent_to_paid_{{ level }}.{{ key }}
            {%- endfor %}
    group by
        cell_measures.month_start_date
        {%- for key in keys %}, cell_measures.{{ key }}{% endfor %}

),
{%- endfor %}

rolled_up as (

    {% for level, keys in levels -%}
        select * from rolled_up_{{ level }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

-- ---------- rates from numerators and denominators (NULL when the denominator is 0)

final as (

    select
        rolled_up.rollup_level,
        rolled_up.month_start_date,
        last_day(rolled_up.month_start_date) as month_end_date,
        last_day(rolled_up.month_start_date) < as_of.as_of_date
            as is_complete_month,
        rolled_up.clinic_id,
        rolled_up.provider_id,

        -- production and collections (mart_production_income_daily)
        rolled_up.gross_production,
        rolled_up.adjustments,
        rolled_up.writeoffs,
        rolled_up.net_production,
        rolled_up.collections,
        round(rolled_up.collections / nullif(rolled_up.net_production, 0), 4)
            as collection_ratio,

        -- patients
        rolled_up.new_patients,
        rolled_up.active_patients,

        -- visits
        rolled_up.visits,
        round(rolled_up.gross_production / nullif(rolled_up.visits, 0), 2)
            as production_per_visit,

        -- hygiene
        rolled_up.hygiene_production,
        round(
            rolled_up.hygiene_production
            / nullif(rolled_up.gross_production, 0),
            4
        ) as hygiene_production_share,
        rolled_up.hygiene_visits,
        rolled_up.hygiene_visits_reappointed,
        round(
            rolled_up.hygiene_visits_reappointed
            / nullif(rolled_up.hygiene_visits, 0),
            4
        ) as hygiene_reappointment_rate,

        -- appointments
        rolled_up.scheduled_appointments,
        rolled_up.broken_appointments,
        rolled_up.no_show_appointments,
        rolled_up.cancelled_appointments,
        rolled_up.short_notice_cancellations,
        round(
            rolled_up.broken_appointments
            / nullif(rolled_up.scheduled_appointments, 0),
            4
        ) as broken_appointment_rate,
        round(
            rolled_up.no_show_appointments
            / nullif(rolled_up.scheduled_appointments, 0),
            4
        ) as no_show_rate,
        round(
            rolled_up.cancelled_appointments
            / nullif(rolled_up.scheduled_appointments, 0),
            4
        ) as cancellation_rate,
        round(
            rolled_up.short_notice_cancellations
            / nullif(rolled_up.scheduled_appointments, 0),
            4
        ) as short_notice_cancellation_rate,

        -- treatment plans
        rolled_up.presented_procedures,
        rolled_up.accepted_procedures,
        round(
            rolled_up.accepted_procedures
            / nullif(rolled_up.presented_procedures, 0),
            4
        ) as case_acceptance_rate,
        rolled_up.presented_amount,
        rolled_up.accepted_amount,
        round(
            rolled_up.accepted_amount / nullif(rolled_up.presented_amount, 0),
            4
        ) as case_acceptance_amount_rate,

        -- receivables (mart_ar_aging)
        rolled_up.ar_total,
        rolled_up.ar_over_90,
        round(rolled_up.ar_over_90 / nullif(rolled_up.ar_total, 0), 4)
            as ar_over_90_share,

        -- insurance claims
        rolled_up.claims_sent,
        cast(rolled_up.median_days_service_to_sent as decimal(9, 1))
            as median_days_service_to_sent,
        rolled_up.claims_paid,
        cast(rolled_up.median_days_sent_to_paid as decimal(9, 1))
            as median_days_sent_to_paid

    from rolled_up
    cross join as_of

)

select * from final
