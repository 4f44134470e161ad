"""The canonical dashboard queries: the statements whose speed and plans the project watches.

Each query is a file in ``dashboards/sql/`` (``<name>.sql``): tables unqualified (run it on a connection
whose default database is MDC_DBT_SCHEMA), parameters in the DB-API ``pyformat`` style (``%(name)s``).
:func:`canonical_queries` gives each one with representative parameters: the dashboards' default dates,
the 13 months that end on the last day of the last complete month (the synthetic practice's last day is
2026-10-31 unless advanced). ``make bench`` times
them; tests/dashboards/test_canonical_queries.py checks their plans use indexes and that they return what
the dashboard pages show.

A group of practices (``MDC_PRACTICES``) has its own forms in ``dashboards/sql/group/``: the same questions
on the group layer's views, every clinic, provider and guarantor keyed by ``practice_id`` (the single
practice's SQL would join patient 1 of one practice to patient 1 of every other). ``make bench-group``
times those.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SQL_DIR = Path(__file__).resolve().parent / "sql"
SYNTHETIC_LAST_DAY = dt.date(2026, 10, 31)
TREND_MONTHS = 13  # as filters.TREND_MONTHS: the dashboards' default range


@dataclass(frozen=True)
class CanonicalQuery:
    """One canonical query: its name (the file's stem), its SQL and representative parameters."""

    name: str
    sql: str
    params: dict[str, Any]


def _default_range(last_day: dt.date) -> dict[str, dt.date]:
    first_month = last_day.replace(day=1)
    for _ in range(TREND_MONTHS - 1):
        first_month = (first_month - dt.timedelta(days=1)).replace(day=1)
    return {"start_date": first_month, "end_date": last_day, "first_month": first_month,
            "last_month": last_day.replace(day=1), "as_of": last_day}


# Parameters each query takes (a subset of _default_range's keys).
PARAMETERS: dict[str, tuple[str, ...]] = {
    "production_income_by_month_and_provider": ("start_date", "end_date"),
    "ar_aging_summary": ("as_of",),
    "ar_aging_history": ("start_date", "end_date"),
    "kpis_monthly_by_clinic": ("first_month", "last_month"),
}


def load_sql(name: str, group: bool = False) -> str:
    """The SQL of the canonical query ``name`` (``dashboards/sql/[group/]<name>.sql``)."""
    path = (SQL_DIR / "group" if group else SQL_DIR) / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"no canonical query {name!r}: {path} does not exist")
    return path.read_text(encoding="utf-8")


def canonical_queries(last_day: dt.date = SYNTHETIC_LAST_DAY, group: bool = False) -> list[CanonicalQuery]:
    """Every canonical query with the dashboards' default range ending on ``last_day`` (a month's end).

    ``group``: the forms for a group's layer (``dashboards/sql/group/``).
    """
    values = _default_range(last_day)
    return [CanonicalQuery(name, load_sql(name, group), {key: values[key] for key in keys})
            for name, keys in PARAMETERS.items()]
