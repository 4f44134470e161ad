{#- The load watermark of an incremental fact (DECISIONLOG F13): input rows
    loaded after it are new to the fact. The fact keeps `_loaded_at`, the
    load time of each row's own source row; the newest one was written by
    a load run, and the build that took it in ran after that whole run
    (loads and builds run one after the other), so every row that run or
    an earlier one wrote, in any table, is in: the watermark is the end of
    that run (`_mdc_load_runs`, the warehouse's clock, as `_loaded_at`).
    Without a finished run it is the newest `_loaded_at` itself; for an
    empty fact 1900-01-01. One row, one column `loaded_at`: the body of a
    `watermark` CTE in a rebuild hook. -#}
{% macro load_watermark(relation) %}
    {{- return(adapter.dispatch('load_watermark')(relation)) -}}
{% endmacro %}

{% macro default__load_watermark(relation) %}
    select
        coalesce(
            greatest(
                newest.loaded_at,
                coalesce(
                    (
                        select runs.finished_at
                        from {{ source('mdc_loader', '_mdc_load_runs') }} as runs
                        where runs.started_at <= newest.loaded_at
                        order by runs.started_at desc
                        limit 1
                    ),
                    newest.loaded_at
                )
            ),
            '1900-01-01'
        ) as loaded_at
    from (select max(_loaded_at) as loaded_at from {{ relation }}) as newest
{% endmacro %}
