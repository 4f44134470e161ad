"""The one module that talks to the warehouse: every figure on a page is one query on a mart.

Rules (tests/dashboards/test_queries.py checks them):

* Relations are named only through :func:`rel`, which accepts the ``mart_``, ``dim_`` and ``fct_`` models of
  ``MDC_DBT_SCHEMA``; staging (``<MDC_DBT_SCHEMA>_staging``) and raw are out of reach.
* Each public function runs one SQL statement. The marts own every metric's definition, so the SQL only
  filters, sums additive measures over the filters, and divides a rate's summed numerator by its summed
  denominator (the marts ship both for exactly this). Anything more is a mart's job.
* Results are cached per (warehouse, statement, parameters) for :data:`CACHE_SECONDS`; sessions are
  read-only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd
import streamlit as st
from sqlalchemy import bindparam, create_engine, event, text
from sqlalchemy.engine import Engine

from loaders.config import settings

if TYPE_CHECKING:
    from filters import Filters

CACHE_SECONDS = 600
MART_PREFIXES = ("mart_", "dim_", "fct_")
IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")


class MartMissingError(RuntimeError):
    """A relation the page reads does not exist: the marts have not been built into MDC_DBT_SCHEMA."""


def rel(model: str) -> str:
    """The quoted name of ``model`` in MDC_DBT_SCHEMA; only mart, dim and fct models are allowed."""
    if not (IDENTIFIER.match(model) and model.startswith(MART_PREFIXES)):
        raise ValueError(f"dashboards read only mart_/dim_/fct_ models, not {model!r}")
    return f"`{settings().dbt_schema}`.`{model}`"


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    engine = create_engine(url, pool_pre_ping=True, pool_recycle=3600, pool_size=4)

    @event.listens_for(engine, "connect")
    def read_only(dbapi_connection: Any, _record: Any) -> None:
        # The dashboards never write: make the server refuse it too.
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET SESSION TRANSACTION READ ONLY")

    return engine


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def _fetch(url: str, sql: str, params: tuple[tuple[str, Any], ...]) -> pd.DataFrame:
    statement = text(sql)
    for name, value in params:
        if isinstance(value, tuple):
            statement = statement.bindparams(bindparam(name, expanding=True))
    try:
        with _engine(url).connect() as conn:
            return pd.read_sql(statement, conn, params=dict(params))
    except Exception as exc:
        if "1146" in str(exc):  # ER_NO_SUCH_TABLE
            raise MartMissingError(
                f"{exc.args[0] if exc.args else exc}: build the marts first (`make build` or `mdc dbt build`)"
            ) from exc
        raise


def fetch(sql: str, **params: Any) -> pd.DataFrame:
    """Run one statement with named parameters (tuples expand to ``in (...)`` lists)."""
    return _fetch(settings().warehouse_url, sql, tuple(sorted(params.items())))


def scalar(sql: str, **params: Any) -> Any:
    """The single value of a one-row, one-column statement (None when it returns no row)."""
    frame = fetch(sql, **params)
    return None if frame.empty else frame.iat[0, 0]


def where(filters: Filters, *, date_column: str | None = None, clinic_column: str | None = "clinic_id",
          provider_column: str | None = "provider_id") -> tuple[str, dict[str, Any]]:
    """SQL conditions (``and ...``) and parameters for the filters on the given columns.

    A column given as None is not filtered (e.g. a mart without a provider).
    """
    clauses: list[str] = []
    params: dict[str, Any] = {}
    if date_column:
        clauses.append(f"{date_column} between :start_date and :end_date")
        params.update(start_date=filters.start, end_date=filters.end)
    if clinic_column and filters.clinic_ids:
        clauses.append(f"{clinic_column} in :clinic_ids")
        params["clinic_ids"] = filters.clinic_ids
    if provider_column and filters.provider_ids:
        clauses.append(f"{provider_column} in :provider_ids")
        params["provider_ids"] = filters.provider_ids
    return "".join(f" and {clause}" for clause in clauses), params


def as_dict(frame: pd.DataFrame, key: str, label: str) -> Mapping[int, str]:
    """A two-column frame as ``{key: label}`` in row order."""
    return {int(row[key]): str(row[label]) for _, row in frame.iterrows()}


def to_date(value: Any) -> date:
    """A DATE value from the driver or pandas as :class:`datetime.date`."""
    return pd.Timestamp(value).date()
