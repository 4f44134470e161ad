with

source as (

    select * from {{ od_source('statementprod') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
production_type_codes as (

    select * from {{ ref('opendental__production_type') }}

),

renamed as (

    select
        -- ids
        source.StatementProdNum as statement_production_id,
        {{ od_nullif_zero('source.StatementNum') }} as statement_id,
        {{ od_nullif_zero('source.FKey') }} as production_item_id,
        {{ od_nullif_zero('source.LateChargeAdjNum') }}
            as late_charge_adjustment_id,
        {{ od_nullif_zero('source.DocNum') }} as document_id,

        -- codes
        source.ProdType as production_type_code,
        production_type_codes.label as production_type,

        -- metadata
        source._loaded_at

    from source
    left outer join production_type_codes
        on source.ProdType = production_type_codes.code

)

select * from renamed
