"""The canonical dashboard queries (dashboards/sql/, dashboards/canonical.py) on the demo warehouse:

* their plans read every large mart through an index (EXPLAIN FORMAT=JSON), the covering ones without
  touching the table: a full scan where an index should serve fails here;
* they return what the dashboard pages show for the same choice (queries.py), so they cannot drift.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from typing import Any

import canonical
import filters
import pymysql.cursors
import pytest
import queries
from dashboard_support import DemoWarehouse
from period import SINGLE_PRACTICE

from testdb import server_connection

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("dashboards")]

LARGE_ROWS = 5000  # a table with more rows than this at demo scale must be read through an index
COVERING = {
    "production_income_by_month_and_provider": "ix_mart_production_income_daily__covering",
    "ar_aging_summary": "ix_mart_ar_aging__covering",
    "ar_aging_history": "ix_mart_ar_aging__covering",
}
QUERIES = {query.name: query for query in canonical.canonical_queries()}
RELATION = re.compile(r"\b(?:from|join)\s+([a-z_]+)(?:\s+as\s+([a-z_]+))?")


def plain(value: Any) -> Any:
    """A value as the driver returns it: pandas' NaN back to None, numpy scalars to Python."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def page_rows(frame: Any) -> list[dict[str, Any]]:
    """A dashboard query's frame as plain rows."""
    return [{column: plain(value) for column, value in row.items()} for _, row in frame.iterrows()]


def table_accesses(plan: Any) -> Iterator[dict[str, Any]]:
    """Every table access of an EXPLAIN FORMAT=JSON plan, wherever it is nested."""
    if isinstance(plan, dict):
        if "table_name" in plan and "access_type" in plan:
            yield plan
        for value in plan.values():
            yield from table_accesses(value)
    elif isinstance(plan, list):
        for item in plan:
            yield from table_accesses(item)


def rows(warehouse: DemoWarehouse, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of a canonical query (pyformat parameters) run in the marts' database."""
    with server_connection(warehouse.marts) as conn, conn.cursor(pymysql.cursors.DictCursor) as cur:
        cur.execute(sql, params)
        return list(cur.fetchall())


def test_the_representative_dates_are_the_dashboards_default() -> None:
    assert canonical.TREND_MONTHS == filters.TREND_MONTHS
    start, end = filters.default_range(canonical.SYNTHETIC_LAST_DAY)
    assert QUERIES["production_income_by_month_and_provider"].params == {"start_date": start, "end_date": end}
    last_month = end.replace(day=1)
    assert QUERIES["kpis_monthly_by_clinic"].params == {"first_month": start, "last_month": last_month}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_large_marts_are_read_through_an_index(demo_warehouse: DemoWarehouse, name: str) -> None:
    query = QUERIES[name]
    (plan,) = rows(demo_warehouse, "explain format=json " + query.sql, query.params)
    accesses = list(table_accesses(json.loads(plan["EXPLAIN"])))
    assert accesses, f"{name}: no table in the plan"
    tables = {alias or table: table for table, alias in RELATION.findall(query.sql)}
    for access in accesses:
        table = tables[access["table_name"]]
        size = demo_warehouse.value(f"select count(*) from {table}")
        if size > LARGE_ROWS:
            assert access["access_type"] not in ("ALL", "index"), (
                f"{name}: {table} ({size:,} rows) is scanned in full: {json.dumps(access)}")
    if name in COVERING:
        used = {access["table_name"]: access for access in accesses}
        covering = [access for access in used.values() if access.get("key") == COVERING[name]]
        assert covering and all(access.get("using_index") for access in covering), (
            f"{name}: expected an index-only read of {COVERING[name]}: {json.dumps(accesses)}")


@pytest.fixture
def default_choice(demo_warehouse: DemoWarehouse) -> filters.Filters:
    """The dashboards' default choice (every clinic and provider), caches cleared."""
    queries.st.cache_data.clear()
    start, end = filters.default_range(canonical.SYNTHETIC_LAST_DAY)
    return filters.Filters(start, end)


def test_production_income_matches_the_page(
    demo_warehouse: DemoWarehouse, default_choice: filters.Filters
) -> None:
    query = QUERIES["production_income_by_month_and_provider"]
    found = rows(demo_warehouse, query.sql, query.params)
    assert len({row["month_start_date"] for row in found}) == canonical.TREND_MONTHS
    for by, key in (("month", "month_start_date"), ("provider", "provider_id")):
        totals: dict[Any, dict[str, Any]] = {}
        for row in found:
            into = totals.setdefault(row[key], dict.fromkeys(queries.PRODUCTION_INCOME, 0))
            for measure in queries.PRODUCTION_INCOME:
                into[measure] += row[measure]
        page = queries.production_income(default_choice, by=by)
        shown = {queries.to_date(row[key]) if by == "month" else row[key]:
                 {measure: row[measure] for measure in queries.PRODUCTION_INCOME} for row in page_rows(page)}
        assert totals == shown, by


def test_aging_matches_the_page(demo_warehouse: DemoWarehouse, default_choice: filters.Filters) -> None:
    summary = QUERIES["ar_aging_summary"]
    (found,) = rows(demo_warehouse, summary.sql, summary.params)
    as_of = queries.aging_as_of(default_choice)
    assert as_of is not None
    (page,) = page_rows(queries.aging_totals(default_choice, as_of))
    assert found["families"] > 100
    assert found == {column: page[column] for column in found}

    history = QUERIES["ar_aging_history"]
    found_history = rows(demo_warehouse, history.sql, history.params)
    page_history = queries.aging_history(default_choice)
    assert len(found_history) == canonical.TREND_MONTHS
    assert [{**row, "as_of_date": queries.to_date(row["as_of_date"])} for row in page_rows(page_history)] == [
        {column: row[column] for column in page_history.columns} for row in found_history]


def test_kpis_by_clinic_match_the_page(
    demo_warehouse: DemoWarehouse, default_choice: filters.Filters
) -> None:
    query = QUERIES["kpis_monthly_by_clinic"]
    found = rows(demo_warehouse, query.sql, query.params)
    clinics = sorted({row["clinic_id"] for row in found})
    assert len(clinics) >= 2
    for clinic in clinics:
        choice = filters.Filters(default_choice.start, default_choice.end,
                                 clinic_ids=((SINGLE_PRACTICE, clinic),))
        page = queries.kpis_by_month(choice, query.params["first_month"], query.params["last_month"])
        mine = [row for row in found if row["clinic_id"] == clinic]
        columns = [column for column in mine[0] if column != "clinic_id"]
        shown = [{column: row[column] for column in columns} for row in page_rows(page)]
        for row in shown:
            row["month_start_date"] = queries.to_date(row["month_start_date"])
        assert [{column: row[column] for column in columns} for row in mine] == shown, clinic
