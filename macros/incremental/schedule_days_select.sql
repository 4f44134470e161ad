{#- Incremental by schedule day, for the schedule-utilization chain
    (DECISIONLOG.md, R6). int_schedule_day_fingerprints holds, for every day,
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
