{#- This project's is_incremental(). "Global changes are global"
    (DECISIONLOG F11, docs/dbt.md).

    An incremental model recomputes only the keys whose rows changed. Some
    inputs change the meaning of every row at once: a definition hidden, a
    preference, a fee schedule, a code lookup, or the model's own logic.
    Such a change must rebuild the model in full, as --full-refresh does.

    Every incremental model of this project carries a fingerprint of
      - the content of its `global_inputs` (model config: a list of model or
        seed names, or dicts {'name', 'columns', 'where'}, or {'var': name}):
        row count and the sum of the CRC32 of every row's columns, and
      - its logic: the file checksums of the model and of every model and
        seed upstream of it.
    The fingerprint of the last build is stored in `_mdc_model_state` in the
    model's schema. When the current one differs (or none is stored), the
    run is a full rebuild: is_incremental() (this macro) is false, so
    the model's SQL and hooks take their full-build branch, and the
    incremental materialization builds and publishes atomically, as with
    --full-refresh. -#}

{% macro is_incremental() %}
    {#- dbt's is_incremental(), false as well when a global rebuild is due.
        The root project's macro replaces dbt's for every model, so existing
        `is_incremental()` tests in models and hooks need no change. -#}
    {%- if not dbt.is_incremental() -%}
        {{ return(false) }}
    {%- endif -%}
    {{ return(not mdc_global_rebuild_due()) }}
{% endmacro %}
