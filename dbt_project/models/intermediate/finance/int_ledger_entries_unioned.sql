{#-
    The money events of every patient account, one row each, as OpenDental's
    aging (Ledgers.GetTransQueryString) and its Production & Income report
    (RpProdInc, Daily/Provider flavour) see them. fct_ledger is this model
    plus incremental handling; its YAML documents every column.

    amount is signed as the event moves the family balance: charges +, credits
    -. Rows that do not move the balance (pending insurance, write-off
    estimates) carry is_in_balance = false. Zero amounts are left out.

    Each money input is read through ledger_scoped(): on fct_ledger's
    incremental build only the rows of the patients it rebuilds, so the
    nightly cost follows the patients that changed, not the history.
-#}
with

procedures as (

    {{ ledger_scoped(ref('int_procedures_with_capitation_writeoffs')) }}

),

claim_procedures as (

    {{ ledger_scoped(ref('int_claim_procedures_with_writeoff_options')) }}

),

writeoff_estimates as (

    {{ ledger_scoped(ref('int_claim_snapshots_joined_to_claim_procedures')) }}

),

adjustments as (

    {{ ledger_scoped(ref('stg_opendental__adjustment')) }}

),

splits as (

    {{ ledger_scoped(ref('int_payment_splits_classified')) }}

),

payment_plans as (

    {{ ledger_scoped(ref('stg_opendental__payplan')) }}

),

{# Lookups are grouped so that MariaDB materializes them once (an indexed
   temporary table) instead of evaluating the staging view, with its label
   joins, for every ledger row. #}
patients as (

    select
        patient_id,
        max(guarantor_id) as guarantor_id
    from {{ ref('stg_opendental__patient') }}
    group by patient_id

),

procedure_entries as (

    select
        concat('procedure:', procedure_id) as ledger_entry_id,
        'procedure' as entry_type,
        'procedurelog' as source_table,
        procedure_id as source_id,
        patient_id,
        provider_id,
        clinic_id,
        procedure_id,
        cast(null as signed) as claim_id,
        cast(null as signed) as claim_payment_id,
        cast(null as signed) as payment_id,
        cast(null as signed) as payment_plan_id,
        cast(null as signed) as claim_procedure_status_code,
        cast(null as signed) as unearned_type_def_id,
        false as is_hidden_unearned,
        procedure_date as event_date,
        procedure_date,
        procedure_amount as amount,
        true as is_in_balance,
        'production' as production_income_measure,
        procedure_date as production_income_date,
        cast(null as date) as writeoff_date_by_insurance_payment,
        cast(null as date) as writeoff_date_by_procedure,
        cast(null as date) as writeoff_date_by_claim,
        _loaded_at
    from procedures
    where
        procedure_status_code = 2
        and procedure_amount != 0

),

{# Capitation write-offs (CapComplete): a balance credit on DateCP; in P&I
    netted into the production of the completed procedure, on its date, for
    its provider and clinic. #}
capitation_writeoff_entries as (

    select
        concat('claimproc:', claim_procedure_id, ':capitation_writeoff')
            as ledger_entry_id,
        'capitation_writeoff' as entry_type,
        'claimproc' as source_table,
        claim_procedure_id as source_id,
        patient_id,
        case
            when procedure_status_code = 2 then procedure_provider_id
            else provider_id
        end as provider_id,
        case
            when procedure_status_code = 2 then procedure_clinic_id
            else clinic_id
        end as clinic_id,
        procedure_id,
        claim_id,
        claim_payment_id,
        cast(null as signed) as payment_id,
        payment_plan_id,
        claim_procedure_status_code,
        cast(null as signed) as unearned_type_def_id,
        false as is_hidden_unearned,
        insurance_payment_date as event_date,
        procedure_date,
        -write_off_amount as amount,
        is_in_aging as is_in_balance,
        case
            when procedure_status_code = 2 then 'production'
        end as production_income_measure,
        case
            when procedure_status_code = 2 then procedure_service_date
        end as production_income_date,
        cast(null as date) as writeoff_date_by_insurance_payment,
        cast(null as date) as writeoff_date_by_procedure,
        cast(null as date) as writeoff_date_by_claim,
        _loaded_at
    from claim_procedures
    where
        claim_procedure_status_code = 7
        and write_off_amount != 0

),

{# Insurance write-offs. NotReceived (0) write-offs are estimates: not in
    the balance, but counted by P&I option 1 (procedure date). CapClaim (5)
    write-offs are in the balance but in no P&I write-off option. #}
insurance_writeoff_entries as (

    select
        concat('claimproc:', claim_procedure_id, ':writeoff')
            as ledger_entry_id,
        'insurance_writeoff' as entry_type,
        'claimproc' as source_table,
        claim_procedure_id as source_id,
        patient_id,
        provider_id,
        clinic_id,
        procedure_id,
        claim_id,
        claim_payment_id,
        cast(null as signed) as payment_id,
        payment_plan_id,
        claim_procedure_status_code,
        cast(null as signed) as unearned_type_def_id,
        false as is_hidden_unearned,
        insurance_payment_date as event_date,
        procedure_date,
        -write_off_amount as amount,
        is_in_aging and claim_procedure_status_code != 0 as is_in_balance,
        case
            when claim_procedure_status_code in (0, 1, 4) then 'writeoffs'
        end as production_income_measure,
        cast(null as date) as production_income_date,
        writeoff_date_by_insurance_payment,
        writeoff_date_by_procedure,
        cast(null as date) as writeoff_date_by_claim,
        _loaded_at
    from claim_procedures
    where
        claim_procedure_status_code in (0, 1, 4, 5)
        and write_off_amount != 0

),

{# Insurance payments reduce the balance on DateCP (unless paid into an
    insurance payment plan); P&I counts them as income only once finalized
    into a claimpayment, on its check date, for Received/Supplemental. #}
insurance_payment_entries as (

    select
        concat('claimproc:', claim_procedure_id, ':payment') as ledger_entry_id,
        'insurance_payment' as entry_type,
        'claimproc' as source_table,
        claim_procedure_id as source_id,
        patient_id,
        provider_id,
        clinic_id,
        procedure_id,
        claim_id,
        claim_payment_id,
        cast(null as signed) as payment_id,
        payment_plan_id,
        claim_procedure_status_code,
        cast(null as signed) as unearned_type_def_id,
        false as is_hidden_unearned,
        insurance_payment_date as event_date,
        procedure_date,
        -insurance_paid_amount as amount,
        is_in_aging and payment_plan_id is null as is_in_balance,
        case
            when is_finalized and claim_procedure_status_code in (1, 4)
                then 'insurance_income'
        end as production_income_measure,
        case
            when is_finalized and claim_procedure_status_code in (1, 4)
                then check_date
        end as production_income_date,
        cast(null as date) as writeoff_date_by_insurance_payment,
        cast(null as date) as writeoff_date_by_procedure,
        cast(null as date) as writeoff_date_by_claim,
        _loaded_at
    from claim_procedures
    where
        claim_procedure_status_code in (1, 4, 5, 7)
        and insurance_paid_amount != 0

),

{# What insurance is expected to pay (and write off) on a claim that has
    not been received: the aging's insurance estimate. A Received row stays
    "pending" for as-of dates before its DateCP, so it is kept here too. #}
insurance_estimate_entries as (

    select
        concat('claimproc:', claim_procedure_id, ':estimate')
            as ledger_entry_id,
        'insurance_estimate' as entry_type,
        'claimproc' as source_table,
        claim_procedure_id as source_id,
        patient_id,
        provider_id,
        clinic_id,
        procedure_id,
        claim_id,
        claim_payment_id,
        cast(null as signed) as payment_id,
        payment_plan_id,
        claim_procedure_status_code,
        cast(null as signed) as unearned_type_def_id,
        false as is_hidden_unearned,
        insurance_payment_date as event_date,
        procedure_date,
        -(insurance_payment_estimate + write_off_amount) as amount,
        false as is_in_balance,
        cast(null as char(20)) as production_income_measure,
        cast(null as date) as production_income_date,
        cast(null as date) as writeoff_date_by_insurance_payment,
        cast(null as date) as writeoff_date_by_procedure,
        cast(null as date) as writeoff_date_by_claim,
        _loaded_at
    from claim_procedures
    where
        claim_procedure_status_code in (0, 1)
        and is_in_aging
        and insurance_payment_estimate + write_off_amount != 0

),

writeoff_estimate_entries as (

    select
        concat('claimsnapshot:', claim_snapshot_id, ':writeoff_estimate')
            as ledger_entry_id,
        'writeoff_estimate' as entry_type,
        'claimsnapshot' as source_table,
        claim_snapshot_id as source_id,
        patient_id,
        provider_id,
        procedure_clinic_id as clinic_id,
        procedure_id,
        claim_id,
        cast(null as signed) as claim_payment_id,
        cast(null as signed) as payment_id,
        cast(null as signed) as payment_plan_id,
        claim_procedure_status_code,
        cast(null as signed) as unearned_type_def_id,
        false as is_hidden_unearned,
        estimate_date as event_date,
        cast(null as date) as procedure_date,
        estimate_amount as amount,
        false as is_in_balance,
        'writeoffs' as production_income_measure,
        cast(null as date) as production_income_date,
        cast(null as date) as writeoff_date_by_insurance_payment,
        cast(null as date) as writeoff_date_by_procedure,
        estimate_date as writeoff_date_by_claim,
        _loaded_at
    from writeoff_estimates
    where estimate_amount != 0

),

writeoff_estimate_adjustment_entries as (

    select
        case
            when claim_snapshot_id is not null
                then concat(
                    'claimsnapshot:', claim_snapshot_id, ':writeoff_adjustment'
                )
            else concat(
                'claimproc:', claim_procedure_id, ':writeoff_adjustment'
            )
        end as ledger_entry_id,
        'writeoff_estimate_adjustment' as entry_type,
        case
            when claim_snapshot_id is not null then 'claimsnapshot'
            else 'claimproc'
        end as source_table,
        coalesce(claim_snapshot_id, claim_procedure_id) as source_id,
        patient_id,
        provider_id,
        clinic_id,
        procedure_id,
        claim_id,
        cast(null as signed) as claim_payment_id,
        cast(null as signed) as payment_id,
        cast(null as signed) as payment_plan_id,
        claim_procedure_status_code,
        cast(null as signed) as unearned_type_def_id,
        false as is_hidden_unearned,
        adjustment_date as event_date,
        cast(null as date) as procedure_date,
        adjustment_amount as amount,
        false as is_in_balance,
        'writeoffs' as production_income_measure,
        cast(null as date) as production_income_date,
        cast(null as date) as writeoff_date_by_insurance_payment,
        cast(null as date) as writeoff_date_by_procedure,
        adjustment_date as writeoff_date_by_claim,
        _loaded_at
    from writeoff_estimates
    where adjustment_amount != 0

),

adjustment_entries as (

    select
        concat('adjustment:', adjustment_id) as ledger_entry_id,
        'adjustment' as entry_type,
        'adjustment' as source_table,
        adjustment_id as source_id,
        patient_id,
        coalesce(provider_id, 0) as provider_id,
        clinic_id,
        procedure_id,
        cast(null as signed) as claim_id,
        cast(null as signed) as claim_payment_id,
        cast(null as signed) as payment_id,
        cast(null as signed) as payment_plan_id,
        cast(null as signed) as claim_procedure_status_code,
        cast(null as signed) as unearned_type_def_id,
        false as is_hidden_unearned,
        adjustment_date as event_date,
        procedure_date,
        adjustment_amount as amount,
        true as is_in_balance,
        'adjustments' as production_income_measure,
        adjustment_date as production_income_date,
        cast(null as date) as writeoff_date_by_insurance_payment,
        cast(null as date) as writeoff_date_by_procedure,
        cast(null as date) as writeoff_date_by_claim,
        _loaded_at
    from adjustments
    where adjustment_amount != 0

),

{# Patient payments. Hidden unearned splits (treatment-plan prepayments) are
    in neither the balance nor P&I; splits on a payment plan leave the aged
    balance under PayPlansVersion 1 (the plan's CompletedAmt is the credit). #}
patient_payment_entries as (

    select
        concat('paysplit:', payment_split_id) as ledger_entry_id,
        'patient_payment' as entry_type,
        'paysplit' as source_table,
        payment_split_id as source_id,
        patient_id,
        provider_id,
        clinic_id,
        procedure_id,
        cast(null as signed) as claim_id,
        cast(null as signed) as claim_payment_id,
        payment_id,
        payment_plan_id,
        cast(null as signed) as claim_procedure_status_code,
        unearned_type_def_id,
        is_hidden_unearned,
        payment_date as event_date,
        cast(null as date) as procedure_date,
        -split_amount as amount,
        not is_hidden_unearned and not is_on_payment_plan as is_in_balance,
        case
            when is_hidden_unearned then null
            when is_unearned then 'unearned_income'
            else 'patient_income'
        end as production_income_measure,
        case
            when not is_hidden_unearned then payment_header_date
        end as production_income_date,
        cast(null as date) as writeoff_date_by_insurance_payment,
        cast(null as date) as writeoff_date_by_procedure,
        cast(null as date) as writeoff_date_by_claim,
        _loaded_at
    from splits
    where split_amount != 0

),

payment_plan_entries as (

    select
        concat('payplan:', payment_plan_id) as ledger_entry_id,
        'payment_plan_credit' as entry_type,
        'payplan' as source_table,
        payment_plan_id as source_id,
        patient_id,
        0 as provider_id,
        0 as clinic_id,
        cast(null as signed) as procedure_id,
        cast(null as signed) as claim_id,
        cast(null as signed) as claim_payment_id,
        cast(null as signed) as payment_id,
        payment_plan_id,
        cast(null as signed) as claim_procedure_status_code,
        cast(null as signed) as unearned_type_def_id,
        false as is_hidden_unearned,
        payment_plan_date as event_date,
        cast(null as date) as procedure_date,
        -completed_amount as amount,
        true as is_in_balance,
        cast(null as char(20)) as production_income_measure,
        cast(null as date) as production_income_date,
        cast(null as date) as writeoff_date_by_insurance_payment,
        cast(null as date) as writeoff_date_by_procedure,
        cast(null as date) as writeoff_date_by_claim,
        _loaded_at
    from payment_plans
    where
        insurance_plan_id is null
        and completed_amount != 0

),

unioned as (

    select * from procedure_entries
    union all
    select * from capitation_writeoff_entries
    union all
    select * from insurance_writeoff_entries
    union all
    select * from insurance_payment_entries
    union all
    select * from insurance_estimate_entries
    union all
    select * from writeoff_estimate_entries
    union all
    select * from writeoff_estimate_adjustment_entries
    union all
    select * from adjustment_entries
    union all
    select * from patient_payment_entries
    union all
    select * from payment_plan_entries

),

{# The family: OpenDental ages every transaction under the current
    guarantor of its patient (patient.Guarantor). #}
with_guarantors as (

    select
        cast(unioned.ledger_entry_id as char(64)) as ledger_entry_id,
        cast(unioned.entry_type as char(32)) as entry_type,
        cast(unioned.source_table as char(16)) as source_table,
        unioned.source_id,
        unioned.patient_id,
        unioned.provider_id,
        unioned.clinic_id,
        unioned.procedure_id,
        unioned.claim_id,
        unioned.claim_payment_id,
        unioned.payment_id,
        unioned.payment_plan_id,
        unioned.claim_procedure_status_code,
        unioned.unearned_type_def_id,
        unioned.is_hidden_unearned,
        unioned.event_date,
        unioned.procedure_date,
        cast(unioned.amount as decimal(15, 2)) as amount,
        unioned.is_in_balance,
        cast(unioned.production_income_measure as char(20))
            as production_income_measure,
        unioned.production_income_date,
        unioned.writeoff_date_by_insurance_payment,
        unioned.writeoff_date_by_procedure,
        unioned.writeoff_date_by_claim,
        case
            when patients.patient_id is not null
                then coalesce(patients.guarantor_id, patients.patient_id)
        end as guarantor_id,
        {# the money rows' load time only: a patient row counts when its
           guarantor changes (see fct_ledger) #}
        unioned._loaded_at
    from unioned
    left outer join patients
        on unioned.patient_id = patients.patient_id

)

select * from with_guarantors
