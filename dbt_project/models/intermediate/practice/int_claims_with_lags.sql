{#-
    One row per claim sent to insurance, with its turnaround: days from service
    to the first send (DateSentOrig, else DateSent) and from that send to the
    first finalized insurance payment (the earliest check date of an insurance
    payment attached to one of its received or supplemental claim procedures).
    Preauthorizations and capitation claims are not billed for payment and are
    left out; so are claims never sent.
-#}
with

claims as (

    select * from {{ ref('fct_claims') }}
    where claim_type_code in ('P', 'S', 'Other')

),

insurance_payments as (

    select * from {{ ref('fct_insurance_payments') }}
    where is_finalized

),

first_payments as (

    select
        claim_id,
        min(check_date) as first_paid_date

    from insurance_payments
    where claim_id is not null
    group by claim_id

),

claims_dated as (

    select
        claims.claim_id,
        claims.patient_id,
        claims.treating_provider_id as provider_id,
        claims.clinic_id,
        claims.claim_type_code,
        claims.service_date,
        first_payments.first_paid_date,
        coalesce(claims.original_sent_date, claims.sent_date) as sent_date

    from claims
    left outer join first_payments
        on claims.claim_id = first_payments.claim_id

),

final as (

    select
        *,
        cast({{ dbt.date_trunc('month', 'sent_date') }} as date) as sent_month,
        cast({{ dbt.date_trunc('month', 'first_paid_date') }} as date)
            as paid_month,
        {{ dbt.datediff('service_date', 'sent_date', 'day') }}
            as days_service_to_sent,
        {{ dbt.datediff('sent_date', 'first_paid_date', 'day') }}
            as days_sent_to_paid

    from claims_dated
    where sent_date is not null

)

select * from final
