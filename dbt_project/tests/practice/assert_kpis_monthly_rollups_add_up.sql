{#-
    Every clinic and practice row of mart_kpis_monthly_practice equals the sum
    of its cells in mart_kpis_monthly, for every additive column, and no cell is
    missing from the roll-ups (or the other way round). Returns the rows that
    differ.
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
        cast(null as signed) as clinic_id,
        {%- for measure in additive_measures %}
        sum({{ measure }}) as {{ measure }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from cells
    group by month_start_date

    union all

    select
        month_start_date,
        'clinic' as rollup_level,
        clinic_id,
        {%- for measure in additive_measures %}
        sum({{ measure }}) as {{ measure }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from cells
    group by month_start_date, clinic_id

),

sums_against_rollups as (

    select
        cell_sums.month_start_date,
        cell_sums.rollup_level,
        cell_sums.clinic_id,
        rollups.month_start_date is null as is_missing_rollup,
        {%- for measure in additive_measures %}
        cell_sums.{{ measure }} as cells_{{ measure }},
        rollups.{{ measure }} as rollup_{{ measure }}{% if not loop.last %},{% endif %}
        {%- endfor %}
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
    {%- for measure in additive_measures %}
    or not (cells_{{ measure }} <=> rollup_{{ measure }})
    {%- endfor %}

union all

select
    month_start_date,
    rollup_level,
    clinic_id,
    'has no cells' as problem
from rollups_without_cells
