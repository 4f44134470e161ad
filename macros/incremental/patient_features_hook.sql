{#- The hooks of mart_patient_features (its incremental build, DECISIONLOG
    F18), one statement per step, rendered when the hook runs.

    A patient's rows depend only on the patient's own input rows (the patient,
    visits, hygiene visits, broken and missed appointments, treatment-planned
    procedures, insurance plans) and the month-end aging of their family, plus
    the as-of date. So:
      - every build fingerprints each patient's input rows (the sum of a
        60-bit hash of each row: order-free, as the features are) into
        `<this>__fingerprints_next`; the aging's month ends count up to the
        last build's as-of date for the comparison and up to this one's for
        the next build;
      - a patient whose fingerprint changed (or who appeared or went) is
        rebuilt in full: `<this>__rebuild`;
      - the month ends whose rows the as-of date's move changes for everyone
        (a month end newly over, or one whose 90-day or 18-month label period
        has just ended) are rebuilt for every patient: `<this>__months`.
    `<this>__fingerprints` and `<this>__as_of` keep what the last build saw.
    Steps: fingerprint, list_patients, list_months, delete_patients,
    delete_months (pre-hooks); record_fingerprints, record_as_of,
    drop_work_tables (post-hooks). -#}
{% macro patient_features_hook(step) %}
{%- set state = this.schema ~ '.mart_patient_features__' -%}
{%- set last_as_of = (
    '(select max(as_of_date) from ' ~ state ~ 'as_of)'
    if is_incremental() else 'cast(null as date)'
) -%}
{%- if step == 'fingerprint' -%}
{#- (input, its rows, the columns the features read); a row hash is
    conv(15 hex digits of md5(tag|col|...), 16, 10), NULL spelled out. -#}
{%- set inputs = [
    ('patient', ref('dim_patient'), 'true', [
        'guarantor_id', 'created_date', 'first_visit_date',
        'first_completed_procedure_date']),
    ('birth', ref('stg_opendental__patient'), 'true', ['birth_year_band']),
    ('visit', ref('int_patient_visits_attributed'), 'true', [
        'visit_date', 'visit_gross_production']),
    ('hygiene', ref('int_hygiene_visits_checked_for_reappointment'), 'true', [
        'visit_date']),
    ('slot', ref('int_appointment_slots_classified'),
        "(is_broken or slot_outcome = 'no_show')", [
        'slot_date', 'slot_outcome', 'is_broken']),
    ('procedure', ref('fct_procedures'), 'treatment_planned_date is not null', [
        'treatment_planned_date', 'procedure_status_code', 'procedure_date',
        'procedure_amount', 'source_updated_at']),
    ('plan',
        '(select plans.patient_id, plans.created_at, subscribers.effective_date,'
        ~ ' subscribers.term_date from ' ~ ref('stg_opendental__patplan')
        ~ ' as plans inner join ' ~ ref('stg_opendental__inssub')
        ~ ' as subscribers on plans.insurance_subscriber_id'
        ~ ' = subscribers.insurance_subscriber_id) as plan_rows',
        'true', ['created_at', 'effective_date', 'term_date']),
] -%}
create or replace table {{ state }}fingerprints_next
(primary key (patient_id))
with
hashed as (
    {%- for name, relation, condition, columns in inputs %}
    select
        patient_id,
        cast(conv(left(md5(concat_ws('|', '{{ name }}'
        {%- for column in columns -%}
            , coalesce(cast({{ column }} as char), '~')
        {%- endfor -%}
        )), 15), 16, 10) as unsigned) as row_hash
    from {{ relation }}
    where patient_id is not null and {{ condition }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),
by_patient as (
    select patient_id, sum(row_hash) as row_hash
    from hashed
    group by patient_id
),
{#- the family's month-end aging rows, by the as-of date of each build -#}
aging_hashed as (
    select
        guarantor_id,
        as_of_date,
        cast(conv(left(md5(concat_ws('|', as_of_date, bal_0_30, bal_31_60,
            bal_61_90, bal_over_90, bal_total)), 15), 16, 10) as unsigned)
            as row_hash
    from {{ ref('mart_ar_aging') }}
    where is_month_end
),
by_family as (
    select
        aging_hashed.guarantor_id,
        sum(case
            when aging_hashed.as_of_date < {{ last_as_of }}
                then aging_hashed.row_hash
        end) as last_row_hash,
        sum(case
            when aging_hashed.as_of_date < as_of.as_of_date
                then aging_hashed.row_hash
        end) as row_hash
    from aging_hashed
    cross join {{ ref('int_practice_as_of_date') }} as as_of
    group by aging_hashed.guarantor_id
)
select
    patients.patient_id,
    coalesce(by_patient.row_hash, 0) + coalesce(by_family.last_row_hash, 0)
        as compared_fingerprint,
    coalesce(by_patient.row_hash, 0) + coalesce(by_family.row_hash, 0)
        as fingerprint
from {{ ref('dim_patient') }} as patients
left outer join by_patient
    on patients.patient_id = by_patient.patient_id
left outer join by_family
    on patients.guarantor_id = by_family.guarantor_id
{%- elif step == 'list_patients' -%}
{#- changed, new and gone patients; everyone without a stored as-of date -#}
create or replace temporary table {{ state }}rebuild
(primary key (patient_id))
{% if is_incremental() %}
select next.patient_id
from {{ state }}fingerprints_next as next
left outer join {{ state }}fingerprints as stored
    on next.patient_id = stored.patient_id
where
    not (next.compared_fingerprint <=> stored.fingerprint)
    or {{ last_as_of }} is null
union
select stored.patient_id
from {{ state }}fingerprints as stored
left outer join {{ state }}fingerprints_next as next
    on stored.patient_id = next.patient_id
where next.patient_id is null
{% else %}
select cast(null as signed) as patient_id from dual where false
{% endif %}
{%- elif step == 'list_months' -%}
{#- the month ends the as-of date's move changes for every patient: described
    under one as-of date and not the other, or a label period (90 days, 18
    months: the model's labels) over under one and not the other -#}
create or replace temporary table {{ state }}months
(primary key (as_of_date))
{% if is_incremental() %}
select distinct calendar.month_end_date as as_of_date
from {{ ref('dim_date') }} as calendar
cross join {{ ref('int_practice_as_of_date') }} as as_of
cross join (select {{ last_as_of }} as as_of_date) as last_build
where
    (calendar.month_end_date < as_of.as_of_date)
    <> (calendar.month_end_date < last_build.as_of_date)
    or (calendar.month_end_date + interval 90 day <= as_of.as_of_date)
    <> (calendar.month_end_date + interval 90 day <= last_build.as_of_date)
    or (calendar.month_end_date + interval 18 month <= as_of.as_of_date)
    <> (calendar.month_end_date + interval 18 month <= last_build.as_of_date)
{% else %}
select cast(null as date) as as_of_date from dual where false
{% endif %}
{%- elif step == 'delete_patients' and is_incremental() -%}
{# the delete list names the target in full (an alias there is resolved in
   the default database, which dbt's connection does not have) #}
delete {{ this }}
from {{ this }}
inner join {{ state }}rebuild as rebuild
    on {{ this }}.patient_id = rebuild.patient_id
{%- elif step == 'delete_months' and is_incremental() -%}
delete {{ this }}
from {{ this }}
inner join {{ state }}months as months
    on {{ this }}.as_of_date = months.as_of_date
{%- elif step == 'record_fingerprints' -%}
create or replace table {{ state }}fingerprints
(primary key (patient_id))
select patient_id, fingerprint from {{ state }}fingerprints_next
{%- elif step == 'record_as_of' -%}
create or replace table {{ state }}as_of
select as_of_date from {{ ref('int_practice_as_of_date') }}
{%- elif step == 'drop_work_tables' -%}
drop table if exists {{ state }}fingerprints_next
{%- else -%}
select 1
{%- endif -%}
{% endmacro %}
