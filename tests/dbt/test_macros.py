"""The project's macros, run on MariaDB: cleaning macros (od_*), cross-database shims, generic tests and
the `indexes:` support. One dbt build per module, in a throwaway schema:

- the singular tests in dbt_project/tests/macros/ call each macro on inputs with known answers and
  return the cases whose value is wrong (they also run in every `dbt build`);
- the fixture models in models/macro_tests/ (enabled by the var mdc_fixture_tests) carry planted
  defects, and each generic test must find exactly the planted number of bad rows;
- the indexed fixture table must have exactly the indexes its config asks for.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from dbt_support import PROJECT_DIR, DbtWork, not_clean, output_tail

from testdb import SERVER_URL, server_connection

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("dbt_macros")]

MACRO_TESTS_DIR = PROJECT_DIR / "tests" / "macros"


@pytest.fixture(scope="module")
def work(
    make_module_database: Callable[[str], str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DbtWork]:
    """A dbt schema of its own (dropped afterwards with its `_staging` companion)."""
    made = DbtWork(tmp_path_factory.mktemp("macros"), dbt_schema=make_module_database("macros"),
                   warehouse_url=SERVER_URL)
    yield made  # make_module_database drops the schema and its `_staging` companion


@pytest.fixture(scope="module")
def build(work: DbtWork) -> dict[str, Any]:
    """Run results of building the fixtures and running every macro test (warnings are errors)."""
    done = work.run("--warn-error", "build", "--select", "path:models/macro_tests", "path:tests/macros",
                    "--vars", json.dumps({"mdc_fixture_tests": True}))
    results = work.artifact("run_results")
    results["output"] = output_tail(done)
    results["returncode"] = done.returncode
    return results


def test_build_is_clean(build: dict[str, Any]) -> None:
    assert not_clean(build) == [], build["output"]
    assert build["returncode"] == 0, build["output"]


def test_every_macro_value_test_ran_and_passed(build: dict[str, Any]) -> None:
    files = {path.stem for path in MACRO_TESTS_DIR.glob("assert_*.sql")}
    ran = {
        result["unique_id"].split(".")[2]: result
        for result in build["results"]
        if result["unique_id"].startswith("test.mdc_analytics.assert_")
    }

    assert set(ran) == files
    outcomes = {name: (result["status"], result["failures"]) for name, result in ran.items()}
    assert outcomes == dict.fromkeys(files, ("pass", 0))


def test_generic_tests_find_exactly_the_planted_defects(build: dict[str, Any], work: DbtWork) -> None:
    """Each generic test on the fixture returns exactly its planted number of failing rows (0 if none).

    The count comes from running the test's compiled SQL again, not from dbt's verdict: the YAML's
    error_if/warn_if "!=N" thresholds make dbt pass only on N rows, and this re-checks N itself.
    """
    manifest = work.artifact("manifest")
    counted: dict[str, int] = {}
    planted: dict[str, int] = {}
    with server_connection() as conn, conn.cursor() as cur:
        for result in build["results"]:
            node = manifest["nodes"][result["unique_id"]]
            if not any(parent.endswith(".fixture_generic_tests") for parent in node["depends_on"]["nodes"]):
                continue
            cur.execute(f"SELECT COUNT(*) FROM ({node['compiled_code']}) AS failing_rows")
            counted[node["name"]] = cur.fetchone()[0]
            threshold = re.fullmatch(r"!=(\d+)", node["config"]["error_if"])
            planted[node["name"]] = int(threshold.group(1)) if threshold else 0

    for macro in ("expression_is_true", "unique_combination_of_columns", "accepted_range"):
        assert any(name.startswith(macro) for name in counted), f"no {macro} test ran"
    assert sum(1 for rows in planted.values() if rows > 0) >= 6
    assert counted == planted


def test_indexes_config_creates_the_configured_indexes(build: dict[str, Any], work: DbtWork) -> None:
    with server_connection() as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT index_name, non_unique, GROUP_CONCAT(column_name ORDER BY seq_in_index) "
            "FROM information_schema.statistics "
            "WHERE table_schema = %s AND table_name = 'fixture_indexed_table' "
            "GROUP BY index_name, non_unique",
            (work.staging_schema,),
        )
        indexes = {name: (bool(non_unique), columns) for name, non_unique, columns in cur.fetchall()}

    prefix = "ix_fixture_indexed_table__patient_id__visit_date__"
    long_name = next(name for name in indexes if name.startswith(prefix))
    assert len(long_name) == 64
    assert indexes == {
        "ix_fixture_indexed_table__patient_id": (True, "patient_id"),
        "ix_fixture_indexed_table__patient_id__visit_date": (False, "patient_id,visit_date"),
        "ix_custom_visit_date": (True, "visit_date"),
        long_name: (True, "patient_id,visit_date,a_long_column_name_for_hashing"),
    }


def test_fixture_models_stay_out_of_a_normal_build(work: DbtWork) -> None:
    """Without the var, the fixtures are disabled: a practice's warehouse never gets them."""
    listing = DbtWork(work.folder / "listing", dbt_schema=work.dbt_schema, warehouse_url=SERVER_URL)
    done = listing.run("ls", "--resource-type", "model", "--select", "path:models/macro_tests",
                       "--output", "name")

    assert done.returncode == 0, output_tail(done)
    assert "fixture_" not in done.stdout
