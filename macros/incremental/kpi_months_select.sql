{#- Incremental by month, for int_kpis_monthly_rolled_up (DECISIONLOG.md,
    F16). int_kpi_month_fingerprints holds, for every month, a
    fingerprint of every input row the month's KPIs are computed from. The
    roll-up keeps the fingerprints it was last built from in
    `<model>__months` and rebuilds the months whose fingerprint differs
    (new, changed, or gone):
      pre-hook  kpi_months_prepare   <model>__months exists (empty: all)
      pre-hook  kpi_months_select    the months to build -> temporary table
                                     (kpi_months_rebuild_table); every
                                     current month on a full build
      pre-hook  kpi_months_delete    delete the stored rows of those months
      model     those months' rows (kpi_months_filter in every branch)
      post-hook kpi_months_record    <model>__months = the fingerprints seen
      post-hook kpi_months_restamp   the as-of columns of the kept months
      post-hook kpi_months_cleanup   drop the temporary table
    The list is filled on a full build too, so int_kpi_measures_by_cell
    (ephemeral, compiled without knowing the roll-up's mode) can always
    filter on it. -#}
{% macro kpi_months_select() -%}
    {%- set fingerprints = ref('int_kpi_month_fingerprints') -%}
    {%- set months = kpi_months_table() -%}
    create or replace temporary table {{ kpi_months_rebuild_table() }}
    (primary key (month_start_date))
    {% if is_incremental() -%}
        select current_months.month_start_date
        from {{ fingerprints }} as current_months
        left outer join {{ months }} as built_months
            on current_months.month_start_date = built_months.month_start_date
        where not (
            current_months.input_fingerprint <=> built_months.input_fingerprint
            and current_months.input_rows <=> built_months.input_rows
        )
        union
        select built_months.month_start_date
        from {{ months }} as built_months
        left outer join {{ fingerprints }} as current_months
            on built_months.month_start_date = current_months.month_start_date
        where current_months.month_start_date is null
    {%- else -%}
        select month_start_date from {{ fingerprints }}
    {%- endif -%}
{%- endmacro %}
