{#-
    mart_ar_aging implements OpenDental's aging for the settings most
    practices use. Fails, naming the preference, when the practice runs one
    it does not implement, instead of publishing balances that would differ
    from OpenDental's:
      PayPlansVersion  1 ("do not age": the plan's CompletedAmt is a credit,
                       payments on the plan leave the aged balance); checked
                       only when payment plans exist
      AgingProcLifo    off (credits pay the oldest charges first, not the
                       procedure they are attached to)
-#}
{# A warning (docs/dbt.md, "Test severity"): it is the practice's own
    configuration, and stopping the build would leave every other mart stale. #}
{{ config(severity='warn') }}
with

settings as (

    select * from {{ ref('int_finance_preferences_pivoted') }}

),

payment_plans as (

    select count(*) as plan_count
    from {{ ref('stg_opendental__payplan') }}

),

problems as (

    select
        'PayPlansVersion' as preference_name,
        cast(settings.payment_plans_version as char(10)) as preference_value,
        'payment plan versions 2-4 are not implemented' as problem
    from settings
    cross join payment_plans
    where
        settings.payment_plans_version != 1
        and payment_plans.plan_count > 0

    union all

    select
        'AgingProcLifo' as preference_name,
        'on' as preference_value,
        'aging credits by procedure is not implemented' as problem
    from settings
    where settings.is_aging_proc_lifo

)

select * from problems
