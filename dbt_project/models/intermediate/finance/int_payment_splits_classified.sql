{#-
    Every payment split with what the finance marts need to know about it:
    earned or unearned (prepayment), "hidden" unearned (a PaySplitUnearnedType
    definition, category 29, with a non-empty ItemValue: OpenDental leaves those
    out of income and aging), on a payment plan, an income transfer, and the
    date of its payment (the Daily/Provider P&I filters on payment.PayDate).
-#}
{# A table (indexed), not ephemeral: several finance models read it. #}
{{
    config(
        materialized='table',
        indexes=[
            {'columns': ['payment_split_id'], 'unique': true},
            {'columns': ['patient_id']},
        ],
    )
}}

with

splits as (

    select * from {{ ref('stg_opendental__paysplit') }}

),

{# grouped: materialized once, not re-evaluated per split (see fct_ledger) #}
payments as (

    select
        payment_id,
        max(payment_date) as payment_date,
        max(payment_type_def_id) as payment_type_def_id,
        max(is_income_transfer) as is_income_transfer,
        max(_loaded_at) as _loaded_at
    from {{ ref('stg_opendental__payment') }}
    group by payment_id

),

definitions as (

    select * from {{ ref('stg_opendental__definition') }}

),

unearned_types as (

    select
        definition_id as unearned_type_def_id,
        max(item_name) as unearned_type_name,
        max(item_value != '') as is_hidden_unearned_type
    from definitions
    where category_code = 29
    group by definition_id

),

classified as (

    select
        splits.payment_split_id,
        splits.payment_id,
        splits.patient_id,
        splits.clinic_id,
        splits.procedure_id,
        splits.adjustment_id,
        splits.payment_plan_id,
        splits.payment_plan_charge_id,
        splits.unearned_type_def_id,
        unearned_types.unearned_type_name,
        payments.payment_type_def_id,
        splits.split_amount,
        splits.is_unearned,
        splits.payment_date,
        payments.payment_date as payment_header_date,
        splits.entry_date,
        splits.source_updated_at,
        coalesce(splits.provider_id, 0) as provider_id,
        splits.is_unearned
        and coalesce(unearned_types.is_hidden_unearned_type, false)
            as is_hidden_unearned,
        splits.payment_plan_id is not null as is_on_payment_plan,
        coalesce(payments.is_income_transfer, false) as is_income_transfer,
        splits.procedure_id is not null as is_allocated_to_procedure,
        case
            when splits.procedure_id is not null then 'procedure'
            when splits.adjustment_id is not null then 'adjustment'
            when splits.payment_plan_id is not null then 'payment plan'
            when splits.is_unearned then 'unearned'
            else 'unallocated'
        end as allocation,
        greatest(
            splits._loaded_at,
            coalesce(payments._loaded_at, splits._loaded_at)
        ) as _loaded_at
    from splits
    left outer join payments
        on splits.payment_id = payments.payment_id
    left outer join unearned_types
        on splits.unearned_type_def_id = unearned_types.unearned_type_def_id

)

select * from classified
