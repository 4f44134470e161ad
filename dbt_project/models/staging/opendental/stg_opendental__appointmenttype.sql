with

source as (

    select * from {{ od_source('appointmenttype') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
required_procedure_codes_needed_codes as (

    select * from {{ ref('opendental__required_procedure_codes_needed') }}

),

renamed as (

    select
        -- ids
        source.AppointmentTypeNum as appointment_type_id,

        -- strings
        {{ od_string('source.AppointmentTypeName') }} as appointment_type_name,
        {{ od_string('source.Pattern') }} as pattern,
        {{ od_string('source.CodeStr') }} as procedure_codes,
        {{ od_string('source.CodeStrRequired') }} as required_procedure_codes,
        {{ od_string('source.BlockoutTypes') }} as blockout_type_def_ids,

        -- numerics
        source.ItemOrder as item_order,

        -- codes
        source.RequiredProcCodesNeeded as required_procedure_codes_needed_code,
        required_procedure_codes_needed_codes.label
            as required_procedure_codes_needed,

        -- booleans
        {{ od_bool('source.IsHidden') }} as is_hidden,

        -- metadata
        source._loaded_at

    from source
    left outer join required_procedure_codes_needed_codes
        on
            source.RequiredProcCodesNeeded
            = required_procedure_codes_needed_codes.code

)

select * from renamed
