with

source as (

    select * from {{ od_source('treatplanattach') }}

),

renamed as (

    select
        -- ids
        TreatPlanAttachNum as treatment_plan_attachment_id,
        {{ od_nullif_zero('TreatPlanNum') }} as treatment_plan_id,
        {{ od_nullif_zero('ProcNum') }} as procedure_id,
        {{ od_nullif_zero('Priority') }} as treatment_priority_def_id,

        -- metadata
        _loaded_at

    from source

)

select * from renamed
