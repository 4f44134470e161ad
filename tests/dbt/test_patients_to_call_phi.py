"""mart_patients_to_call shows the chart number and names only when the practice's PHI policy keeps them
(DECISIONLOG.md R5).

The tiny synthetic practice (whose converted patients carry chart numbers) is loaded with the default
catalogue: raw has no ChartNumber, LName, FName or Preferred column, and the list's chart_number and name
columns are NULL (od_source gives the declared columns raw lacks as NULL). Then the patient table is loaded
again with a catalogue (MDC_CATALOGUE) that keeps those columns: after a rebuild the list carries exactly
the source's values (blank as NULL).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from dbt_support import REPO_ROOT
from warehouse_support import Warehouse, module_warehouse

from testdb import database_url, server_connection

pytestmark = [pytest.mark.slow]

COLUMNS = {"ChartNumber": "chart_number", "LName": "last_name", "FName": "first_name",
           "Preferred": "preferred_name"}
KEEP = "[tables.patient.phi]\n" + "".join(f'{column} = "keep"\n' for column in COLUMNS)


@pytest.fixture(scope="module")
def warehouse(tiny_practice: str, make_module_database: Callable[[str], str],
              tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warehouse]:
    with module_warehouse(tiny_practice, make_module_database, tmp_path_factory.mktemp("calls"),
                          "callsdbt") as made:
        yield made


def _build(warehouse: Warehouse) -> list[dict[str, object]]:
    warehouse.dbt("build", "-s", "+mart_patients_to_call", "--exclude", "resource_type:test")
    with server_connection(warehouse.work.dbt_schema) as conn, conn.cursor() as cur:
        cur.execute("select patient_id, " + ", ".join(COLUMNS.values()) + " from mart_patients_to_call")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _raw_columns(warehouse: Warehouse) -> set[str]:
    with server_connection() as conn, conn.cursor() as cur:
        cur.execute("select column_name from information_schema.columns where table_schema = %s "
                    "and table_name = 'patient'", (warehouse.work.raw_schema,))
        return {row[0] for row in cur.fetchall()}


def test_chart_number_and_names_follow_the_phi_policy(warehouse: Warehouse, tmp_path: Path) -> None:
    warehouse.load()  # the default catalogue: these columns are dropped at the source
    assert set(COLUMNS) & _raw_columns(warehouse) == set()
    default = _build(warehouse)
    assert default, "the tiny practice should have patients to call"
    assert all(row[column] is None for row in default for column in COLUMNS.values())

    catalogue = tmp_path / "keep-names.toml"
    catalogue.write_text(KEEP, encoding="utf-8")
    env = {**warehouse.work.environment(), "MDC_SOURCE_URL": database_url(warehouse.source),
           "MDC_SOURCE_REPLICA_URL": "", "MDC_CATALOGUE": str(catalogue),
           "MDC_STATE_DIR": str(warehouse.state_dir)}
    command = [sys.executable, "-m", "mdc.cli", "load", "--no-progress", "--tables", "patient",
               "--full-refresh"]
    done = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    assert set(COLUMNS) <= _raw_columns(warehouse)
    kept = _build(warehouse)

    with server_connection(warehouse.source) as conn, conn.cursor() as cur:
        cur.execute("select PatNum, " + ", ".join(COLUMNS) + " from patient")
        source = {row[0]: row[1:] for row in cur.fetchall()}
    expected = {
        row["patient_id"]: {name: (value.strip() or None) if isinstance(value, str) else value
                            for name, value in zip(COLUMNS.values(), source[row["patient_id"]], strict=True)}
        for row in kept
    }
    assert {row["patient_id"]: {name: row[name] for name in COLUMNS.values()} for row in kept} == expected
    assert {row["patient_id"] for row in kept} == {row["patient_id"] for row in default}
    assert any(row["chart_number"] for row in kept) and all(row["last_name"] for row in kept)
