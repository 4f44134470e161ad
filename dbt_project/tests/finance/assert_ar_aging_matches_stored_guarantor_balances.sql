{#-
    At the practice's DateLastAging, mart_ar_aging should equal, to the cent
    and for every family, the aging OpenDental stored on the guarantor's
    patient row. A warning, not an error (docs/dbt.md, "Test severity"): it
    compares our ledger with a figure the practice's own database stores, and
    OpenDental's stored aging goes stale or wrong on real databases (an aging
    run interrupted, balances edited by hand), which is the practice's data,
    not our logic. The families and amounts are reported by mart_data_quality
    (check stored_aging_differs_from_ledger), and no mart is skipped. The
    ledger itself is guarded by the error-level
    assert_ledger_totals_match_source_tables.
-#}
{{ config(severity='warn') }}

select
    guarantor_id,
    bal_0_30_difference,
    bal_31_60_difference,
    bal_61_90_difference,
    bal_over_90_difference,
    bal_total_difference,
    insurance_estimate_difference
from {{ ref('int_stored_aging_differences') }}
