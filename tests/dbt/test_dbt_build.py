"""The whole pipeline on the tiny synthetic practice: `mdc load`, then a full `dbt build` (every model,
seed and test), then the data dictionary (`dbt docs generate`) and its website in headless Chromium.

This is the project's acceptance run: zero failures, zero warnings (dbt runs with --warn-error), every
column in the warehouse documented, and the docs site shows a model page with its columns.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from dbt_support import (
    REPO_ROOT,
    DbtWork,
    catalog_gaps,
    not_clean,
    output_tail,
    result_summary,
    undocumented_catalog_columns,
)

from testdb import SERVER_URL, database_url, server_connection

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("dbt_build")]

DOCS_MODEL = "model.mdc_analytics.stg_opendental__patient"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    # Virtual time runs the page's scripts (which fetch manifest.json and catalog.json) to completion
    # before the DOM is dumped, without waiting in real time.
    "--virtual-time-budget=30000",
]


@dataclass(frozen=True)
class Built:
    """The outcome of the module's load and build."""

    work: DbtWork
    build_returncode: int
    build_output: str
    build_seconds: float
    docs_returncode: int
    docs_output: str


@pytest.fixture(scope="module")
def built(
    tiny_practice: str, make_module_database: Callable[[str], str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Built]:
    """Load the tiny practice into a fresh raw schema and build the whole project on it."""
    folder = tmp_path_factory.mktemp("dbt_build")
    work = DbtWork(folder, dbt_schema=make_module_database("dbt"), raw_schema=make_module_database("raw"),
                   warehouse_url=SERVER_URL)
    try:
        load_env = {**work.environment(), "MDC_SOURCE_URL": database_url(tiny_practice),
                    "MDC_SOURCE_REPLICA_URL": "", "MDC_CATALOGUE": "", "MDC_STATE_DIR": str(folder / "state")}
        loaded = subprocess.run([sys.executable, "-m", "mdc.cli", "load", "--no-progress"], cwd=REPO_ROOT,
                                env=load_env, capture_output=True, text=True, check=False)
        assert loaded.returncode == 0, (loaded.stdout + loaded.stderr)[-4000:]

        started = time.monotonic()
        build = work.run("--warn-error", "build")
        seconds = time.monotonic() - started
        # The build already compiled everything; the catalog is what docs generate adds.
        docs = work.run("docs", "generate", "--no-compile")
        yield Built(work, build.returncode, output_tail(build), seconds, docs.returncode, output_tail(docs))
    finally:
        with server_connection() as conn, conn.cursor() as cur:
            for extra in (work.staging_schema, f"{work.raw_schema}_staging"):
                cur.execute(f"DROP DATABASE IF EXISTS `{extra}`")


def test_dbt_build_has_no_failures_and_no_warnings(built: Built) -> None:
    run_results = built.work.artifact("run_results")
    problems = not_clean(run_results)

    assert problems == [], "\n".join(problems)
    assert built.build_returncode == 0, built.build_output
    print(f"dbt build: {result_summary(run_results)} in {built.build_seconds:.0f} s")


def test_every_model_seed_and_test_was_built(built: Built) -> None:
    manifest = built.work.artifact("manifest")
    expected = {
        unique_id
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] in ("model", "seed", "test")
        and node["config"]["enabled"]
        and node["config"].get("materialized") != "ephemeral"
    }
    ran = {result["unique_id"] for result in built.work.artifact("run_results")["results"]}

    assert expected - ran == set()
    assert {node.split(".")[0] for node in expected} == {"model", "seed", "test"}


def test_every_warehouse_column_is_documented(built: Built) -> None:
    """catalog.json lists what exists in the warehouse; each column must be described in YAML."""
    assert built.docs_returncode == 0, built.docs_output
    manifest, catalog = built.work.artifact("manifest"), built.work.artifact("catalog")

    assert catalog_gaps(manifest, catalog) == []
    missing = undocumented_catalog_columns(manifest, catalog)
    assert missing == [], "columns in the warehouse without a description:\n" + "\n".join(missing)
    assert len(catalog["nodes"]) > 57 and len(catalog["sources"]) >= 57


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output free of one line per request."""


@pytest.fixture
def docs_site(built: Built) -> Iterator[str]:
    """The generated docs site (dbt's target folder, as `dbt docs serve` serves it) on a free port."""
    assert built.docs_returncode == 0, built.docs_output
    handler = functools.partial(_QuietHandler, directory=str(built.work.target))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    finally:
        server.shutdown()
        server.server_close()


def rendered_columns(dom: str) -> list[tuple[str, str]]:
    """(name, type) of each row of the Columns table on a rendered model page."""
    section = dom[dom.index('id="columns"'):]
    rows = re.findall(
        r'<tr[^>]*class="column-row[^"]*"[^>]*>\s*<td>\s*<div>\s*<span[^>]*>([^<]*)</span>.*?'
        r"<td>\s*<span[^>]*>(.*?)</span>",
        section,
        flags=re.S,
    )
    return [(name.strip(), re.sub(r"<[^>]+>", "", kind).strip()) for name, kind in rows]


def test_docs_site_shows_a_model_page_with_its_columns(built: Built, docs_site: str, tmp_path: Path) -> None:
    chromium = shutil.which("chromium")
    assert chromium, "chromium is missing: run `make browser` (Debian's chromium package)"
    page = f"{docs_site}#!/model/{DOCS_MODEL}"
    command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page]
    dumped = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    dom = re.sub(r"<script.*?</script>", "", dumped.stdout, flags=re.S)

    manifest_columns = list(built.work.artifact("manifest")["nodes"][DOCS_MODEL]["columns"])
    columns = rendered_columns(dom)
    assert sorted(name for name, _ in columns) == sorted(manifest_columns)
    # The types come from catalog.json, i.e. from the view as built in MariaDB.
    assert all(kind for _, kind in columns), columns
    assert "stg_opendental__patient" in dom


# Marts the dashboards read: incremental (a unique key per row; one per date) and table models.
PUBLISHED_MARTS = (
    "fct_ledger", "mart_ar_aging", "mart_production_income_daily", "mart_kpis_monthly_practice",
)


def reads_during(work: DbtWork, *dbt_args: str) -> tuple[int, list[str], subprocess.CompletedProcess[str]]:
    """Run dbt while another session reads every mart of PUBLISHED_MARTS in turn, as fast as it can.

    Returns (reads done, the errors seen, dbt's outcome). A read fails with "table doesn't exist" when a
    materialization leaves a moment without the mart (two renames, or a full refresh that drops or moves
    the table away before the new one is complete).
    """
    stop = threading.Event()
    reads = [0]
    errors: list[str] = []

    def poll() -> None:
        with server_connection(work.dbt_schema) as conn, conn.cursor() as cur:
            while not stop.is_set():
                for mart in PUBLISHED_MARTS:
                    try:
                        cur.execute(f"select count(*) from `{mart}`")
                        cur.fetchall()
                    except Exception as exc:  # noqa: BLE001 - every failed read is the finding
                        errors.append(f"{mart}: {exc}")
                    reads[0] += 1

    reader = threading.Thread(target=poll, daemon=True)
    reader.start()
    try:
        done = work.run(*dbt_args, "--select", " ".join(PUBLISHED_MARTS))
    finally:
        stop.set()
        reader.join(timeout=60)
    return reads[0], errors, done


@pytest.mark.parametrize("refresh", [["--full-refresh"], []], ids=["full-refresh", "nightly"])
def test_marts_are_never_missing_while_they_are_rebuilt(built: Built, refresh: list[str]) -> None:
    """Never half-published: during a rebuild every read finds the previous complete mart or the new one."""
    assert built.build_returncode == 0, built.build_output
    before = {mart: count_rows(built.work, mart) for mart in PUBLISHED_MARTS}
    reads, errors, done = reads_during(built.work, "run", *refresh)

    assert done.returncode == 0, output_tail(done)
    assert errors == []
    assert reads > 4 * len(PUBLISHED_MARTS), "the reader barely ran: the test proves nothing"
    assert {mart: count_rows(built.work, mart) for mart in PUBLISHED_MARTS} == before
    with server_connection() as conn, conn.cursor() as cur:
        cur.execute("select table_name from information_schema.tables where table_schema = %s "
                    "and (table_name like '%%dbt_backup' or table_name like '%%dbt_tmp')",
                    (built.work.dbt_schema,))
        assert cur.fetchall() == ()


def count_rows(work: DbtWork, mart: str) -> int:
    return count_rows_in(work.dbt_schema, mart)


def messages(work: DbtWork) -> dict[str, str]:
    """The last dbt run's result message per node name."""
    return {result["unique_id"].split(".")[2]: result["message"]
            for result in work.artifact("run_results")["results"]}


def test_unchanged_views_and_seeds_are_left_alone(built: Built) -> None:
    """A view or seed whose definition is the one the last build made is not rebuilt (DECISIONLOG F14):
    no DDL, no truncate and reload; a changed definition, a missing view or --full-refresh rebuilds it."""
    assert built.build_returncode == 0, built.build_output
    work = built.work
    nodes = ("config.materialized:view", "resource_type:seed")
    seed_rows = count_rows_in(work.staging_schema, "opendental__procedure_status")

    done = work.run("build", "--select", *nodes, "--exclude", "resource_type:test")
    assert done.returncode == 0, output_tail(done)
    first = messages(work)
    assert len(first) > 100 and set(first.values()) == {"UNCHANGED"}
    assert count_rows_in(work.staging_schema, "opendental__procedure_status") == seed_rows > 0

    # a new definition (as after a deploy) and a view dropped by hand
    with server_connection(work.staging_schema) as conn, conn.cursor() as cur:
        cur.execute("update _mdc_model_state set inputs_fingerprint = 'changed' "
                    "where model_name in ('stg_opendental__patient', 'opendental__procedure_status')")
        cur.execute("drop view stg_opendental__appointment")
    done = work.run("build", "--select", *nodes, "--exclude", "resource_type:test")
    assert done.returncode == 0, output_tail(done)
    second = messages(work)
    rebuilt = {name for name, message in second.items() if message != "UNCHANGED"}
    assert rebuilt == {
        "stg_opendental__patient", "opendental__procedure_status", "stg_opendental__appointment",
    }
    assert count_rows_in(work.staging_schema, "opendental__procedure_status") == seed_rows
    assert count_rows_in(work.staging_schema, "stg_opendental__appointment") > 0

    done = work.run("build", "--full-refresh", "--select", *nodes, "--exclude", "resource_type:test")
    assert done.returncode == 0, output_tail(done)
    assert "UNCHANGED" not in messages(work).values()


def count_rows_in(schema: str, table: str) -> int:
    with server_connection(schema) as conn, conn.cursor() as cur:
        cur.execute(f"select count(*) from `{table}`")
        (count,) = cur.fetchone()
        return int(count)
