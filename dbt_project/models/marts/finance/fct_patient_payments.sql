{#-
    Patient payments at payment-split grain (paysplit): every split, with
    how OpenDental's reports treat it: earned income, unearned (prepayment)
    income, hidden unearned (a treatment-plan prepayment type: left out of
    income and aging), allocated to a procedure or not, income transfer
    (payment type 0; its splits net to zero), on a payment plan.
-#}
{{
    config(
        indexes=[
            {'columns': ['payment_split_id'], 'unique': true},
            {'columns': ['patient_id']},
            {'columns': ['payment_date', 'provider_id', 'clinic_id']},
        ],
    )
}}

with

splits as (

    select * from {{ ref('int_payment_splits_classified') }}

),

definitions as (

    select * from {{ ref('stg_opendental__definition') }}

),

payment_types as (

    select
        definition_id as payment_type_def_id,
        max(item_name) as payment_type_name
    from definitions
    where category_code = 10
    group by definition_id

),

joined as (

    select
        splits.payment_split_id,
        splits.payment_id,
        splits.patient_id,
        splits.provider_id,
        splits.clinic_id,
        splits.procedure_id,
        splits.adjustment_id,
        splits.payment_plan_id,
        splits.payment_plan_charge_id,
        splits.unearned_type_def_id,
        splits.unearned_type_name,
        splits.payment_type_def_id,
        splits.split_amount,
        splits.is_unearned,
        splits.is_hidden_unearned,
        splits.is_allocated_to_procedure,
        splits.allocation,
        splits.is_income_transfer,
        splits.is_on_payment_plan,
        splits.payment_date,
        splits.payment_header_date,
        splits.entry_date,
        splits.source_updated_at,
        case
            when splits.is_income_transfer then 'Income transfer'
            else payment_types.payment_type_name
        end as payment_type_name,
        case
            when splits.is_hidden_unearned then 'hidden unearned'
            when splits.is_unearned then 'unearned'
            else 'earned'
        end as income_category,
        not splits.is_unearned as is_earned
    from splits
    left outer join payment_types
        on splits.payment_type_def_id = payment_types.payment_type_def_id

)

select * from joined
