with

source as (

    select * from {{ od_source('inssub') }}

),

renamed as (

    select
        -- ids
        InsSubNum as insurance_subscriber_id,
        {{ od_nullif_zero('PlanNum') }} as insurance_plan_id,
        {{ od_nullif_zero('Subscriber') }} as subscriber_patient_id,
        {{ od_nullif_zero('SecUserNumEntry') }} as created_by_user_id,

        -- booleans
        {{ od_bool('ReleaseInfo') }} as is_release_of_information_signed,
        {{ od_bool('AssignBen') }} as is_benefits_assigned,

        -- dates
        {{ od_date('DateEffective') }} as effective_date,
        {{ od_date('DateTerm') }} as term_date,
        {{ od_date('SecDateEntry') }} as created_date,

        -- timestamps
        {{ od_datetime('SecDateTEdit') }} as source_updated_at,

        -- metadata
        _loaded_at

    from source

)

select * from renamed
