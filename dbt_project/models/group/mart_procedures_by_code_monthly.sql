{#-
    Procedures compared across practices by their ADA code: one row per
    month x practice x procedure code (D0120, D1110, ...) with completed
    procedures. A CodeNum means nothing outside its practice (the same
    number is another code elsewhere), so the code string is looked up in
    the practice's own dim_procedure_code, joined on
    (practice_id, procedure_code_id), and the result is grouped by that
    string (NULL for a CodeNum the practice's code list lacks). Group
    totals per code: sum over practices. A view like the rest of the group
    layer: it aggregates the practices' fct_procedures when read.
-#}
with

procedures as (

    select * from {{ ref('group_fct_procedures') }}
    where is_completed

),

codes as (

    select * from {{ ref('group_dim_procedure_code') }}

),

final as (

    select
        procedures.practice_id,
        cast(
            {{ dbt.date_trunc('month', 'procedures.procedure_date') }}
            as date
        ) as month_start_date,
        codes.procedure_code,
        min(codes.procedure_description) as procedure_description,
        count(*) as completed_procedures,
        sum(procedures.production_amount) as production_amount
    from procedures
    left outer join codes
        on
            procedures.practice_id = codes.practice_id
            and procedures.procedure_code_id = codes.procedure_code_id
    group by 1, 2, 3

)

select * from final
