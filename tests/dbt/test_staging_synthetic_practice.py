"""The staging layer on the tiny synthetic practice, end to end: `mdc load` copies it into a private raw
schema, then `dbt build` of the sources, seeds and staging views must pass with no failure and no warning,
and every staging view must hold exactly the rows of its raw table.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from mdc.dbt_runner import PROJECT_DIR, dbt_environment, dbt_executable, ensure_profile
from testdb import SERVER_URL, database_url, server_connection

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("staging_synthetic")]

SELECTION = ["source:opendental", "source:mdc_loader", "path:models/staging", "path:seeds/opendental"]


@dataclass(frozen=True)
class Pipeline:
    """One loaded and built copy of the tiny practice."""

    raw: str
    dbt: str
    run_results: dict[str, Any]

    @property
    def staging(self) -> str:
        """dbt's staging database (`<MDC_DBT_SCHEMA>_staging`)."""
        return f"{self.dbt}_staging"


def _run(command: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=1200)


@pytest.fixture(scope="module")
def pipeline(
    tiny_practice: str, make_module_database: Callable[[str], str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Pipeline]:
    """Load the tiny practice with `mdc load`, then build the staging layer with dbt."""
    raw, dbt = make_module_database("stgraw"), make_module_database("stgdbt")
    work = tmp_path_factory.mktemp("staging")
    env = {
        **os.environ,
        "MDC_SOURCE_URL": database_url(tiny_practice),
        "MDC_SOURCE_REPLICA_URL": "",
        "MDC_WAREHOUSE_URL": SERVER_URL,
        "MDC_RAW_SCHEMA": raw,
        "MDC_DBT_SCHEMA": dbt,
        "MDC_PHI_HASH_KEY": "",
        "MDC_CATALOGUE": "",
        "MDC_STATE_DIR": str(work / "state"),
    }
    try:
        mdc = str(Path(sys.executable).with_name("mdc"))
        load = _run([mdc, "load", "--no-progress"], env, PROJECT_DIR.parent)
        assert load.returncode == 0, load.stdout[-4000:] + load.stderr[-4000:]
        ensure_profile()
        build = _run(
            [
                dbt_executable(),
                "build",
                "--select",
                *SELECTION,
                "--indirect-selection",
                "cautious",
                "--target-path",
                str(work / "target"),
                "--log-path",
                str(work / "logs"),
            ],
            dbt_environment(env),
            PROJECT_DIR,
        )
        assert build.returncode == 0, build.stdout[-6000:]
        run_results = json.loads((work / "target" / "run_results.json").read_text())
        yield Pipeline(raw=raw, dbt=dbt, run_results=run_results)
    finally:
        with server_connection() as conn, conn.cursor() as cur:
            for name in (f"{raw}_staging", f"{dbt}_staging"):  # the loader's and dbt's work databases
                cur.execute(f"DROP DATABASE IF EXISTS `{name}`")


def test_build_passes_with_no_failures_and_no_warnings(pipeline: Pipeline) -> None:
    results = pipeline.run_results["results"]
    not_passed = {
        result["unique_id"]: result["status"]
        for result in results
        if result["status"] not in ("success", "pass")
    }
    assert not not_passed
    assert sum(result["unique_id"].startswith("model.") for result in results) == 57
    assert sum(result["unique_id"].startswith("seed.") for result in results) == len(
        list((PROJECT_DIR / "seeds" / "opendental").glob("*.csv"))
    )


def test_every_staging_view_holds_exactly_its_raw_rows(pipeline: Pipeline) -> None:
    """Staging filters nothing and the seed joins never multiply rows."""
    with server_connection() as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s"
            " AND table_name LIKE 'stg\\_opendental\\_\\_%%'",
            (pipeline.staging,),
        )
        views = sorted(row[0] for row in cur.fetchall())
        assert len(views) == 57
        counts = {}
        for view in views:
            table = view.removeprefix("stg_opendental__")
            cur.execute(
                f"SELECT (SELECT COUNT(*) FROM `{pipeline.raw}`.`{table}`),"
                f" (SELECT COUNT(*) FROM `{pipeline.staging}`.`{view}`)"
            )
            counts[table] = cur.fetchone()
    assert {table: raw for table, (raw, _) in counts.items()} == {
        table: staged for table, (_, staged) in counts.items()
    }
    assert counts["procedurelog"][0] > 0 and counts["claimproc"][0] > 0


def test_production_in_staging_matches_raw_to_the_cent(pipeline: Pipeline) -> None:
    """Completed production summed from staging equals the raw DOUBLEs rounded per procedure."""
    with server_connection() as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT SUM(procedure_fee * (unit_quantity + base_units))"
            f" FROM `{pipeline.staging}`.stg_opendental__procedurelog WHERE procedure_status = 'Complete'"
        )
        (staged,) = cur.fetchone()
        cur.execute(
            "SELECT SUM(CAST(ProcFee AS DECIMAL(15, 2)) * (UnitQty + BaseUnits))"
            f" FROM `{pipeline.raw}`.procedurelog WHERE ProcStatus = 2"
        )
        (raw,) = cur.fetchone()
    assert staged == raw and staged > 0
