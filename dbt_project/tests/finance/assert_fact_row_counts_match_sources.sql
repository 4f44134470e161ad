{#-
    No fan-out and no loss: every fact and dimension has exactly one row per
    row of the raw OpenDental table it is built from (dimensions: plus their
    "none" member, provider 0 / clinic 0, when OpenDental has no such row).
    Returns the models whose count differs.
-#}
with

model_counts as (

    select
        'fct_procedures' as model_name,
        count(*) as counted_rows
    from {{ ref('fct_procedures') }}

    union all

    select
        'fct_adjustments' as model_name,
        count(*) as counted_rows
    from {{ ref('fct_adjustments') }}

    union all

    select
        'fct_patient_payments' as model_name,
        count(*) as counted_rows
    from {{ ref('fct_patient_payments') }}

    union all

    select
        'fct_claim_procedures' as model_name,
        count(*) as counted_rows
    from {{ ref('fct_claim_procedures') }}

    union all

    select
        'fct_insurance_payments' as model_name,
        count(*) as counted_rows
    from {{ ref('fct_insurance_payments') }}

    union all

    select
        'fct_claims' as model_name,
        count(*) as counted_rows
    from {{ ref('fct_claims') }}

    union all

    select
        'dim_patient' as model_name,
        count(*) as counted_rows
    from {{ ref('dim_patient') }}

    union all

    select
        'dim_procedure_code' as model_name,
        count(*) as counted_rows
    from {{ ref('dim_procedure_code') }}

    union all

    select
        'dim_insurance_plan' as model_name,
        count(*) as counted_rows
    from {{ ref('dim_insurance_plan') }}

    union all

    select
        'dim_provider' as model_name,
        count(*) as counted_rows
    from {{ ref('dim_provider') }}

    union all

    select
        'dim_clinic' as model_name,
        count(*) as counted_rows
    from {{ ref('dim_clinic') }}

),

source_counts as (

    select
        'fct_procedures' as model_name,
        count(*) as counted_rows
    from {{ source('opendental', 'procedurelog') }}

    union all

    select
        'fct_adjustments' as model_name,
        count(*) as counted_rows
    from {{ source('opendental', 'adjustment') }}

    union all

    select
        'fct_patient_payments' as model_name,
        count(*) as counted_rows
    from {{ source('opendental', 'paysplit') }}

    union all

    select
        'fct_claim_procedures' as model_name,
        count(*) as counted_rows
    from {{ source('opendental', 'claimproc') }}

    union all

    select
        'fct_insurance_payments' as model_name,
        count(*) as counted_rows
    from {{ source('opendental', 'claimproc') }}
    where Status in (1, 4)

    union all

    select
        'fct_claims' as model_name,
        count(*) as counted_rows
    from {{ source('opendental', 'claim') }}

    union all

    select
        'dim_patient' as model_name,
        count(*) as counted_rows
    from {{ source('opendental', 'patient') }}

    union all

    select
        'dim_procedure_code' as model_name,
        count(*) as counted_rows
    from {{ source('opendental', 'procedurecode') }}

    union all

    select
        'dim_insurance_plan' as model_name,
        count(*) as counted_rows
    from {{ source('opendental', 'insplan') }}

    union all

    select
        'dim_provider' as model_name,
        count(*) as counted_rows
    from {{ source('opendental', 'provider') }}

    union all

    select
        'dim_clinic' as model_name,
        count(*) as counted_rows
    from {{ source('opendental', 'clinic') }}

    union all

    select
        'dim_provider' as model_name,
        1 as counted_rows
    from dual
    where
        not exists (
            select providers.ProvNum
            from {{ source('opendental', 'provider') }} as providers
            where providers.ProvNum = 0
        )

    union all

    select
        'dim_clinic' as model_name,
        1 as counted_rows
    from dual
    where
        not exists (
            select clinics.ClinicNum
            from {{ source('opendental', 'clinic') }} as clinics
            where clinics.ClinicNum = 0
        )

),

expected as (

    select
        model_name,
        sum(counted_rows) as counted_rows
    from source_counts
    group by model_name

),

compared as (

    select
        expected.model_name,
        expected.counted_rows as source_rows,
        coalesce(model_counts.counted_rows, 0) as model_rows
    from expected
    left outer join model_counts
        on expected.model_name = model_counts.model_name

)

select * from compared
where model_rows != source_rows
