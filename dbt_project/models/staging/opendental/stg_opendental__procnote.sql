with

source as (

    select * from {{ od_source('procnote') }}

),

renamed as (

    select
        -- ids
        ProcNoteNum as procedure_note_id,
        {{ od_nullif_zero('PatNum') }} as patient_id,
        {{ od_nullif_zero('ProcNum') }} as procedure_id,
        {{ od_nullif_zero('UserNum') }} as user_id,

        -- timestamps
        {{ od_datetime('EntryDateTime') }} as created_at,

        -- metadata
        _loaded_at

    from source

)

select * from renamed
