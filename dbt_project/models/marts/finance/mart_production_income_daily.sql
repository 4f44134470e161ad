{#-
    OpenDental's Production and Income report, Daily/Provider flavour
    (RpProdInc.GetDailyProdIncDataSet), per day, provider and clinic, built
    from fct_ledger. Summing any range of rows gives the report for that date
    range, those providers and those clinics ("Unearned" ticked: unearned
    income is its own column and part of total_income).
    Write-offs are carried under all three of OpenDental's dating options;
    `writeoffs` is the one in use (int_finance_preferences_pivoted: dbt var
    writeoff_dating, else the practice's preference).
    Indexes: the `_covering` one holds every column the dashboards' date-range
    sums read, so they never touch the table (docs/query-optimization.md).
-#}
{#- Incremental by report date: a run rebuilds every date on which a ledger
    entry changed since this mart's newest _built_at (fct_ledger__changed_dates,
    logged by fct_ledger), whole: its rows are deleted first, so a provider or
    clinic whose last entry of the day went away leaves no stale row.
      pre-hook 1  dates to rebuild -> temporary table
                  mart_production_income_daily__dates
      pre-hook 2  delete their rows
      model       their rows, from the ledger entries counted on them -#}
{%- set dates_to_rebuild -%}{% raw %}
create or replace temporary table {{ this.schema }}.mart_production_income_daily__dates
(primary key (report_date))
{% if is_incremental() %}
with
watermark as (
    select coalesce(max(_built_at), '1900-01-01') as built_at from {{ this }}
),
changed as (
    select changed_date as report_date
    from {{ target.schema }}_staging.fct_ledger__changed_dates
    where changed_at > (select built_at from watermark)
)
select distinct report_date from changed where report_date is not null
{% else %}
select cast(null as date) as report_date from dual where false
{% endif %}
{% endraw %}{%- endset -%}

{%- set delete_rebuilt_dates -%}{% raw %}
{% if is_incremental() %}
{# the delete list names the target in full: MariaDB resolves an alias
   there in the default database, which dbt's connection does not have #}
delete {{ this }}
from {{ this }}
inner join {{ this.schema }}.mart_production_income_daily__dates as rebuild
    on {{ this }}.report_date = rebuild.report_date
{% else %}
select 1
{% endif %}
{% endraw %}{%- endset -%}

{#- global_inputs: the write-off option in use (preference or var) re-dates
    every write-off, so a change rebuilds every date. -#}
{{
    config(
        materialized='incremental',
        unique_key='report_date',
        global_inputs=[
            {'name': 'stg_opendental__preference',
             'columns': ['preference_name', 'preference_value'],
             'where': "preference_name = 'ReportsPPOwriteoffDefaultToProcDate'"},
            {'var': 'writeoff_dating'},
        ],
        pre_hook=[dates_to_rebuild, delete_rebuilt_dates],
        indexes=[
            {'columns': ['report_date', 'provider_id', 'clinic_id'],
             'unique': true},
            {'columns': ['provider_id']},
            {'columns': ['clinic_id']},
            {'columns': [
                'report_date', 'provider_id', 'clinic_id', 'gross_production',
                'adjustments', 'writeoffs', 'net_production', 'patient_income',
                'unearned_income', 'insurance_income', 'total_income',
            ], 'name': 'ix_mart_production_income_daily__covering'},
        ],
        post_hook=[
            "drop temporary table if exists
            {{ this.schema }}.mart_production_income_daily__dates",
            "delete from {{ target.schema }}_staging.fct_ledger__changed_dates
            where changed_at <= (select max(_built_at) from {{ this }})",
        ],
    )
}}

with

ledger as (

    select * from {{ ref('fct_ledger') }}

),

settings as (

    select * from {{ ref('int_finance_preferences_pivoted') }}

),

{# One row per (date, measure, amount) the report counts. A write-off row
   appears once per dating option that counts it. #}
dated as (

    select
        production_income_date as report_date,
        provider_id,
        clinic_id,
        case
            when entry_type = 'capitation_writeoff' then 'capitation_writeoffs'
            when entry_type = 'procedure' then 'procedure_fees'
            else production_income_measure
        end as measure,
        amount
    from ledger
    where
        production_income_measure in (
            'production',
            'adjustments',
            'patient_income',
            'unearned_income',
            'insurance_income'
        )
        and production_income_date is not null
    {% if is_incremental() -%}
            and production_income_date in (
                select rebuild.report_date
                from {{ this.schema }}.mart_production_income_daily__dates
                    as rebuild
            )
        {% endif %}
    union all

    select
        writeoff_date_by_insurance_payment as report_date,
        provider_id,
        clinic_id,
        'writeoffs_ins_pay_date' as measure,
        amount
    from ledger
    where
        entry_type = 'insurance_writeoff'
        and writeoff_date_by_insurance_payment is not null
    {% if is_incremental() -%}
            and writeoff_date_by_insurance_payment in (
                select rebuild.report_date
                from {{ this.schema }}.mart_production_income_daily__dates
                    as rebuild
            )
        {% endif %}
    union all

    select
        writeoff_date_by_procedure as report_date,
        provider_id,
        clinic_id,
        'writeoffs_proc_date' as measure,
        amount
    from ledger
    where
        entry_type = 'insurance_writeoff'
        and writeoff_date_by_procedure is not null
    {% if is_incremental() -%}
            and writeoff_date_by_procedure in (
                select rebuild.report_date
                from {{ this.schema }}.mart_production_income_daily__dates
                    as rebuild
            )
        {% endif %}
    union all

    select
        writeoff_date_by_claim as report_date,
        provider_id,
        clinic_id,
        case entry_type
            when 'writeoff_estimate' then 'writeoff_estimates_claim_date'
            else 'writeoff_adjustments_claim_date'
        end as measure,
        amount
    from ledger
    where
        entry_type in ('writeoff_estimate', 'writeoff_estimate_adjustment')
        and writeoff_date_by_claim is not null
    {% if is_incremental() -%}
            and writeoff_date_by_claim in (
                select rebuild.report_date
                from {{ this.schema }}.mart_production_income_daily__dates
                    as rebuild
            )
        {% endif %}
),

summed as (

    select
        report_date,
        provider_id,
        clinic_id,
        sum(case when measure = 'procedure_fees' then amount else 0 end)
            as procedure_fees,
        sum(case when measure = 'capitation_writeoffs' then amount else 0 end)
            as capitation_writeoffs,
        sum(case when measure = 'adjustments' then amount else 0 end)
            as adjustments,
        sum(
            case when measure = 'writeoffs_ins_pay_date' then amount else 0 end
        ) as writeoffs_ins_pay_date,
        sum(case when measure = 'writeoffs_proc_date' then amount else 0 end)
            as writeoffs_proc_date,
        sum(
            case
                when measure = 'writeoff_estimates_claim_date' then amount
                else 0
            end
        ) as writeoff_estimates_claim_date,
        sum(
            case
                when measure = 'writeoff_adjustments_claim_date' then amount
                else 0
            end
        ) as writeoff_adjustments_claim_date,
        -sum(case when measure = 'patient_income' then amount else 0 end)
            as patient_income,
        -sum(case when measure = 'unearned_income' then amount else 0 end)
            as unearned_income,
        -sum(case when measure = 'insurance_income' then amount else 0 end)
            as insurance_income
    from dated
    group by report_date, provider_id, clinic_id

),

measured as (

    select
        summed.report_date,
        summed.provider_id,
        summed.clinic_id,
        summed.procedure_fees,
        summed.capitation_writeoffs,
        summed.adjustments,
        summed.writeoffs_ins_pay_date,
        summed.writeoffs_proc_date,
        summed.writeoff_estimates_claim_date,
        summed.writeoff_adjustments_claim_date,
        summed.patient_income,
        summed.unearned_income,
        summed.insurance_income,
        settings.writeoff_option,
        settings.writeoff_option_name,
        summed.procedure_fees + summed.capitation_writeoffs
            as gross_production,
        summed.writeoff_estimates_claim_date
        + summed.writeoff_adjustments_claim_date as writeoffs_claim_date,
        case settings.writeoff_option
            when 0 then summed.writeoffs_ins_pay_date
            when 1 then summed.writeoffs_proc_date
            else
                summed.writeoff_estimates_claim_date
                + summed.writeoff_adjustments_claim_date
        end as writeoffs
    from summed
    cross join settings

),

totalled as (

    select
        report_date,
        provider_id,
        clinic_id,
        cast(gross_production as decimal(15, 2)) as gross_production,
        cast(adjustments as decimal(15, 2)) as adjustments,
        cast(writeoffs as decimal(15, 2)) as writeoffs,
        cast(gross_production + adjustments + writeoffs as decimal(15, 2))
            as net_production,
        cast(patient_income as decimal(15, 2)) as patient_income,
        cast(unearned_income as decimal(15, 2)) as unearned_income,
        cast(insurance_income as decimal(15, 2)) as insurance_income,
        cast(
            patient_income + unearned_income + insurance_income
            as decimal(15, 2)
        ) as total_income,
        cast(procedure_fees as decimal(15, 2)) as procedure_fees,
        cast(capitation_writeoffs as decimal(15, 2)) as capitation_writeoffs,
        cast(writeoffs_ins_pay_date as decimal(15, 2))
            as writeoffs_ins_pay_date,
        cast(writeoffs_proc_date as decimal(15, 2)) as writeoffs_proc_date,
        cast(writeoffs_claim_date as decimal(15, 2)) as writeoffs_claim_date,
        cast(writeoff_estimates_claim_date as decimal(15, 2))
            as writeoff_estimates_claim_date,
        cast(writeoff_adjustments_claim_date as decimal(15, 2))
            as writeoff_adjustments_claim_date,
        writeoff_option,
        cast(writeoff_option_name as char(50)) as writeoff_option_name,
        cast(now(6) as datetime(6)) as _built_at
    from measured

)

select * from totalled
