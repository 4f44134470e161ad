{#-
    No fan-out and no loss: every fact and dimension has exactly one row per
    row of the raw OpenDental table it is built from (dimensions: plus their "none"
    member, provider 0 / clinic 0, when OpenDental has no such row).
    Returns the models whose count differs.
-#}
with

counts as (

    select
        'fct_procedures' as model_name,
        (select count(*) from {{ ref('fct_procedures') }}) as model_rows,
        (select count(*) from {{ source('opendental', 'procedurelog') }})
            as source_rows

    union all

    select
        'fct_adjustments',
        (select count(*) from {{ ref('fct_adjustments') }}),
        (select count(*) from {{ source('opendental', 'adjustment') }})

    union all

    select
        'fct_patient_payments',
        (select count(*) from {{ ref('fct_patient_payments') }}),
        (select count(*) from {{ source('opendental', 'paysplit') }})

    union all

    select
        'fct_claim_procedures',
        (select count(*) from {{ ref('fct_claim_procedures') }}),
        (select count(*) from {{ source('opendental', 'claimproc') }})

    union all

    select
        'fct_insurance_payments',
        (select count(*) from {{ ref('fct_insurance_payments') }}),
        (
            select count(*) from {{ source('opendental', 'claimproc') }}
            where Status in (1, 4)
        )

    union all

    select
        'fct_claims',
        (select count(*) from {{ ref('fct_claims') }}),
        (select count(*) from {{ source('opendental', 'claim') }})

    union all

    select
        'dim_patient',
        (select count(*) from {{ ref('dim_patient') }}),
        (select count(*) from {{ source('opendental', 'patient') }})

    union all

    select
        'dim_provider',
        (select count(*) from {{ ref('dim_provider') }}),
        (select count(*) from {{ source('opendental', 'provider') }})
        + (
            select count(*) = 0 from {{ source('opendental', 'provider') }}
            where ProvNum = 0
        )

    union all

    select
        'dim_clinic',
        (select count(*) from {{ ref('dim_clinic') }}),
        (select count(*) from {{ source('opendental', 'clinic') }})
        + (
            select count(*) = 0 from {{ source('opendental', 'clinic') }}
            where ClinicNum = 0
        )

    union all

    select
        'dim_procedure_code',
        (select count(*) from {{ ref('dim_procedure_code') }}),
        (select count(*) from {{ source('opendental', 'procedurecode') }})

    union all

    select
        'dim_insurance_plan',
        (select count(*) from {{ ref('dim_insurance_plan') }}),
        (select count(*) from {{ source('opendental', 'insplan') }})

)

select * from counts
where model_rows != source_rows
