{#-
    Insurance plans (insplan) with their carrier (carrier): plan type
    (category percentage, PPO, capitation, ...), fee schedules, carrier name
    and group.
-#}
{{
    config(
        indexes=[
            {'columns': ['insurance_plan_id'], 'unique': true},
            {'columns': ['carrier_id']},
        ],
    )
}}

with

plans as (

    select * from {{ ref('stg_opendental__insplan') }}

),

carriers as (

    select * from {{ ref('stg_opendental__carrier') }}

),

definitions as (

    select * from {{ ref('stg_opendental__definition') }}

),

carrier_groups as (

    select
        definition_id as carrier_group_def_id,
        item_name as carrier_group_name
    from definitions
    where category_code = 46

),

joined as (

    select
        plans.insurance_plan_id,
        plans.carrier_id,
        carriers.carrier_name,
        carrier_groups.carrier_group_name,
        carriers.electronic_payer_identifier,
        plans.group_name,
        plans.group_number,
        plans.plan_type_code,
        plans.plan_type,
        plans.fee_schedule_id,
        plans.copay_fee_schedule_id,
        plans.allowed_fee_schedule_id,
        plans.is_medical,
        plans.is_hidden,
        coalesce(carriers.is_hidden, false) as is_carrier_hidden
    from plans
    left outer join carriers
        on plans.carrier_id = carriers.carrier_id
    left outer join carrier_groups
        on carriers.carrier_group_def_id = carrier_groups.carrier_group_def_id

)

select * from joined
