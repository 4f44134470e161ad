"""The latest data-quality findings (``mart_data_quality``), for ``mdc doctor`` and ``mdc dbt build``.

dbt measures the checks on every build; this module only reads the mart and formats what it found: the
checks with ``rows_affected > 0``, most severe first. The checks themselves are in
``dbt_project/models/marts/quality/mart_data_quality.sql``; what each means: docs/data-quality.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

MART = "mart_data_quality"
SEVERITY_ORDER = {"error": 0, "warn": 1, "info": 2}
SUMMARY_LINES = 20


@dataclass(frozen=True)
class Finding:
    """One non-zero row of mart_data_quality."""

    check_name: str
    severity: str
    table_name: str
    rows_affected: int
    amount_affected: Decimal | None
    example_keys: str | None
    how_to_fix: str

    def detail(self) -> str:
        """Table, count, amount and a few keys: ``claimproc: 1,106 rows, $118,489.68 (e.g. 12, 40)``."""
        amount = "" if self.amount_affected is None else f", ${self.amount_affected:,.2f}"
        keys = f" (e.g. {self.example_keys})" if self.example_keys else ""
        return f"{self.table_name}: {self.rows_affected:,} rows{amount}{keys}"

    def line(self) -> str:
        """One line: severity, check and :meth:`detail`."""
        return f"{self.severity:<5} {self.check_name} {self.detail()}"


def findings(conn: Any, dbt_schema: str) -> list[Finding] | None:
    """The non-zero checks of the latest build, most severe first; None when the mart is not built."""
    with conn.cursor() as cur:
        cur.execute(
            "select count(*) from information_schema.tables where table_schema = %s and table_name = %s",
            (dbt_schema, MART),
        )
        row = cur.fetchone()
        if not row or not row[0]:
            return None
        cur.execute(
            f"select check_name, severity, table_name, rows_affected, amount_affected, example_keys,"
            f" how_to_fix from `{dbt_schema}`.`{MART}` where rows_affected > 0"
        )
        rows = cur.fetchall()
    found = [
        Finding(str(r[0]), str(r[1]), str(r[2]), int(r[3]), None if r[4] is None else Decimal(str(r[4])),
                None if r[5] is None else str(r[5]), str(r[6]))
        for r in rows
    ]
    return sorted(found, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.check_name, f.table_name))


def summary(found: list[Finding] | None, limit: int = SUMMARY_LINES) -> list[str]:
    """A one-screen summary: a headline, one line per finding (at most ``limit``), where to read more."""
    if found is None:
        return [f"data quality: {MART} is not built yet (run `mdc dbt build`)"]
    if not found:
        return ["data quality: every check is zero"]
    lines = [f"data quality: {len(found)} check(s) found something (docs/data-quality.md says what to do):"]
    lines += [f"  {finding.line()}" for finding in found[:limit]]
    if len(found) > limit:
        lines.append(f"  ... and {len(found) - limit} more: select * from {MART} where rows_affected > 0")
    return lines


def latest_summary(dbt_schema: str | None = None) -> list[str]:
    """The summary for the configured warehouse (MDC_* settings; ``dbt_schema`` overrides the mart schema).

    One line saying why when unreadable.
    """
    from mdc.config import settings
    from mdc.connections import DatabaseError, Endpoint, open_connection

    config = settings()
    try:
        conn = open_connection(Endpoint(config.warehouse_url, "warehouse"), attempts=1)
    except DatabaseError as exc:
        return [f"data quality: cannot read {MART}: {exc}"]
    with conn:
        return summary(findings(conn, dbt_schema or config.dbt_schema))
