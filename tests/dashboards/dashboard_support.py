"""Constants and helpers shared by the dashboard tests."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pymysql.cursors
import pytest
from sqlalchemy.engine import make_url

from testdb import SERVER_URL, server_connection

REPO = Path(__file__).resolve().parents[2]
DASHBOARDS = REPO / "dashboards"
APP = DASHBOARDS / "app.py"
PASSWORD = "correct horse battery staple"

# The app imports its modules by plain name, as Streamlit runs it (the script's folder is on sys.path).
if str(DASHBOARDS) not in sys.path:
    sys.path.insert(0, str(DASHBOARDS))

# The month the overview opens on: the last complete month in which anything happened (dashboards/queries.py,
# data_period). Months between the practice's last activity and its as-of date are complete but empty.
DEFAULT_MONTH_SQL = (
    "select max(month_start_date) from mart_kpis_monthly_practice where rollup_level = 'practice' "
    "and is_complete_month and (gross_production <> 0 or collections <> 0 or visits <> 0)"
)

# Local iteration: reuse an already built dbt schema instead of building the demo practice.
REUSE_VARIABLE = "MDC_TEST_DASHBOARD_SCHEMA"
# The same for the group fixture: an already built group schema (GroupWarehouse.build).
GROUP_REUSE_VARIABLE = "MDC_TEST_DASHBOARD_GROUP_SCHEMA"


@dataclass
class DemoWarehouse:
    """The demo practice's source, raw and dbt databases on the test server."""

    source: str
    raw: str
    marts: str

    def environment(self) -> dict[str, str]:
        """The MDC_* variables that point every command at these databases."""
        return {
            "MDC_SOURCE_URL": make_url(SERVER_URL).set(database=self.source or "unused").render_as_string(
                hide_password=False),
            "MDC_SOURCE_REPLICA_URL": "",
            "MDC_WAREHOUSE_URL": SERVER_URL,
            "MDC_RAW_SCHEMA": self.raw or "unused",
            "MDC_DBT_SCHEMA": self.marts,
        }

    def export(self, patch: pytest.MonkeyPatch) -> None:
        """Set :meth:`environment` in this process (queries.py reads it on every call)."""
        for name, value in self.environment().items():
            patch.setenv(name, value)

    def build(self, work: Path, scale: str = "demo", seed: int = 42) -> None:
        """synth -> load -> dbt seed + run, as `make demo` does (dbt tests: the marts' job).

        Runs with :meth:`environment` set in this process (:meth:`export`, or patched here when not).
        """
        from loaders import opendental_pipeline
        from mdc.dbt_runner import PROJECT_DIR, dbt_environment, dbt_executable, ensure_profile
        from synth import PINNED_END_DATE, create_practice

        create_practice(self.environment()["MDC_SOURCE_URL"], scale, seed=seed, end_date=PINNED_END_DATE)
        parser = argparse.ArgumentParser()
        opendental_pipeline.add_arguments(parser)
        with pytest.MonkeyPatch.context() as patch:
            self.export(patch)
            patch.setenv("MDC_STATE_DIR", str(work / "state"))
            assert opendental_pipeline.run(parser.parse_args(["--no-progress"])) == 0, "mdc load failed"
        ensure_profile()
        env = dbt_environment({**os.environ, **self.environment()})
        env.pop("MDC_PRACTICES", None)  # each practice is built alone, as `mdc dbt` builds it in a group
        for step in (["seed"], ["run"]):
            command = [dbt_executable(), *step, "--target-path", str(work / "target"),
                       "--log-path", str(work / "logs")]
            done = subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True,
                                  timeout=3600, check=False)
            assert done.returncode == 0, f"dbt {step[0]} failed:\n{done.stdout[-6000:]}"

    def drop(self) -> None:
        """Drop every database the build made."""
        with server_connection() as conn, conn.cursor() as cur:
            for name in (self.source, self.raw, f"{self.raw}_staging", self.marts, f"{self.marts}_staging"):
                if name:
                    cur.execute(f"DROP DATABASE IF EXISTS `{name}`")

    def rows(self, sql: str, *params: Any) -> list[dict[str, Any]]:
        """Rows of ``sql`` run in the dbt schema (marts), as dicts."""
        with server_connection(self.marts) as conn, conn.cursor(pymysql.cursors.DictCursor) as cur:
            cur.execute(sql, params)
            return list(cur.fetchall())

    def value(self, sql: str, *params: Any) -> Any:
        """The single value of a one-row, one-column query on the marts."""
        (row,) = self.rows(sql, *params)
        (value,) = row.values()
        return value


# The practices of the group fixture: id -> (name, seed). Names unique to one practice make leaks visible.
GROUP_PRACTICES = {"a": ("Alpha Family Dental", 7), "b": ("Bravo Smile Studio", 11)}


@dataclass
class GroupWarehouse:
    """Two tiny practices built alone into ``<group>_<id>``, then the group layer (dbt's models/group, as
    `mdc dbt` runs it after the practices) into ``<group>``: every mart of both with ``practice_id`` first,
    and dim_practice."""

    group: str
    practices_file: Path

    def schema(self, practice_id: str) -> str:
        """The marts of one practice, built alone."""
        return f"{self.group}_{practice_id}"

    def environment(self) -> dict[str, str]:
        """The MDC_* variables of the dashboards reading the group."""
        return {"MDC_WAREHOUSE_URL": SERVER_URL, "MDC_DBT_SCHEMA": self.group,
                "MDC_PRACTICES": str(self.practices_file), "MDC_RAW_SCHEMA": f"{self.group}_raw",
                "MDC_SOURCE_URL": make_url(SERVER_URL).set(database="unused").render_as_string(
                    hide_password=False), "MDC_SOURCE_REPLICA_URL": ""}

    def write_practices_file(self) -> None:
        """The MDC_PRACTICES file of the group (the dashboards read its ids; sources are not used)."""
        lines = []
        for practice_id, (name, _) in GROUP_PRACTICES.items():
            source = make_url(SERVER_URL).set(database=f"{self.group}_src_{practice_id}")
            lines += [f"[practices.{practice_id}]", f'name = "{name}"',
                      f'source_url = "{source.render_as_string(hide_password=False)}"', ""]
        self.practices_file.write_text("\n".join(lines), encoding="utf-8")

    def build(self, work: Path) -> None:
        """Build each practice alone, then the group layer over them."""
        from mdc.dbt_runner import PROJECT_DIR, dbt_executable, group_environment
        from mdc.practices import read_practices

        self.write_practices_file()
        for practice_id, (_, seed) in GROUP_PRACTICES.items():
            practice = DemoWarehouse(source=f"{self.group}_src_{practice_id}",
                                     raw=f"{self.group}_raw_{practice_id}", marts=self.schema(practice_id))
            practice.build(work / practice_id, scale="tiny", seed=seed)
        base = {**os.environ, **self.environment()}
        practices = read_practices(base)
        assert practices is not None
        # the environment `mdc dbt` gives its group step
        env = group_environment(practices, {name: value for name, value in base.items()
                                            if name != "MDC_PRACTICES"})
        for step in ("seed", "run"):
            done = subprocess.run([dbt_executable(), step, "--target-path", str(work / "group" / "target"),
                                   "--log-path", str(work / "group" / "logs")], cwd=PROJECT_DIR, env=env,
                                  capture_output=True, text=True, timeout=1800, check=False)
            assert done.returncode == 0, f"dbt {step} (group) failed:\n{done.stdout[-6000:]}"

    def rows(self, sql: str, *params: Any, schema: str | None = None) -> list[dict[str, Any]]:
        """Rows of ``sql`` run in ``schema`` (default: the group), as dicts."""
        with server_connection(schema or self.group) as conn, conn.cursor(pymysql.cursors.DictCursor) as cur:
            cur.execute(sql, params)
            return list(cur.fetchall())
