{#- global_inputs: procedure codes (hygiene flags) and the write-off option
    re-credit measures across every month; the month fingerprints would see
    them too, but a full rebuild is the simpler night for a change of all
    months. -#}
{{
    config(
        materialized='incremental',
        unique_key='month_start_date',
        global_inputs=[
            {'name': 'dim_procedure_code',
             'columns': ['procedure_code_id', 'is_hygiene']},
            {'name': 'stg_opendental__preference',
             'columns': ['preference_name', 'preference_value'],
             'where': "preference_name = 'ReportsPPOwriteoffDefaultToProcDate'"},
            {'var': 'writeoff_dating'},
        ],
        pre_hook=[
            "{{ kpi_months_prepare() }}",
            "{{ kpi_months_select() }}",
            "{{ kpi_months_delete() }}",
        ],
        post_hook=[
            "{{ kpi_months_record() }}",
            "{{ kpi_months_restamp() }}",
            "{{ kpi_months_cleanup() }}",
        ],
    )
}}

{#-
    The monthly KPIs at three levels at once (rollup_level): clinic x provider
    cells, clinic totals and practice totals. Additive measures come per cell
    from int_kpi_measures_by_cell and are summed for the totals; claim-lag
    medians are recomputed over the claims of each level; every rate is
    recomputed at every level from its summed numerator and denominator, never
    averaged. Read by mart_kpis_monthly and mart_kpis_monthly_practice.

    Incremental by month (DECISIONLOG.md, F16): a nightly run
    rebuilds, whole, the months whose int_kpi_month_fingerprints entry
    differs from the one it was last built from, reading only those months'
    rows of every input; the other months only get the new as-of date
    (hooks: macros/incremental/kpi_months_select.sql).
-#}
-- depends_on: {{ ref('int_kpi_month_fingerprints') }}
with

as_of as (

    select * from {{ ref('int_practice_as_of_date') }}

),

cell_measures as (

    select * from {{ ref('int_kpi_measures_by_cell') }}

),

claims as (

    select * from {{ ref('int_claims_with_lags') }}

),

-- ---------- the three levels: cells, clinic totals, practice totals

levels as (

    {#-
        Each cell once per level it rolls up into: MariaDB recomputes a CTE
        for every reference, so the cells are read once and fanned out here.
    -#}
    select 'clinic_provider' as rollup_level
    union all
    select 'clinic' as rollup_level
    union all
    select 'practice' as rollup_level

),

cells_by_level as (

    select
        levels.rollup_level,
        cell_measures.month_start_date,
        cell_measures.gross_production,
        cell_measures.adjustments,
        cell_measures.writeoffs,
        cell_measures.net_production,
        cell_measures.collections,
        cell_measures.hygiene_production,
        cell_measures.visits,
        cell_measures.new_patients,
        cell_measures.active_patients,
        cell_measures.hygiene_visits,
        cell_measures.hygiene_visits_reappointed,
        cell_measures.scheduled_appointments,
        cell_measures.broken_appointments,
        cell_measures.no_show_appointments,
        cell_measures.cancelled_appointments,
        cell_measures.short_notice_cancellations,
        cell_measures.presented_procedures,
        cell_measures.accepted_procedures,
        cell_measures.presented_amount,
        cell_measures.accepted_amount,
        cell_measures.ar_total,
        cell_measures.ar_over_90,
        cell_measures.claims_sent,
        cell_measures.claims_paid,
        cell_measures.scheduled_minutes,
        cell_measures.booked_minutes,
        cell_measures.completed_minutes,
        case
            when levels.rollup_level != 'practice' then cell_measures.clinic_id
        end as clinic_id,
        case
            when levels.rollup_level = 'clinic_provider'
                then cell_measures.provider_id
        end as provider_id

    from cell_measures
    cross join levels

),

rolled_up as (

    select
        rollup_level,
        month_start_date,
        clinic_id,
        provider_id,
        sum(gross_production) as gross_production,
        sum(adjustments) as adjustments,
        sum(writeoffs) as writeoffs,
        sum(net_production) as net_production,
        sum(collections) as collections,
        sum(hygiene_production) as hygiene_production,
        sum(visits) as visits,
        sum(new_patients) as new_patients,
        sum(active_patients) as active_patients,
        sum(hygiene_visits) as hygiene_visits,
        sum(hygiene_visits_reappointed) as hygiene_visits_reappointed,
        sum(scheduled_appointments) as scheduled_appointments,
        sum(broken_appointments) as broken_appointments,
        sum(no_show_appointments) as no_show_appointments,
        sum(cancelled_appointments) as cancelled_appointments,
        sum(short_notice_cancellations) as short_notice_cancellations,
        sum(presented_procedures) as presented_procedures,
        sum(accepted_procedures) as accepted_procedures,
        sum(presented_amount) as presented_amount,
        sum(accepted_amount) as accepted_amount,
        sum(ar_total) as ar_total,
        sum(ar_over_90) as ar_over_90,
        sum(claims_sent) as claims_sent,
        sum(claims_paid) as claims_paid,
        sum(scheduled_minutes) as scheduled_minutes,
        sum(booked_minutes) as booked_minutes,
        sum(completed_minutes) as completed_minutes

    from cells_by_level
    group by 1, 2, 3, 4

),

-- ---------- claim-lag medians, recomputed over the claims of each level

claims_by_level as (

    select
        levels.rollup_level,
        claims.sent_date,
        claims.sent_month,
        claims.first_paid_date,
        claims.paid_month,
        claims.days_service_to_sent,
        claims.days_sent_to_paid,
        case
            when levels.rollup_level != 'practice' then claims.clinic_id
        end as clinic_id,
        case
            when levels.rollup_level = 'clinic_provider'
                then coalesce(claims.provider_id, 0)
        end as provider_id

    from claims
    cross join levels

),

{# The median of each level's cell is computed per claim, then one row kept
    per cell by GROUP BY, not SELECT DISTINCT: MariaDB removes a DISTINCT's
    duplicates after window functions by comparing every row with every other
    when the rows outgrow sort_buffer_size (over 17 minutes for the 600,000
    claim-level rows of the large practice; 4 s on the demo practice). The
    median is the same on every row of a cell, so max() is that median. #}
service_to_sent_per_claim as (

    select
        claims_by_level.rollup_level,
        claims_by_level.sent_month as month_start_date,
        claims_by_level.clinic_id,
        claims_by_level.provider_id,
        median(claims_by_level.days_service_to_sent) over (
            partition by
                claims_by_level.rollup_level,
                claims_by_level.sent_month,
                claims_by_level.clinic_id,
                claims_by_level.provider_id
        ) as median_days_service_to_sent

    from claims_by_level
    cross join as_of
    where
        claims_by_level.days_service_to_sent is not null
        and claims_by_level.sent_date <= as_of.as_of_date
        and {{ kpi_months_filter(
            'claims_by_level.sent_month', 'claims_by_level.sent_date'
        ) }}

),

medians_service_to_sent as (

    select
        rollup_level,
        month_start_date,
        clinic_id,
        provider_id,
        max(median_days_service_to_sent) as median_days_service_to_sent
    from service_to_sent_per_claim
    group by 1, 2, 3, 4

),

sent_to_paid_per_claim as (

    select
        claims_by_level.rollup_level,
        claims_by_level.paid_month as month_start_date,
        claims_by_level.clinic_id,
        claims_by_level.provider_id,
        median(claims_by_level.days_sent_to_paid) over (
            partition by
                claims_by_level.rollup_level,
                claims_by_level.paid_month,
                claims_by_level.clinic_id,
                claims_by_level.provider_id
        ) as median_days_sent_to_paid

    from claims_by_level
    cross join as_of
    where
        claims_by_level.days_sent_to_paid is not null
        and claims_by_level.first_paid_date <= as_of.as_of_date
        and {{ kpi_months_filter(
            'claims_by_level.paid_month', 'claims_by_level.first_paid_date'
        ) }}

),

medians_sent_to_paid as (

    select
        rollup_level,
        month_start_date,
        clinic_id,
        provider_id,
        max(median_days_sent_to_paid) as median_days_sent_to_paid
    from sent_to_paid_per_claim
    group by 1, 2, 3, 4

),

-- ---------- rates and medians

final as (

    select
        rolled_up.rollup_level,
        rolled_up.month_start_date,
        rolled_up.clinic_id,
        rolled_up.provider_id,
        as_of.as_of_date,
        rolled_up.gross_production,
        rolled_up.adjustments,
        rolled_up.writeoffs,
        rolled_up.net_production,
        rolled_up.collections,
        rolled_up.hygiene_production,
        rolled_up.visits,
        rolled_up.new_patients,
        rolled_up.active_patients,
        rolled_up.hygiene_visits,
        rolled_up.hygiene_visits_reappointed,
        rolled_up.scheduled_appointments,
        rolled_up.broken_appointments,
        rolled_up.no_show_appointments,
        rolled_up.cancelled_appointments,
        rolled_up.short_notice_cancellations,
        rolled_up.presented_procedures,
        rolled_up.accepted_procedures,
        rolled_up.presented_amount,
        rolled_up.accepted_amount,
        rolled_up.ar_total,
        rolled_up.ar_over_90,
        rolled_up.claims_sent,
        rolled_up.claims_paid,
        rolled_up.scheduled_minutes,
        rolled_up.booked_minutes,
        rolled_up.completed_minutes,

        -- claim-lag medians of the row's own claims
        cast(
            medians_service_to_sent.median_days_service_to_sent
            as decimal(9, 1)
        ) as median_days_service_to_sent,
        cast(
            medians_sent_to_paid.median_days_sent_to_paid as decimal(9, 1)
        ) as median_days_sent_to_paid,

        last_day(rolled_up.month_start_date) as month_end_date,
        last_day(rolled_up.month_start_date) < as_of.as_of_date
            as is_complete_month,

        -- every rate from its numerator and denominator (NULL when that is 0)
        round(
            rolled_up.collections
            / nullif(rolled_up.net_production, 0),
            4
        ) as collection_ratio,
        round(
            rolled_up.gross_production
            / nullif(rolled_up.visits, 0),
            2
        ) as production_per_visit,
        round(
            rolled_up.hygiene_production
            / nullif(rolled_up.gross_production, 0),
            4
        ) as hygiene_production_share,
        round(
            rolled_up.hygiene_visits_reappointed
            / nullif(rolled_up.hygiene_visits, 0),
            4
        ) as hygiene_reappointment_rate,
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
        round(
            rolled_up.accepted_procedures
            / nullif(rolled_up.presented_procedures, 0),
            4
        ) as case_acceptance_rate,
        round(
            rolled_up.accepted_amount
            / nullif(rolled_up.presented_amount, 0),
            4
        ) as case_acceptance_amount_rate,
        round(
            rolled_up.ar_over_90
            / nullif(rolled_up.ar_total, 0),
            4
        ) as ar_over_90_share,
        round(
            rolled_up.booked_minutes
            / nullif(rolled_up.scheduled_minutes, 0),
            4
        ) as booked_utilization_rate,
        round(
            rolled_up.completed_minutes
            / nullif(rolled_up.scheduled_minutes, 0),
            4
        ) as completed_utilization_rate

    from rolled_up
    cross join as_of
    left outer join medians_service_to_sent
        on
            rolled_up.rollup_level = medians_service_to_sent.rollup_level
            and rolled_up.month_start_date
            = medians_service_to_sent.month_start_date
            and rolled_up.clinic_id <=> medians_service_to_sent.clinic_id
            and rolled_up.provider_id <=> medians_service_to_sent.provider_id
    left outer join medians_sent_to_paid
        on
            rolled_up.rollup_level = medians_sent_to_paid.rollup_level
            and rolled_up.month_start_date
            = medians_sent_to_paid.month_start_date
            and rolled_up.clinic_id <=> medians_sent_to_paid.clinic_id
            and rolled_up.provider_id <=> medians_sent_to_paid.provider_id

)

select * from final
