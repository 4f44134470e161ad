{#- Incremental by schedule day, for the schedule-utilization chain
    (DECISIONLOG.md, R5). int_schedule_day_fingerprints holds, for every day,
    a fingerprint of everything that day's slots and utilization are
    computed from. Each model of the chain keeps the fingerprints it was
    last built from in `<model>__days` and, on an incremental run, rebuilds
    the days whose fingerprint differs (new, changed, or gone):
      pre-hook  schedule_days_prepare   <model>__days exists (empty: every day)
      pre-hook  schedule_days_select    the days to rebuild -> temporary
                                        table <model>__rebuild
      pre-hook  schedule_days_delete    delete the stored rows of those days
      model     those days' rows (filtered on <model>__rebuild)
      post-hook schedule_days_record    <model>__days = the fingerprints
                                        this build saw
      post-hook schedule_days_cleanup   drop the temporary table
    Called from the hook strings at run time, when is_incremental() and
    {{ this }} are known. Every hook is one statement. -#}

{% macro schedule_days_table() -%}
    {{ this.schema }}.{{ this.identifier }}__days
{%- endmacro %}

{% macro schedule_days_rebuild_table() -%}
    {{ this.schema }}.{{ this.identifier }}__rebuild
{%- endmacro %}

{% macro schedule_days_prepare() -%}
    {%- if is_incremental() -%}
        create table if not exists {{ schedule_days_table() }} (
            schedule_date date not null primary key,
            input_fingerprint decimal(30, 0)
        )
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{% macro schedule_days_select() -%}
    {%- set fingerprints = ref('int_schedule_day_fingerprints') -%}
    {%- set days = schedule_days_table() -%}
    create or replace temporary table {{ schedule_days_rebuild_table() }}
    (primary key (schedule_date))
    {% if is_incremental() -%}
        select current_days.schedule_date
        from {{ fingerprints }} as current_days
        left outer join {{ days }} as built_days
            on current_days.schedule_date = built_days.schedule_date
        where not (
            current_days.input_fingerprint <=> built_days.input_fingerprint
        )
        union
        select built_days.schedule_date
        from {{ days }} as built_days
        left outer join {{ fingerprints }} as current_days
            on built_days.schedule_date = current_days.schedule_date
        where current_days.schedule_date is null
    {%- else -%}
        select cast(null as date) as schedule_date from dual where false
    {%- endif -%}
{%- endmacro %}

{% macro schedule_days_delete(date_column) -%}
    {%- if is_incremental() -%}
        {#- the delete list names the target in full: MariaDB resolves an
            alias there in the default database, which dbt's connection
            does not have -#}
        delete {{ this }}
        from {{ this }}
        inner join {{ schedule_days_rebuild_table() }} as rebuild
            on {{ this }}.{{ date_column }} = rebuild.schedule_date
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{% macro schedule_days_record() -%}
    create or replace table {{ schedule_days_table() }}
    (primary key (schedule_date))
    select schedule_date, input_fingerprint
    from {{ ref('int_schedule_day_fingerprints') }}
{%- endmacro %}

{% macro schedule_days_cleanup() -%}
    drop temporary table if exists {{ schedule_days_rebuild_table() }}
{%- endmacro %}

{% macro schedule_days_filter(date_expression) -%}
    {#- a where-condition on the model's input: only the days to rebuild on
        an incremental run, every day otherwise -#}
    {%- if is_incremental() -%}
        {{ date_expression }} in (
            select schedule_date from {{ schedule_days_rebuild_table() }}
        )
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}
