"""Helpers for the tests that run dbt: isolated runs, run results, documentation coverage.

Every run gets its own target and log folders (pytest's tmp paths), so tests on different xdist
workers never share ``dbt_project/target``, and its own MDC_* databases, so they never share tables.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mdc.dbt_runner import PROJECT_DIR, dbt_environment, dbt_executable, ensure_profile
from testdb import database_url, server_connection

REPO_ROOT = PROJECT_DIR.parent
MACROS_DIR = REPO_ROOT / "macros"


@dataclass(frozen=True)
class DbtWork:
    """Where one test module's dbt runs go, and which databases they use."""

    folder: Path
    dbt_schema: str
    raw_schema: str = "opendental_raw_unused"
    warehouse_url: str = ""

    @property
    def target(self) -> Path:
        """dbt's target folder (manifest.json, run_results.json, catalog.json, index.html)."""
        return self.folder / "target"

    @property
    def staging_schema(self) -> str:
        """The database dbt puts staging views, ephemeral helpers' tables and seeds in."""
        return f"{self.dbt_schema}_staging"

    def environment(self) -> dict[str, str]:
        """The environment ``mdc dbt`` would give dbt, pointed at this work's databases and folders."""
        base = {**os.environ, "MDC_DBT_SCHEMA": self.dbt_schema, "MDC_RAW_SCHEMA": self.raw_schema}
        if self.warehouse_url:
            base["MDC_WAREHOUSE_URL"] = self.warehouse_url
        env = dbt_environment(base)
        env["DBT_TARGET_PATH"] = str(self.target)
        env["DBT_LOG_PATH"] = str(self.folder / "logs")
        return env

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run ``dbt <args>`` in dbt_project/ (as ``mdc dbt`` does); never raises on dbt's exit code."""
        ensure_profile()
        return subprocess.run(
            [dbt_executable(), *args],
            cwd=PROJECT_DIR,
            env=self.environment(),
            capture_output=True,
            text=True,
            check=False,
        )

    def artifact(self, name: str) -> dict[str, Any]:
        """A JSON artifact from the target folder (manifest, run_results, catalog)."""
        loaded: dict[str, Any] = json.loads((self.target / f"{name}.json").read_text())
        return loaded


def output_tail(done: subprocess.CompletedProcess[str], chars: int = 6000) -> str:
    """The end of a dbt run's output, for assertion messages."""
    return (done.stdout + done.stderr)[-chars:]


def result_summary(run_results: dict[str, Any]) -> dict[str, int]:
    """Count of results per status (success, pass, fail, error, warn, skipped)."""
    counts: dict[str, int] = {}
    for result in run_results["results"]:
        counts[result["status"]] = counts.get(result["status"], 0) + 1
    return counts


def not_clean(run_results: dict[str, Any]) -> list[str]:
    """Every result that is not a plain success or pass, with dbt's message: must be empty."""
    return [
        f"{result['unique_id']}: {result['status']} ({result.get('message') or ''})".strip()
        for result in run_results["results"]
        if result["status"] not in ("success", "pass")
    ]


# ---------------------------------------------------------------------------------------------
# Documentation coverage
# ---------------------------------------------------------------------------------------------

DOCUMENTED_RESOURCES = ("model", "seed", "snapshot")


def undocumented_resources(manifest: dict[str, Any]) -> list[str]:
    """Every enabled model, seed, source table or column (as declared in YAML) without a description."""
    missing: list[str] = []
    entries = [
        node for node in manifest["nodes"].values() if node["resource_type"] in DOCUMENTED_RESOURCES
    ] + list(manifest["sources"].values())
    for entry in entries:
        if not entry.get("description", "").strip():
            missing.append(entry["unique_id"])
        for column_name, column in entry.get("columns", {}).items():
            if not column.get("description", "").strip():
                missing.append(f"{entry['unique_id']}.{column_name}")
    return sorted(missing)


def models_without_yaml(manifest: dict[str, Any]) -> list[str]:
    """Models and seeds (enabled or disabled) that no YAML file describes."""
    nodes = list(manifest["nodes"].values())
    nodes += [node for versions in manifest.get("disabled", {}).values() for node in versions]
    return sorted(
        node["unique_id"]
        for node in nodes
        if node["resource_type"] in DOCUMENTED_RESOURCES and not node.get("patch_path")
    )


def undocumented_catalog_columns(manifest: dict[str, Any], catalog: dict[str, Any]) -> list[str]:
    """Columns that exist in the warehouse (catalog.json) but have no description in the manifest.

    Compared case-insensitively: MariaDB reports column names as created, YAML may differ in case.
    """
    missing: list[str] = []
    documented = {**manifest["nodes"], **manifest["sources"]}
    for section in ("nodes", "sources"):
        for unique_id, entry in catalog[section].items():
            declared = {
                name.lower(): column
                for name, column in documented.get(unique_id, {}).get("columns", {}).items()
            }
            for column_name in entry["columns"]:
                column = declared.get(column_name.lower())
                if column is None or not column.get("description", "").strip():
                    missing.append(f"{unique_id}.{column_name}")
    return sorted(missing)


def catalog_gaps(manifest: dict[str, Any], catalog: dict[str, Any]) -> list[str]:
    """Models, seeds and sources the manifest lists but the warehouse catalog lacks (not built)."""
    expected = [
        unique_id
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] in ("model", "seed") and node["config"]["materialized"] != "ephemeral"
    ]
    # A source marked ``meta: {optional: true}`` may be absent (a raw schema from an older loader).
    expected += [unique_id for unique_id, source in manifest["sources"].items()
                 if not source.get("meta", {}).get("optional")]
    present = set(catalog["nodes"]) | set(catalog["sources"])
    return sorted(unique_id for unique_id in expected if unique_id not in present)


# ---------------------------------------------------------------------------------------------
# Macros
# ---------------------------------------------------------------------------------------------

MACRO_DEFINITION = re.compile(r"{%-?\s*(macro|test|materialization)\s+(\w+)")


def macro_definitions(path: Path) -> list[tuple[str, str]]:
    """(kind, name) of every macro, test or materialization defined in a .sql file."""
    return MACRO_DEFINITION.findall(path.read_text())


def macro_files() -> list[Path]:
    """Every .sql file under the macro paths (../macros and dbt_project/macros)."""
    folders = [MACROS_DIR, PROJECT_DIR / "macros"]
    return sorted(path for folder in folders if folder.exists() for path in folder.rglob("*.sql"))


@dataclass
class Warehouse:
    """The module's source database, raw schema and dbt schemas, and how to run the pipeline."""

    source: str
    work: DbtWork
    state_dir: Path

    def load(self) -> None:
        """``mdc load`` the source into the raw schema (incremental after the first run)."""
        env = {**self.work.environment(), "MDC_SOURCE_URL": database_url(self.source),
               "MDC_SOURCE_REPLICA_URL": "", "MDC_CATALOGUE": "", "MDC_STATE_DIR": str(self.state_dir)}
        done = subprocess.run([sys.executable, "-m", "mdc.cli", "load", "--no-progress"], cwd=REPO_ROOT,
                              env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]

    def dbt(self, *args: str) -> dict[str, Any]:
        """Run dbt; fail on any error or failing test; return run_results.json."""
        done = self.work.run(*args)
        assert done.returncode == 0, output_tail(done)
        results = self.work.artifact("run_results")
        assert not_clean(results) == [], not_clean(results)
        return results

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """All rows of ``sql`` run in the marts' database."""
        with server_connection(self.work.dbt_schema) as conn, conn.cursor() as cur:
            cur.execute(sql, params)
            return list(cur.fetchall())

    def compiled_test(self, name: str, folder: str = "finance") -> str:
        """The SQL dbt compiled for a singular test (in ``dbt_project/tests/<folder>``) in the last run."""
        compiled = self.work.target / "compiled" / "mdc_analytics" / "tests" / folder
        return (compiled / f"{name}.sql").read_text()


def checksums(warehouse: Warehouse, only: Collection[str] = ()) -> dict[str, tuple[int, int]]:
    """(rows, sum of row CRC32s over every column) of every model table (fct_, dim_, mart_, int_) of the
    warehouse, or of the tables named in ``only``: equal checksums = the same rows (to CRC32 collisions)."""
    result = {}
    for schema in (warehouse.work.dbt_schema, warehouse.work.staging_schema):
        tables = [row[0] for row in warehouse.rows(
            "select table_name from information_schema.tables where table_schema = %s "
            "and table_type = 'BASE TABLE' and (table_name like 'fct\\_%%' or table_name like 'dim\\_%%' "
            "or table_name like 'mart\\_%%' or table_name like 'int\\_%%')", (schema,))]
        for table in tables:
            if only and table not in only:
                continue
            columns = [row[0] for row in warehouse.rows(
                "select column_name from information_schema.columns where table_schema = %s "
                "and table_name = %s order by ordinal_position", (schema, table))]
            row_text = ", ".join(f"coalesce(cast(`{column}` as char), '<null>')" for column in columns)
            (count, total), = warehouse.rows(
                f"select count(*), coalesce(sum(crc32(concat_ws('|', {row_text}))), 0) "
                f"from `{schema}`.`{table}`")
            result[f"{schema}.{table}"] = (int(count), int(total))
    return result
