"""The finance marts on the tiny synthetic practice: reconciliation, write-off options, history and
incremental builds.

One module-scoped warehouse: the synthetic practice (``tiny_practice``) loaded by ``mdc load`` and
the finance models built by dbt. The reconciliation itself lives in dbt singular tests
(``dbt_project/tests/finance``); here they are run, for each write-off option, and their figures
(cells compared, largest difference) are computed from the compiled test SQL. Two checks need
Python: the aging at a past month end against an independent historical aging computed from the
source tables (with the synthetic practice's own bucketing, ``synth.aging.FamilyAging``),
and an incremental build after ``advance_practice`` + ``mdc load`` (with a backdated hard delete)
against a ``--full-refresh`` build, compared table by table through row checksums.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from warehouse_support import Warehouse, backdate_changes, checksums, module_warehouse

from synth.aging import FamilyAging
from testdb import database_url, server_connection

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("finance_marts")]

# The finance marts and what they read, plus the stored-aging comparison the finance tests read
# (its other child is mart_data_quality, outside this module).
FINANCE_MODELS = "+marts.finance +int_stored_aging_differences"
FINANCE_TESTS = ("marts.finance", "intermediate.finance", "path:tests/finance")
PI_TEST = "assert_production_income_matches_opendental_report"
COMPILED_TESTS = Path("compiled") / "mdc_analytics" / "tests" / "finance"
PI_MEASURES = ("gross_production", "adjustments", "writeoffs", "patient_income", "unearned_income",
               "insurance_income")


@pytest.fixture(scope="module")
def warehouse(tiny_practice: str, make_module_database: Callable[[str], str],
              tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warehouse]:
    """The tiny practice loaded and its finance models built (seeds, staging, intermediate, marts)."""
    with module_warehouse(tiny_practice, make_module_database, tmp_path_factory.mktemp("finance"),
                          "fin") as built:
        built.load()
        built.dbt("build", "-s", FINANCE_MODELS, "--resource-type", "seed", "model")
        yield built


def compiled_test(warehouse: Warehouse, name: str) -> str:
    """The SQL dbt compiled for a singular finance test in the last run."""
    return (warehouse.work.target / COMPILED_TESTS / f"{name}.sql").read_text()


def production_income_figures(warehouse: Warehouse) -> tuple[int, Decimal]:
    """(cells compared, largest difference in any measure) of the last P&I reconciliation run."""
    sql = compiled_test(warehouse, PI_TEST)
    body = sql[: sql.rindex("select * from differences")]
    differences = ", ".join(f"abs({measure}_difference)" for measure in PI_MEASURES)
    rows = warehouse.rows(
        body + f"select count(*), coalesce(max(greatest({differences})), 0) from differences")
    cells, difference = rows[0]
    return int(cells), Decimal(str(difference))


def test_reconciliation_and_model_tests_pass(warehouse: Warehouse) -> None:
    """Every generic and singular finance test passes, and the reconciliations compared real data."""
    results = warehouse.dbt("test", "-s", *FINANCE_TESTS, "--indirect-selection", "cautious")
    ran = {result["unique_id"].split(".")[2] for result in results["results"]}
    assert {PI_TEST, "assert_ar_aging_matches_stored_guarantor_balances",
            "assert_ledger_totals_match_source_tables", "assert_fact_row_counts_match_sources"} <= ran

    cells, difference = production_income_figures(warehouse)
    guarantors, largest = warehouse.rows("""
        select count(*), coalesce(max(abs(bal_total)), 0) from mart_ar_aging where is_date_last_aging""")[0]
    print(f"P&I: {cells} day x provider x clinic cells, largest difference {difference * 100:.4f} cents; "
          f"aging at DateLastAging: {guarantors} families with a balance (largest {largest})")
    assert cells > 100 and difference < Decimal("0.005")
    assert guarantors > 10


@pytest.mark.parametrize("option", [1, 2])
def test_each_writeoff_option_matches_opendentals_report(warehouse: Warehouse, option: int) -> None:
    """With the var set, `writeoffs` follows the option and still equals OpenDental's report.

    Leaves the P&I mart built with the option; later steps rebuild it as they need it.
    """
    variables = json.dumps({"writeoff_dating": option})
    warehouse.dbt("build", "-s", "mart_production_income_daily", PI_TEST, "--vars", variables,
                  "--indirect-selection", "cautious")
    cells, difference = production_income_figures(warehouse)
    print(f"write-off option {option}: {cells} cells, largest difference {difference * 100:.4f} cents")
    assert cells > 100 and difference < Decimal("0.005")

    (in_use, chosen, by_proc_date, by_claim_date, pay_vs_proc, proc_vs_claim), = warehouse.rows("""
        select max(writeoff_option), sum(writeoffs), sum(writeoffs_proc_date), sum(writeoffs_claim_date),
               sum(writeoffs_ins_pay_date != writeoffs_proc_date),
               sum(writeoffs_proc_date != writeoffs_claim_date)
        from mart_production_income_daily""")
    assert in_use == option
    assert chosen == (by_proc_date if option == 1 else by_claim_date)
    # The three datings put write-offs on different days here, so the test tells them apart.
    assert pay_vs_proc > 10 and proc_vs_claim > 10


def test_writeoff_option_defaults_to_the_practice_preference(warehouse: Warehouse) -> None:
    """Without the var, the mart reads ReportsPPOwriteoffDefaultToProcDate from the data at run time.

    The preference is set to 1 in raw (not the synthetic practice's 0) for one build, then restored.
    """
    preference = f"`{warehouse.work.raw_schema}`.preference"
    where = "where PrefName = 'ReportsPPOwriteoffDefaultToProcDate'"
    (original,), = warehouse.rows(f"select ValueString from {preference} {where}")
    assert original != "1"
    try:
        warehouse.rows(f"update {preference} set ValueString = '1' {where}")
        warehouse.dbt("run", "-s", "mart_production_income_daily")
    finally:
        warehouse.rows(f"update {preference} set ValueString = %s {where}", (original,))
    assert warehouse.rows("select distinct writeoff_option, writeoff_option_name "
                          "from mart_production_income_daily") == [(1, "procedure date")]


def historical_aging(database: str, as_of: dt.date) -> dict[int, tuple[int, ...]]:
    """Each family's aging as of a past date, from the source tables, in cents.

    Historical: transactions dated after ``as_of`` are left out (also from the total), and an
    insurance estimate is pending when its procedure date is on or before ``as_of`` and the claim
    procedure was not received by then (NotReceived, or Received with DateCP after ``as_of``).
    """
    families: dict[int, FamilyAging] = defaultdict(FamilyAging)
    blank = dt.date.min
    with server_connection(database) as conn, conn.cursor() as cur:
        cur.execute("SELECT PatNum, Guarantor FROM patient")
        guarantor_of = dict(cur.fetchall())

        def add(pat_num: int, day: Any, amount: Any) -> None:
            day = day if isinstance(day, dt.date) else blank
            if day <= as_of:
                families[guarantor_of.get(pat_num, pat_num)].add(day, round(float(amount) * 100), as_of)

        cur.execute("SELECT PatNum, ProcDate, ProcFee * (UnitQty + BaseUnits) FROM procedurelog "
                    "WHERE ProcStatus = 2 AND ProcFee <> 0")
        for row in cur.fetchall():
            add(*row)
        cur.execute("""
            SELECT cp.PatNum, cp.DateCP, cp.Status, cp.InsPayAmt, cp.WriteOff, cp.InsPayEst, cp.PayPlanNum,
                   cp.ProcDate
            FROM claimproc cp LEFT JOIN procedurelog p ON p.ProcNum = cp.ProcNum
            WHERE cp.Status IN (0, 1, 4, 5, 7) AND (cp.ProcNum = 0 OR p.ProcStatus = 2)""")
        for pat_num, day, status, paid, writeoff, estimate, payplan, proc_date in cur.fetchall():
            if status != 0:
                add(pat_num, day, -(0 if payplan else float(paid)) - float(writeoff))
            received_later = status == 1 and isinstance(day, dt.date) and day > as_of
            proc_day = proc_date if isinstance(proc_date, dt.date) else blank
            if (status == 0 or received_later) and proc_day <= as_of:
                family = families[guarantor_of.get(pat_num, pat_num)]
                family.ins_est += round(float(estimate) * 100) + round(float(writeoff) * 100)
        cur.execute("SELECT PatNum, AdjDate, AdjAmt FROM adjustment WHERE AdjAmt <> 0")
        for row in cur.fetchall():
            add(*row)
        cur.execute("""
            SELECT ps.PatNum, ps.DatePay, -ps.SplitAmt FROM paysplit ps
            LEFT JOIN definition d ON d.DefNum = ps.UnearnedType
            WHERE ps.PayPlanNum = 0 AND (ps.UnearnedType = 0 OR COALESCE(d.ItemValue, '') = '')""")
        for row in cur.fetchall():
            add(*row)
        cur.execute("SELECT PatNum, PayPlanDate, -CompletedAmt FROM payplan WHERE PlanNum = 0")
        for row in cur.fetchall():
            add(*row)
    return {guarantor: (*aging.buckets(), aging.total, aging.ins_est)
            for guarantor, aging in families.items()
            if any(aging.buckets()) or aging.total or aging.ins_est}


def test_aging_at_a_past_month_end_matches_an_independent_historical_aging(warehouse: Warehouse) -> None:
    as_of_dates = [row[0] for row in warehouse.rows(
        "select distinct as_of_date from mart_ar_aging where is_month_end order by 1")]
    assert len(as_of_dates) >= 5
    # a month end in the middle of the history, and the month end with the most A/R over 90 days (the
    # practice chases old balances, so in six months few of them get that old)
    (most_over_90,) = warehouse.rows("""
        select as_of_date from mart_ar_aging where is_month_end group by as_of_date
        order by sum(bal_over_90) desc, as_of_date limit 1""")
    over_90 = 0
    for as_of in sorted({as_of_dates[len(as_of_dates) // 2], most_over_90[0]}):
        expected = historical_aging(warehouse.source, as_of)
        mart = {row[0]: tuple(round(value * 100) for value in row[1:]) for row in warehouse.rows("""
            select guarantor_id, bal_0_30, bal_31_60, bal_61_90, bal_over_90, bal_total, insurance_estimate
            from mart_ar_aging where as_of_date = %s""", (as_of,))}

        assert mart == expected
        assert len(mart) > 10
        over_90 += sum(values[3] for values in mart.values())
        print(f"aging as of {as_of}: {len(mart)} families equal to the independent historical aging")
    assert over_90 > 0, "no balance over 90 days"


def test_incremental_build_after_a_new_day_equals_a_full_refresh(warehouse: Warehouse) -> None:
    """advance_practice + mdc load + incremental dbt run gives the same tables as --full-refresh."""
    from synth import advance_practice

    # Earlier tests of the module built with other write-off vars: a global change, after which the
    # next run rebuilds P&I in full (F11). Settle it first, as the previous night would have.
    warehouse.dbt("run", "-s", FINANCE_MODELS)
    before = {row[0]: row[1] for row in warehouse.rows(
        "select as_of_date, sum(bal_total) from mart_ar_aging group by as_of_date")}
    ledger_rows, = warehouse.rows("select count(*) from fct_ledger")[0]
    daily_rows, = warehouse.rows("select count(*) from mart_production_income_daily")[0]

    report = advance_practice(database_url(warehouse.source), 1)
    pay_num, adj_num = backdate_changes(warehouse.source)
    warehouse.load()
    results = warehouse.dbt("run", "-s", FINANCE_MODELS)
    incremental = checksums(warehouse)

    rebuilt = {result["unique_id"].split(".")[-1]: result["adapter_response"].get("rows_affected", 0)
               for result in results["results"]}
    assert 0 < rebuilt["fct_ledger"] < ledger_rows, "the ledger should rebuild only the changed patients"
    # P&I rebuilds the dates whose entries changed: the new day and the deleted payment's and
    # adjustment's dates, not the history.
    assert 0 < rebuilt["mart_production_income_daily"] < daily_rows / 4, rebuilt
    assert warehouse.rows(
        "select count(*) from fct_ledger where (source_table = 'paysplit' and payment_id = %s)"
        " or (source_table = 'adjustment' and source_id = %s)", (pay_num, adj_num)) == [(0,)]
    after = {row[0]: row[1] for row in warehouse.rows(
        "select as_of_date, sum(bal_total) from mart_ar_aging group by as_of_date")}
    changed_history = [day for day in before if day in after and after[day] != before[day] and day.day > 27]
    assert changed_history, "the backdated deletes should change past month-end balances"

    warehouse.dbt("test", "-s", "path:tests/finance")
    # after a partial build the reconciliation tests compare what changed: months with a rebuilt
    # day, patients with rewritten entries
    assert "report_date between" in compiled_test(warehouse, PI_TEST)
    assert "scope._built_at = '" in compiled_test(warehouse, "assert_ledger_totals_match_source_tables")
    warehouse.dbt("test", "-s", "path:tests/finance", "--vars", "full_check: true")  # make check
    assert "report_date between" not in compiled_test(warehouse, PI_TEST)
    assert "scope._built_at" not in compiled_test(warehouse, "assert_ledger_totals_match_source_tables")
    warehouse.dbt("run", "-s", FINANCE_MODELS, "--full-refresh")
    refreshed = checksums(warehouse)

    assert sum(report.inserted.values()) > 0
    assert len(incremental) >= 20
    assert incremental == refreshed


def aging_rows(warehouse: Warehouse) -> set[tuple[Any, ...]]:
    """Every row of mart_ar_aging."""
    return set(warehouse.rows("select * from mart_ar_aging"))


def move_to_own_family(database: str) -> int:
    """Make a family member with completed procedures the guarantor of a new family of their own (their
    whole history leaves the old family); return the patient."""
    with server_connection(database) as conn, conn.cursor() as cur:
        cur.execute("""SELECT p.PatNum FROM patient p
                       WHERE p.Guarantor <> p.PatNum AND EXISTS (
                           SELECT 1 FROM procedurelog pl WHERE pl.PatNum = p.PatNum AND pl.ProcStatus = 2)
                       ORDER BY p.PatNum LIMIT 1""")
        (pat_num,), = cur.fetchall()
        cur.execute("UPDATE patient SET Guarantor = PatNum WHERE PatNum = %s", (pat_num,))
    return int(pat_num)


def test_nightly_aging_recomputes_only_the_changed_families(warehouse: Warehouse) -> None:
    """A night computes the new as-of dates and, for the families whose ledger changed, the as-of dates
    from the change on; not every family from the first changed date on, as an aging incremental by
    as-of date did. Then equals a --full-refresh of the aging, row for row. The night also has a
    backdated hard delete and a patient moved to a family of their own."""
    from synth import advance_practice

    advance_practice(database_url(warehouse.source), 1)
    pay_num, adj_num = backdate_changes(warehouse.source)
    moved = move_to_own_family(warehouse.source)
    (first_changed_day,), = warehouse.rows(
        "select min(event_date) from fct_ledger where (source_table = 'paysplit' and payment_id = %s)"
        " or (source_table = 'adjustment' and source_id = %s)", (pay_num, adj_num))
    warehouse.load()
    results = warehouse.dbt("run", "-s", FINANCE_MODELS)
    computed = {result["unique_id"].split(".")[-1]: result["adapter_response"].get("rows_affected", 0)
                for result in results["results"]}["mart_ar_aging"]
    nightly = aging_rows(warehouse)
    # an aging by as-of date recomputes every family on every as-of date from the first changed day
    by_date = sum(1 for row in nightly if row[0] >= first_changed_day)
    families, dates = (len({row[i] for row in nightly}) for i in (1, 0))
    print(f"nightly aging: {computed} rows computed of {len(nightly)} ({families} families x {dates} as-of"
          f" dates); {by_date} rows on the as-of dates since the backdated change ({first_changed_day})")

    assert 0 < computed < by_date / 3
    assert warehouse.rows("select distinct guarantor_id from fct_ledger where patient_id = %s",
                          (moved,)) == [(moved,)]
    warehouse.dbt("run", "-s", "mart_ar_aging", "--full-refresh")
    assert aging_rows(warehouse) == nightly
