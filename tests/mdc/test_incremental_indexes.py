"""The `indexes:` config on an incremental model, in real dbt runs (create_incremental_indexes, applied to
every model as a post-hook in dbt_project.yml): the configured indexes exist after the first build, exactly
once after an incremental run, and again after --full-refresh, which rebuilds the table."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest
from dbt_support import DbtWork, not_clean, output_tail

from testdb import SERVER_URL, server_connection

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("dbt_incremental_indexes")]

MODEL = "fixture_indexed_incremental"
EXPECTED = {
    "ix_fixture_indexed_incremental__visit_number": (False, "visit_number"),
    "ix_fixture_indexed_incremental__patient_id__visit_date": (True, "patient_id,visit_date"),
    "ix_custom_incremental_visit_date": (True, "visit_date"),
}


@pytest.fixture(scope="module")
def work(
    make_module_database: Callable[[str], str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DbtWork]:
    made = DbtWork(tmp_path_factory.mktemp("incremental_indexes"), dbt_schema=make_module_database("ixinc"),
                   warehouse_url=SERVER_URL)
    yield made  # make_module_database drops the schema and its `_staging` companion


def run_model(work: DbtWork, *extra: str) -> None:
    fixtures = json.dumps({"mdc_fixture_tests": True})
    done = work.run("--warn-error", "run", "--select", MODEL, "--vars", fixtures, *extra)
    assert done.returncode == 0, output_tail(done)
    assert not_clean(work.artifact("run_results")) == []


def indexes(work: DbtWork) -> dict[str, tuple[bool, str]]:
    """Index name -> (non_unique, columns in order) of the fixture table, every index listed once."""
    with server_connection() as conn, conn.cursor() as cur:
        cur.execute(
            "select index_name, non_unique, group_concat(column_name order by seq_in_index) "
            "from information_schema.statistics where table_schema = %s and table_name = %s "
            "group by index_name, non_unique",
            (work.staging_schema, MODEL),
        )
        return {name: (bool(non_unique), columns) for name, non_unique, columns in cur.fetchall()}


def rows(work: DbtWork) -> list[tuple[int, int]]:
    with server_connection(work.staging_schema) as conn, conn.cursor() as cur:
        cur.execute(f"select visit_number, patient_id from {MODEL} order by visit_number")
        return [tuple(row) for row in cur.fetchall()]


def test_indexes_exist_after_build_incremental_run_and_full_refresh(work: DbtWork) -> None:
    run_model(work)
    assert rows(work) == [(1, 1), (2, 1)]
    assert indexes(work) == EXPECTED

    # An index nobody configured: it survives incremental runs, and --full-refresh drops it with the table.
    with server_connection(work.staging_schema) as conn, conn.cursor() as cur:
        cur.execute(f"create index ix_by_hand on {MODEL} (patient_id)")

    run_model(work)
    run_model(work)
    assert rows(work) == [(1, 1), (2, 1), (3, 2), (4, 2)], "the incremental runs did not add rows"
    assert indexes(work) == {**EXPECTED, "ix_by_hand": (True, "patient_id")}

    run_model(work, "--full-refresh")
    assert rows(work) == [(1, 1), (2, 1)], "--full-refresh did not rebuild the table"
    assert indexes(work) == EXPECTED
