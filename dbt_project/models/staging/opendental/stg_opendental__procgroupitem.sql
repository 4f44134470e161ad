with

source as (

    select * from {{ od_source('procgroupitem') }}

),

renamed as (

    select
        -- ids
        ProcGroupItemNum as procedure_group_item_id,
        {{ od_nullif_zero('ProcNum') }} as procedure_id,
        {{ od_nullif_zero('GroupNum') }} as group_procedure_id,

        -- metadata
        _loaded_at

    from source

)

select * from renamed
