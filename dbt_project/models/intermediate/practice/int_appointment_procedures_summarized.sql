{#-
    One row per appointment that has procedures attached: how many, and how many
    carry a hygiene code (procedurecode.IsHygiene). Deleted procedures (status
    6) never count; OpenDental detaches them anyway (AptNum = 0).
-#}
with

procedures as (

    select * from {{ ref('stg_opendental__procedurelog') }}
    where
        appointment_id is not null
        and procedure_status_code <> 6

),

procedure_codes as (

    select * from {{ ref('stg_opendental__procedurecode') }}

),

summarized as (

    select
        procedures.appointment_id,
        count(*) as procedure_count,
        sum(
            case when procedure_codes.is_hygiene then 1 else 0 end
        ) as hygiene_procedure_count,
        group_concat(
            distinct procedure_codes.procedure_code
            order by procedure_codes.procedure_code
            separator ', '
        ) as procedure_codes

    from procedures
    left outer join procedure_codes
        on procedures.procedure_code_id = procedure_codes.procedure_code_id
    group by procedures.appointment_id

)

select * from summarized
