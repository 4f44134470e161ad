{#-
    mart_production_income_daily must equal OpenDental's Production and Income
    report (Daily/Provider flavour, "Unearned" ticked) for every day, provider
    and clinic, to the cent, under the write-off dating in use (run it with
    --vars '{writeoff_dating: 0|1|2}' to check each option).

    The report is re-implemented here on the raw OpenDental tables, with
    OpenDental's own column names, 0-for-none keys and DOUBLE money, the way
    its report queries (RpProdInc) read them; no staging, intermediate or
    ledger model is involved, so a mistake anywhere in the chain shows up as
    a difference:
      production  completed procedures: fee * (units + base units) minus the
                  CapComplete write-offs of the procedure, by ProcDate
      adjustments all adjustments by AdjDate
      write-offs  0: Received/Supplemental by DateCP; 1: NotReceived/Received/
                  Supplemental by claimproc.ProcDate; 2: -snapshot estimate by
                  snapshot date (procedure's clinic) plus estimate - actual by
                  DateCP for Received/Supplemental
      patient     splits of payments by payment.PayDate, hidden unearned types
                  left out, earned and unearned apart
      insurance   InsPayAmt of Received/Supplemental claim procedures attached
                  to a claimpayment, by its CheckDate
    Returns the cells that differ by half a cent or more.
    After a nightly (partial) build only the months with a rebuilt day are
    compared (changed_months_condition); after a full build, or with
    `make check`, every month.
-#}
with

settings as (

    select writeoff_option
    from {{ ref('int_finance_preferences_pivoted') }}

),

procedurelog as (

    select * from {{ source('opendental', 'procedurelog') }}

),

claimproc as (

    select * from {{ source('opendental', 'claimproc') }}

),

claimsnapshot as (

    select * from {{ source('opendental', 'claimsnapshot') }}

),

claimpayment as (

    select * from {{ source('opendental', 'claimpayment') }}

),

adjustment as (

    select * from {{ source('opendental', 'adjustment') }}

),

paysplit as (

    select * from {{ source('opendental', 'paysplit') }}

),

payment as (

    select * from {{ source('opendental', 'payment') }}

),

definition as (

    select * from {{ source('opendental', 'definition') }}

),

mart as (

    select * from {{ ref('mart_production_income_daily') }}

),

{# The report's queries, on OpenDental's own tables and columns. Money is
   DOUBLE there: sums are compared with the mart to half a cent. #}
capitation as (

    select
        ProcNum,
        sum(WriteOff) as capitation_writeoff
    from claimproc
    where Status = 7
    group by ProcNum

),

production as (

    select
        procedurelog.ProcDate as report_date,
        procedurelog.ProvNum as provider_id,
        procedurelog.ClinicNum as clinic_id,
        procedurelog.ProcFee
        * (procedurelog.UnitQty + procedurelog.BaseUnits)
        - coalesce(capitation.capitation_writeoff, 0) as gross_production,
        0 as adjustments,
        0 as writeoffs,
        0 as patient_income,
        0 as unearned_income,
        0 as insurance_income
    from procedurelog
    left outer join capitation
        on procedurelog.ProcNum = capitation.ProcNum
    where procedurelog.ProcStatus = 2

),

adjustment_rows as (

    select
        AdjDate as report_date,
        ProvNum as provider_id,
        ClinicNum as clinic_id,
        0 as gross_production,
        AdjAmt as adjustments,
        0 as writeoffs,
        0 as patient_income,
        0 as unearned_income,
        0 as insurance_income
    from adjustment

),

writeoffs_by_option as (

    {# options 0 and 1 #}
    select
        case settings.writeoff_option
            when 0 then claimproc.DateCP
            else claimproc.ProcDate
        end as report_date,
        claimproc.ProvNum as provider_id,
        claimproc.ClinicNum as clinic_id,
        -claimproc.WriteOff as writeoffs
    from claimproc
    cross join settings
    where
        settings.writeoff_option in (0, 1)
        and (
            claimproc.Status in (1, 4)
            or (settings.writeoff_option = 1 and claimproc.Status = 0)
        )

    union all

    {# option 2, "Writeoff Est": procedurelog x claimproc x claimsnapshot #}
    select
        cast(claimsnapshot.DateTEntry as date) as report_date,
        claimproc.ProvNum as provider_id,
        procedurelog.ClinicNum as clinic_id,
        -coalesce(nullif(claimsnapshot.Writeoff, -1), 0) as writeoffs
    from claimsnapshot
    inner join claimproc
        on claimsnapshot.ClaimProcNum = claimproc.ClaimProcNum
    inner join procedurelog
        on claimproc.ProcNum = procedurelog.ProcNum
    cross join settings
    where
        settings.writeoff_option = 2
        and claimproc.Status in (0, 1, 4)

    union all

    {# option 2, "Writeoff Adj": claimproc LEFT JOIN claimsnapshot, written
       as "with a snapshot" plus "without one" (raw ClaimProcNum is not
       indexed) #}
    select
        claimproc.DateCP as report_date,
        claimproc.ProvNum as provider_id,
        claimproc.ClinicNum as clinic_id,
        coalesce(nullif(claimsnapshot.Writeoff, -1), 0)
        - claimproc.WriteOff as writeoffs
    from claimsnapshot
    inner join claimproc
        on claimsnapshot.ClaimProcNum = claimproc.ClaimProcNum
    cross join settings
    where
        settings.writeoff_option = 2
        and claimproc.Status in (1, 4)

    union all

    select
        claimproc.DateCP as report_date,
        claimproc.ProvNum as provider_id,
        claimproc.ClinicNum as clinic_id,
        -claimproc.WriteOff as writeoffs
    from claimproc
    cross join settings
    where
        settings.writeoff_option = 2
        and claimproc.Status in (1, 4)
        and claimproc.ClaimProcNum not in (
            select claimsnapshot.ClaimProcNum from claimsnapshot
        )

),

writeoff_rows as (

    select
        report_date,
        provider_id,
        clinic_id,
        0 as gross_production,
        0 as adjustments,
        writeoffs,
        0 as patient_income,
        0 as unearned_income,
        0 as insurance_income
    from writeoffs_by_option

),

hidden_unearned_types as (

    select DefNum
    from definition
    where Category = 29 and coalesce(ItemValue, '') != ''

),

{# Daily/Provider report: splits of payments whose PayDate is in range #}
patient_income_rows as (

    select
        payment.PayDate as report_date,
        paysplit.ProvNum as provider_id,
        paysplit.ClinicNum as clinic_id,
        0 as gross_production,
        0 as adjustments,
        0 as writeoffs,
        case
            when paysplit.UnearnedType = 0 then paysplit.SplitAmt else 0
        end as patient_income,
        case
            when paysplit.UnearnedType != 0 then paysplit.SplitAmt else 0
        end as unearned_income,
        0 as insurance_income
    from paysplit
    inner join payment
        on paysplit.PayNum = payment.PayNum
    where
        paysplit.UnearnedType not in (
            select hidden_unearned_types.DefNum from hidden_unearned_types
        )

),

insurance_income_rows as (

    select
        claimpayment.CheckDate as report_date,
        claimproc.ProvNum as provider_id,
        claimproc.ClinicNum as clinic_id,
        0 as gross_production,
        0 as adjustments,
        0 as writeoffs,
        0 as patient_income,
        0 as unearned_income,
        claimproc.InsPayAmt as insurance_income
    from claimproc
    inner join claimpayment
        on claimproc.ClaimPaymentNum = claimpayment.ClaimPaymentNum
    where claimproc.Status in (1, 4)

),

report as (

    select * from production
    union all
    select * from adjustment_rows
    union all
    select * from writeoff_rows
    union all
    select * from patient_income_rows
    union all
    select * from insurance_income_rows

),

{# Both sides in one list, the mart negated: a cell whose sums are not zero
   differs. A mart cell missing from the report (or the reverse) shows too. #}
compared as (

    select
        report_date,
        provider_id,
        clinic_id,
        gross_production,
        adjustments,
        writeoffs,
        patient_income,
        unearned_income,
        insurance_income
    from report
    {# a blank date (year before 1880) is in no report's date range #}
    where
        report_date >= '1880-01-01'
        and {{ changed_months_condition(
            'report_date', ref('mart_production_income_daily')
        ) }}

    union all

    select
        report_date,
        provider_id,
        clinic_id,
        -gross_production as gross_production,
        -adjustments as adjustments,
        -writeoffs as writeoffs,
        -patient_income as patient_income,
        -unearned_income as unearned_income,
        -insurance_income as insurance_income
    from mart
    where {{ changed_months_condition(
        'report_date', ref('mart_production_income_daily')
    ) }}

),

differences as (

    select
        report_date,
        provider_id,
        clinic_id,
        sum(gross_production) as gross_production_difference,
        sum(adjustments) as adjustments_difference,
        sum(writeoffs) as writeoffs_difference,
        sum(patient_income) as patient_income_difference,
        sum(unearned_income) as unearned_income_difference,
        sum(insurance_income) as insurance_income_difference
    from compared
    group by report_date, provider_id, clinic_id

)

select * from differences
where
    abs(gross_production_difference) >= 0.005
    or abs(adjustments_difference) >= 0.005
    or abs(writeoffs_difference) >= 0.005
    or abs(patient_income_difference) >= 0.005
    or abs(unearned_income_difference) >= 0.005
    or abs(insurance_income_difference) >= 0.005
