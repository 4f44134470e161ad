{#-
    Every check defined in the seed data_quality__checks has at least one row
    in mart_data_quality, even when it found nothing: a check that silently
    stopped running would look like a clean practice. Guards our logic: an
    error.
-#}
with

checks as (

    select * from {{ ref('data_quality__checks') }}

),

reported as (

    select distinct check_name from {{ ref('mart_data_quality') }}

)

select checks.check_name
from checks
left outer join reported
    on checks.check_name = reported.check_name
where reported.check_name is null
