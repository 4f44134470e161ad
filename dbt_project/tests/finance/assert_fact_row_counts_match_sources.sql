{#-
    No fan-out and no loss: every fact and dimension has exactly one row per
    row of the staging model it is built from (dimensions: plus their "none"
    member, provider 0 / clinic 0, when OpenDental has no such row).
    Returns the models whose count differs.
-#}
with

counts as (

    select
        'fct_procedures' as model_name,
        (select count(*) from {{ ref('fct_procedures') }}) as model_rows,
        (select count(*) from {{ ref('stg_opendental__procedurelog') }})
            as source_rows

    union all

    select
        'fct_adjustments',
        (select count(*) from {{ ref('fct_adjustments') }}),
        (select count(*) from {{ ref('stg_opendental__adjustment') }})

    union all

    select
        'fct_patient_payments',
        (select count(*) from {{ ref('fct_patient_payments') }}),
        (select count(*) from {{ ref('stg_opendental__paysplit') }})

    union all

    select
        'fct_claim_procedures',
        (select count(*) from {{ ref('fct_claim_procedures') }}),
        (select count(*) from {{ ref('stg_opendental__claimproc') }})

    union all

    select
        'fct_insurance_payments',
        (select count(*) from {{ ref('fct_insurance_payments') }}),
        (
            select count(*) from {{ ref('stg_opendental__claimproc') }}
            where claim_procedure_status_code in (1, 4)
        )

    union all

    select
        'fct_claims',
        (select count(*) from {{ ref('fct_claims') }}),
        (select count(*) from {{ ref('stg_opendental__claim') }})

    union all

    select
        'dim_patient',
        (select count(*) from {{ ref('dim_patient') }}),
        (select count(*) from {{ ref('stg_opendental__patient') }})

    union all

    select
        'dim_provider',
        (select count(*) from {{ ref('dim_provider') }}),
        (select count(*) from {{ ref('stg_opendental__provider') }})
        + (
            select count(*) = 0 from {{ ref('stg_opendental__provider') }}
            where provider_id = 0
        )

    union all

    select
        'dim_clinic',
        (select count(*) from {{ ref('dim_clinic') }}),
        (select count(*) from {{ ref('stg_opendental__clinic') }})
        + (
            select count(*) = 0 from {{ ref('stg_opendental__clinic') }}
            where clinic_id = 0
        )

    union all

    select
        'dim_procedure_code',
        (select count(*) from {{ ref('dim_procedure_code') }}),
        (select count(*) from {{ ref('stg_opendental__procedurecode') }})

    union all

    select
        'dim_insurance_plan',
        (select count(*) from {{ ref('dim_insurance_plan') }}),
        (select count(*) from {{ ref('stg_opendental__insplan') }})

)

select * from counts
where model_rows != source_rows
