"""mart_patient_features is point-in-time: a past month end's row does not change when the practice
moves on (DECISIONLOG.md R2-R3).

The tiny synthetic practice is loaded and built (as of its own last day, 2026-10-31), then advanced by
ten days (new visits, breaks, payments, deletions, completed treatment), loaded and rebuilt as of
2026-11-10. Every row of the first build must be unchanged, column for column, except labels that were
NULL (their period still open) and may fill in. Then, as of 2026-12-01, the nightly (incremental) build
must equal a --full-refresh build.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from warehouse_support import Warehouse, module_warehouse, row_differences

from testdb import database_url, server_connection

pytestmark = [pytest.mark.slow]

MODELS = "+mart_patient_features"
FIRST_AS_OF, SECOND_AS_OF, THIRD_AS_OF = "2026-10-31", "2026-11-10", "2026-12-01"
LABELS = ("no_show_next_90_days", "lapsed_next_18_months", "accepted_treatment_next_90_days")


@pytest.fixture(scope="module")
def warehouse(tiny_practice: str, make_module_database: Callable[[str], str],
              tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warehouse]:
    with module_warehouse(tiny_practice, make_module_database, tmp_path_factory.mktemp("features"),
                          "featdbt") as made:
        yield made


def _features(warehouse: Warehouse) -> dict[tuple[Any, ...], dict[str, Any]]:
    with server_connection(warehouse.work.dbt_schema) as conn, conn.cursor() as cur:
        cur.execute("select * from mart_patient_features")
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    return {(row["patient_id"], row["as_of_date"]): row for row in rows}


def _build(warehouse: Warehouse, as_of: str) -> None:
    warehouse.load()
    warehouse.dbt("build", "-s", MODELS, "--exclude", "resource_type:test", "--vars",
                  json.dumps({"practice_as_of_date": as_of}))


def test_past_month_ends_do_not_change_when_the_practice_moves_on(warehouse: Warehouse) -> None:
    from synth import advance_practice

    _build(warehouse, FIRST_AS_OF)
    before = _features(warehouse)
    assert before, "the tiny practice should have patient features"
    assert max(key[1] for key in before).isoformat() == "2026-09-30"  # 10-31 is the as-of day
    visited = [row for row in before.values() if row["visits_last_12_months"]]
    assert visited and any(row["no_show_appointments"] for row in before.values())

    report = advance_practice(database_url(warehouse.source), 10)
    assert sum(report.inserted.values()) > 0
    _build(warehouse, SECOND_AS_OF)
    after = _features(warehouse)

    assert set(before) < set(after)  # 2026-10-31 is described once its day is over
    changed = []
    for key, old in before.items():
        new = after[key]
        for column, value in old.items():
            if new[column] != value and not (column in LABELS and value is None):
                changed.append((key, column, value, new[column]))
    assert changed == []
    # A label may only fill in once its period is over, never before.
    for (_, as_of_date), row in after.items():
        if as_of_date.isoformat() > "2026-08-12":  # + 90 days is after 2026-11-10
            assert row["no_show_next_90_days"] is None
            assert row["accepted_treatment_next_90_days"] is None


def test_a_nightly_build_as_the_as_of_date_moves_equals_a_full_rebuild(
        warehouse: Warehouse, make_module_database: Callable[[str], str]) -> None:
    """As of 2026-12-01 the month end 2026-11-30 is newly over and 2026-08-31's 90-day labels come due
    for every patient (DECISIONLOG F18): the nightly build writes those month ends and the changed
    patients only, and equals a --full-refresh build row for row."""
    vars_ = ("--vars", json.dumps({"practice_as_of_date": THIRD_AS_OF}))
    results = warehouse.dbt("run", "-s", "int_practice_as_of_date", "mart_patient_features", *vars_)
    written, = [int(result["adapter_response"]["rows_affected"]) for result in results["results"]
                if result["unique_id"].endswith(".mart_patient_features")]
    total, = warehouse.rows("select count(*) from mart_patient_features")
    assert 0 < written < total[0] / 2, (written, total)
    due = warehouse.rows("select count(*) from mart_patient_features where as_of_date = '2026-08-31'"
                         " and no_show_next_90_days is not null")
    assert due[0][0] > 0

    copy = make_module_database("featnight")
    with server_connection(copy) as conn, conn.cursor() as cur:
        cur.execute(f"create table mart_patient_features as select * from "
                    f"`{warehouse.work.dbt_schema}`.mart_patient_features")
    warehouse.dbt("run", "-s", "mart_patient_features", "--full-refresh", *vars_)
    assert row_differences(warehouse, copy, warehouse.work.dbt_schema, "mart_patient_features") == ([], [])
