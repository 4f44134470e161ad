with

source as (

    select * from {{ od_source('statement') }}

),

{# Code labels come from static seeds: the one join staging allows. #}
statement_mode_codes as (

    select * from {{ ref('opendental__statement_mode') }}

),

statement_type_codes as (

    select * from {{ ref('opendental__statement_type') }}

),

auto_comm_status_codes as (

    select * from {{ ref('opendental__auto_comm_status') }}

),

limited_custom_family_codes as (

    select * from {{ ref('opendental__limited_custom_family') }}

),

renamed as (

    select
        -- ids
        source.StatementNum as statement_id,
        {{ od_nullif_zero('source.PatNum') }} as patient_id,
        {{ od_nullif_zero('source.DocNum') }} as document_id,
        {{ od_nullif_zero('source.SuperFamily') }} as super_family_id,

        -- strings
        {{ od_string('source.ShortGUID') }} as short_guid,
        {{ od_string('source.StatementShortURL') }} as statement_short_url,
        {{ od_string('source.StatementURL') }} as statement_url,

        -- numerics
        {{ od_money('source.InsEst') }} as insurance_estimate,
        {{ od_money('source.BalTotal') }} as balance_total,

        -- codes
        source.Mode_ as statement_mode_code,
        statement_mode_codes.label as statement_mode,
        {{ od_string('source.StatementType') }} as statement_type_code,
        statement_type_codes.label as statement_type,
        source.SmsSendStatus as sms_send_status_code,
        auto_comm_status_codes.label as sms_send_status,
        source.LimitedCustomFamily as limited_custom_family_code,
        limited_custom_family_codes.label as limited_custom_family,

        -- booleans
        {{ od_bool('source.HidePayment') }} as is_payment_hidden,
        {{ od_bool('source.SinglePatient') }} as is_single_patient,
        {{ od_bool('source.Intermingled') }} as is_intermingled,
        {{ od_bool('source.IsSent') }} as is_sent,
        {{ od_bool('source.IsReceipt') }} as is_receipt,
        {{ od_bool('source.IsInvoice') }} as is_invoice,
        {{ od_bool('source.IsInvoiceCopy') }} as is_invoice_copy,
        {{ od_bool('source.IsBalValid') }} as is_balance_valid,

        -- dates
        {{ od_date('source.DateSent') }} as sent_date,
        {{ od_date('source.DateRangeFrom') }} as range_start_date,
        -- OpenDental writes a year of 2200 or later for open-ended
        case
            when extract(year from source.DateRangeTo) < 2200
                then {{ od_date('source.DateRangeTo') }}
        end
            as range_end_date,

        -- timestamps
        {{ od_datetime('source.DateTStamp') }} as source_updated_at,

        -- metadata
        source._loaded_at

    from source
    left outer join statement_mode_codes
        on source.Mode_ = statement_mode_codes.code
    left outer join statement_type_codes
        on {{ od_string('source.StatementType') }} = statement_type_codes.code
    left outer join auto_comm_status_codes
        on source.SmsSendStatus = auto_comm_status_codes.code
    left outer join limited_custom_family_codes
        on source.LimitedCustomFamily = limited_custom_family_codes.code

)

select * from renamed
