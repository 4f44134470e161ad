with

source as (

    select * from {{ od_source('operatory') }}

),

renamed as (

    select
        -- ids
        OperatoryNum as operatory_id,
        {{ od_nullif_zero('ProvDentist') }} as default_dentist_id,
        {{ od_nullif_zero('ProvHygienist') }} as default_hygienist_id,
        ClinicNum as clinic_id,
        {{ od_nullif_zero('OperatoryType') }} as operatory_type_def_id,

        -- strings
        {{ od_string('OpName') }} as operatory_name,
        {{ od_string('Abbrev') }} as abbreviation,

        -- numerics
        ItemOrder as item_order,

        -- booleans
        {{ od_bool('IsHidden') }} as is_hidden,
        {{ od_bool('IsHygiene') }} as is_hygiene,
        {{ od_bool('SetProspective') }} as is_prospective_operatory,
        {{ od_bool('IsWebSched') }} as is_web_sched,

        -- timestamps
        {{ od_datetime('DateTStamp') }} as source_updated_at,

        -- metadata
        _loaded_at

    from source

)

select * from renamed
