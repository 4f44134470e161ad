{#-
    Every clinic and practice row of mart_kpis_monthly_practice equals the sum
    of its cells in mart_kpis_monthly, for every additive column, and no cell
    is missing from the roll-ups (or the other way round). Returns the rows
    that differ.
-#}
with

cells as (

    select * from {{ ref('mart_kpis_monthly') }}

),

rollups as (

    select * from {{ ref('mart_kpis_monthly_practice') }}

),

cell_sums as (

    select
        month_start_date,
        'practice' as rollup_level,
        null as clinic_id,
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
        sum(claims_paid) as claims_paid
    from cells
    group by 1

    union all

    select
        month_start_date,
        'clinic' as rollup_level,
        clinic_id,
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
        sum(claims_paid) as claims_paid
    from cells
    group by 1, 3

),

sums_against_rollups as (

    select
        cell_sums.month_start_date,
        cell_sums.rollup_level,
        cell_sums.clinic_id,
        cell_sums.gross_production as c_gross_production,
        rollups.gross_production as r_gross_production,
        cell_sums.adjustments as c_adjustments,
        rollups.adjustments as r_adjustments,
        cell_sums.writeoffs as c_writeoffs,
        rollups.writeoffs as r_writeoffs,
        cell_sums.net_production as c_net_production,
        rollups.net_production as r_net_production,
        cell_sums.collections as c_collections,
        rollups.collections as r_collections,
        cell_sums.hygiene_production as c_hygiene_production,
        rollups.hygiene_production as r_hygiene_production,
        cell_sums.visits as c_visits,
        rollups.visits as r_visits,
        cell_sums.new_patients as c_new_patients,
        rollups.new_patients as r_new_patients,
        cell_sums.active_patients as c_active_patients,
        rollups.active_patients as r_active_patients,
        cell_sums.hygiene_visits as c_hygiene_visits,
        rollups.hygiene_visits as r_hygiene_visits,
        cell_sums.hygiene_visits_reappointed as c_hygiene_visits_reappointed,
        rollups.hygiene_visits_reappointed as r_hygiene_visits_reappointed,
        cell_sums.scheduled_appointments as c_scheduled_appointments,
        rollups.scheduled_appointments as r_scheduled_appointments,
        cell_sums.broken_appointments as c_broken_appointments,
        rollups.broken_appointments as r_broken_appointments,
        cell_sums.no_show_appointments as c_no_show_appointments,
        rollups.no_show_appointments as r_no_show_appointments,
        cell_sums.cancelled_appointments as c_cancelled_appointments,
        rollups.cancelled_appointments as r_cancelled_appointments,
        cell_sums.short_notice_cancellations as c_short_notice_cancellations,
        rollups.short_notice_cancellations as r_short_notice_cancellations,
        cell_sums.presented_procedures as c_presented_procedures,
        rollups.presented_procedures as r_presented_procedures,
        cell_sums.accepted_procedures as c_accepted_procedures,
        rollups.accepted_procedures as r_accepted_procedures,
        cell_sums.presented_amount as c_presented_amount,
        rollups.presented_amount as r_presented_amount,
        cell_sums.accepted_amount as c_accepted_amount,
        rollups.accepted_amount as r_accepted_amount,
        cell_sums.ar_total as c_ar_total,
        rollups.ar_total as r_ar_total,
        cell_sums.ar_over_90 as c_ar_over_90,
        rollups.ar_over_90 as r_ar_over_90,
        cell_sums.claims_sent as c_claims_sent,
        rollups.claims_sent as r_claims_sent,
        cell_sums.claims_paid as c_claims_paid,
        rollups.claims_paid as r_claims_paid,
        rollups.month_start_date is null as is_missing_rollup
    from cell_sums
    left outer join rollups
        on
            cell_sums.month_start_date = rollups.month_start_date
            and cell_sums.rollup_level = rollups.rollup_level
            and cell_sums.clinic_id <=> rollups.clinic_id

),

rollups_without_cells as (

    select
        rollups.month_start_date,
        rollups.rollup_level,
        rollups.clinic_id
    from rollups
    left outer join cell_sums
        on
            rollups.month_start_date = cell_sums.month_start_date
            and rollups.rollup_level = cell_sums.rollup_level
            and rollups.clinic_id <=> cell_sums.clinic_id
    where cell_sums.month_start_date is null

)

select
    month_start_date,
    rollup_level,
    clinic_id,
    'differs from the sum of its cells' as problem
from sums_against_rollups
where
    is_missing_rollup
    or not (c_gross_production <=> r_gross_production)
    or not (c_adjustments <=> r_adjustments)
    or not (c_writeoffs <=> r_writeoffs)
    or not (c_net_production <=> r_net_production)
    or not (c_collections <=> r_collections)
    or not (c_hygiene_production <=> r_hygiene_production)
    or not (c_visits <=> r_visits)
    or not (c_new_patients <=> r_new_patients)
    or not (c_active_patients <=> r_active_patients)
    or not (c_hygiene_visits <=> r_hygiene_visits)
    or not (c_hygiene_visits_reappointed <=> r_hygiene_visits_reappointed)
    or not (c_scheduled_appointments <=> r_scheduled_appointments)
    or not (c_broken_appointments <=> r_broken_appointments)
    or not (c_no_show_appointments <=> r_no_show_appointments)
    or not (c_cancelled_appointments <=> r_cancelled_appointments)
    or not (c_short_notice_cancellations <=> r_short_notice_cancellations)
    or not (c_presented_procedures <=> r_presented_procedures)
    or not (c_accepted_procedures <=> r_accepted_procedures)
    or not (c_presented_amount <=> r_presented_amount)
    or not (c_accepted_amount <=> r_accepted_amount)
    or not (c_ar_total <=> r_ar_total)
    or not (c_ar_over_90 <=> r_ar_over_90)
    or not (c_claims_sent <=> r_claims_sent)
    or not (c_claims_paid <=> r_claims_paid)

union all

select
    month_start_date,
    rollup_level,
    clinic_id,
    'has no cells' as problem
from rollups_without_cells
