"""What a run did: per-table results, the run report, and writing them to the metrics tables."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import loaders.opendental.warehouse as wh


@dataclass
class TableResult:
    """The outcome of one table in this run (one ``_mdc_load_tables`` row)."""

    table: str
    strategy: str
    mode: str = "-"
    started_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC).replace(tzinfo=None))
    rows_read: int = 0
    rows_written: int = 0
    rows_deleted: int = 0
    seconds: float = 0.0
    status: str = "success"
    error: str | None = None
    notes: list[str] = field(default_factory=list)

    def fail(self, message: str) -> None:
        """Mark failed, keeping the first error."""
        self.status = "failed"
        self.error = self.error or message


@dataclass(frozen=True)
class LoadWarning:
    """Something the run noticed and worked around (one ``_mdc_load_warnings`` row)."""

    check_name: str
    table_name: str
    rows_affected: int
    detail: str

    def line(self) -> str:
        """The warning as printed in the summary."""
        return f"warning: {self.check_name}: {self.table_name}: {self.detail}"


@dataclass
class RunReport:
    """What :meth:`Loader.run` returns."""

    run_id: str
    results: list[TableResult]
    seconds: float
    error: str | None = None
    phases: dict[str, float] = field(default_factory=dict)
    warnings: list[LoadWarning] = field(default_factory=list)
    verified: bool = False  # every catalogue table was compared with the source (mdc load --verify)
    verify_summary: str = ""  # what --verify found, one line (empty: no verify)

    @property
    def failed(self) -> list[TableResult]:
        """Tables that failed."""
        return [r for r in self.results if r.status != "success"]

    @property
    def ok(self) -> bool:
        """True when every table loaded and the run itself did not fail."""
        return not self.failed and self.error is None


def record_metrics(conn: Any, raw_schema: str, report: RunReport, *, interrupted: bool = False) -> None:
    """Write one ``_mdc_load_tables`` row per table and close the ``_mdc_load_runs`` row."""
    finished = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for r in report.results:
        wh.record_table(
            conn,
            raw_schema,
            report.run_id,
            {
                "table_name": r.table,
                "strategy": r.strategy,
                "mode": r.mode,
                "started_at": r.started_at,
                "finished_at": finished,
                "rows_read": r.rows_read,
                "rows_written": r.rows_written,
                "rows_deleted": r.rows_deleted,
                "seconds": round(r.seconds, 3),
                "status": r.status,
                "error": r.error,
            },
        )
    for warning in report.warnings:
        wh.record_warning(conn, raw_schema, report.run_id, warning)
    status = "interrupted" if interrupted else ("success" if report.ok else "failed")
    wh.finish_run(
        conn,
        raw_schema,
        report.run_id,
        {
            "status": status,
            "tables_failed": len(report.failed),
            "rows_read": sum(r.rows_read for r in report.results),
            "rows_written": sum(r.rows_written for r in report.results),
            "rows_deleted": sum(r.rows_deleted for r in report.results),
            "seconds": round(report.seconds, 3),
            "error": report.error,
            "verified": int(report.verified and report.ok),
        },
    )
