"""The one module that talks to the warehouse: every figure on a page is one query on a mart.

Rules (tests/dashboards/test_queries.py checks them):

* Relations are named only through :func:`rel`, which accepts the ``mart_``, ``dim_`` and ``fct_`` models of
  ``MDC_DBT_SCHEMA``; staging (``<MDC_DBT_SCHEMA>_staging``) and raw are out of reach.
* Every statement is limited to the practices shown (``practice_id in :practice_ids``, through :func:`where`
  or :func:`practice_where`), and every clinic, provider or patient key is ``(practice_id, id)``: in a group
  (``MDC_PRACTICES``) the marts of ``MDC_DBT_SCHEMA`` are the union of every practice's marts, whose
  OpenDental numbers collide. A single practice's marts have no ``practice_id``: :func:`rel` adds a constant
  one, so the same SQL serves both.
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
from period import SINGLE_PRACTICE, Key
from sqlalchemy import bindparam, create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from mdc.config import settings
from mdc.practices import practices_file

if TYPE_CHECKING:
    from period import Filters

CACHE_SECONDS = 600
MART_PREFIXES = ("mart_", "dim_", "fct_")
IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
NO_SUCH_TABLE = 1146  # MariaDB ER_NO_SUCH_TABLE


class MartMissingError(RuntimeError):
    """A relation the page reads does not exist: the marts have not been built into MDC_DBT_SCHEMA."""


def is_group() -> bool:
    """True when MDC_PRACTICES is set: MDC_DBT_SCHEMA holds the group's marts, with ``practice_id``."""
    return practices_file() is not None


def rel(model: str, alias: str | None = None) -> str:
    """``model`` of MDC_DBT_SCHEMA as a ``from`` item named ``alias`` (default: the model's name), with a
    ``practice_id`` column; only mart, dim and fct models are allowed.

    A group's marts have the column. A single practice's do not: the model is wrapped in a derived table
    adding the constant :data:`period.SINGLE_PRACTICE`, which MariaDB merges into the outer query (EXPLAIN
    shows the base table, indexes and all).
    """
    if not (IDENTIFIER.match(model) and model.startswith(MART_PREFIXES)):
        raise ValueError(f"dashboards read only mart_/dim_/fct_ models, not {model!r}")
    if alias is not None and not IDENTIFIER.match(alias):
        raise ValueError(f"not an alias: {alias!r}")
    relation = f"`{settings().dbt_schema}`.`{model}`"
    if not is_group():
        relation = f"(select '{SINGLE_PRACTICE}' as practice_id, single.* from {relation} as single)"
    return f"{relation} as {alias or model}"


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
            result = conn.execute(statement, dict(params))
            # Rows as they come: DECIMAL stays Decimal, so money keeps its cents exactly.
            return pd.DataFrame(result.fetchall(), columns=list(result.keys()))
    except DBAPIError as exc:
        args = getattr(exc.orig, "args", ())
        if args and args[0] == NO_SUCH_TABLE:
            raise MartMissingError(f"{args[1]}: build the marts first (`make build`)") from exc
        raise


def fetch(sql: str, **params: Any) -> pd.DataFrame:
    """Run one statement with named parameters (tuples expand to ``in (...)`` lists)."""
    return _fetch(settings().warehouse_url, sql, tuple(sorted(params.items())))


def scalar(sql: str, **params: Any) -> Any:
    """The single value of a one-row, one-column statement (None when it returns no row)."""
    frame = fetch(sql, **params)
    return None if frame.empty else frame.iat[0, 0]


def practice_where(practice_ids: tuple[str, ...], column: str = "practice_id") -> tuple[str, dict[str, Any]]:
    """The condition (``and ...``) limiting ``column`` to the practices shown, and its parameter.

    No practice shown selects nothing (a login whose practices the warehouse does not hold).
    """
    if not practice_ids:
        return " and 1 = 0", {}
    return f" and {column} in :practice_ids", {"practice_ids": tuple(practice_ids)}


def _key_clause(name: str, practice_column: str, column: str,
                keys: tuple[Key, ...]) -> tuple[str, dict[str, Any]]:
    """``(practice_id, id) in ((...), ...)``: a clinic or provider is only itself in its own practice."""
    params: dict[str, Any] = {}
    pairs = []
    for index, (practice_id, key) in enumerate(keys):
        params[f"{name}_practice_{index}"], params[f"{name}_{index}"] = practice_id, int(key)
        pairs.append(f"(:{name}_practice_{index}, :{name}_{index})")
    return f"({practice_column}, {column}) in ({', '.join(pairs)})", params


def where(filters: Filters, *, date_column: str | None = None, clinic_column: str | None = "clinic_id",
          provider_column: str | None = "provider_id",
          practice_column: str = "practice_id") -> tuple[str, dict[str, Any]]:
    """SQL conditions (``and ...``) and parameters for the filters on the given columns.

    The practices are always filtered; a clinic or provider column given as None is not (e.g. a mart
    without a provider).
    """
    clauses: list[str] = []
    conditions, params = practice_where(filters.practice_ids, practice_column)
    if date_column:
        clauses.append(f"{date_column} between :start_date and :end_date")
        params.update(start_date=filters.start, end_date=filters.end)
    for name, column, keys in (("clinic", clinic_column, filters.clinic_ids),
                               ("provider", provider_column, filters.provider_ids)):
        if column and keys:
            clause, key_params = _key_clause(name, practice_column, column, keys)
            clauses.append(clause)
            params.update(key_params)
    return conditions + "".join(f" and {clause}" for clause in clauses), params


def as_dict(frame: pd.DataFrame, key: str, label: str) -> Mapping[Key, str]:
    """A frame with ``practice_id``, ``key`` and ``label`` as ``{(practice_id, key): label}`` in row order."""
    return {(str(row["practice_id"]), int(row[key])): str(row[label]) for _, row in frame.iterrows()}


def to_date(value: Any) -> date:
    """A DATE value from the driver or pandas as :class:`datetime.date`."""
    return pd.Timestamp(value).date()


# ---------------------------------------------------------------------------------------------------------
# Monthly KPIs (mart_kpis_monthly: month x clinic x provider; mart_kpis_monthly_practice: practice and clinic
# roll-ups, whose rates and claim-lag medians the mart recomputes itself).
# ---------------------------------------------------------------------------------------------------------

KPI_SUMS = (
    "gross_production", "adjustments", "writeoffs", "net_production", "collections", "new_patients",
    "active_patients", "visits", "hygiene_production", "hygiene_visits", "hygiene_visits_reappointed",
    "scheduled_appointments", "broken_appointments", "no_show_appointments", "cancelled_appointments",
    "short_notice_cancellations", "presented_procedures", "accepted_procedures", "presented_amount",
    "accepted_amount", "ar_total", "ar_over_90", "claims_sent", "claims_paid",
    "scheduled_minutes", "booked_minutes", "completed_minutes",
)
# rate -> (numerator, denominator, decimals): the pairs mart_kpis_monthly documents and ships for roll-ups
# (a test checks every row of the mart against them).
KPI_RATES: dict[str, tuple[str, str, int]] = {
    "collection_ratio": ("collections", "net_production", 4),
    "production_per_visit": ("gross_production", "visits", 2),
    "hygiene_production_share": ("hygiene_production", "gross_production", 4),
    "hygiene_reappointment_rate": ("hygiene_visits_reappointed", "hygiene_visits", 4),
    "broken_appointment_rate": ("broken_appointments", "scheduled_appointments", 4),
    "no_show_rate": ("no_show_appointments", "scheduled_appointments", 4),
    "cancellation_rate": ("cancelled_appointments", "scheduled_appointments", 4),
    "short_notice_cancellation_rate": ("short_notice_cancellations", "scheduled_appointments", 4),
    "case_acceptance_rate": ("accepted_procedures", "presented_procedures", 4),
    "case_acceptance_amount_rate": ("accepted_amount", "presented_amount", 4),
    "ar_over_90_share": ("ar_over_90", "ar_total", 4),
    "booked_utilization_rate": ("booked_minutes", "scheduled_minutes", 4),
    "completed_utilization_rate": ("completed_minutes", "scheduled_minutes", 4),
}
# Medians do not add up: only the mart's own rows (practice, one clinic, one clinic x provider) have them.
KPI_MEDIANS = ("median_days_service_to_sent", "median_days_sent_to_paid")


def kpi_level(filters: Filters) -> str:
    """Which mart row answers the clinic/provider choice as it stands.

    Returns:
        ``practice`` (one practice, no clinic or provider chosen), ``practices`` (several practices: their
        practice rows added up, rates from the summed numerators and denominators, no medians), ``clinic``
        (one clinic, every provider), ``cell`` (one clinic and one provider: a row of mart_kpis_monthly) or
        ``sum`` (any other choice: rows of mart_kpis_monthly added up, no medians).
    """
    if not filters.provider_ids:
        if not filters.clinic_ids:
            return "practice" if len(filters.practice_ids) <= 1 else "practices"
        return "clinic" if len(filters.clinic_ids) == 1 else "sum"
    return "cell" if len(filters.clinic_ids) == 1 and len(filters.provider_ids) == 1 else "sum"


def _summed_kpis(level: str) -> str:
    """Select list of rows added up: the sums, each rate of the summed parts, the medians of one row only."""
    sums = ", ".join(f"sum({column}) as {column}" for column in KPI_SUMS)
    rates = ", ".join(f"round(sum({numerator}) / nullif(sum({denominator}), 0), {decimals}) as {rate}"
                      for rate, (numerator, denominator, decimals) in KPI_RATES.items())
    medians = ", ".join(f"{'max(' + median + ')' if level == 'cell' else 'null'} as {median}"
                        for median in KPI_MEDIANS)
    return f"{sums}, {rates}, {medians}"


def kpis_by_month(filters: Filters, first_month: date, last_month: date) -> pd.DataFrame:
    """Every monthly KPI for the clinics and providers chosen, one row per month from first to last.

    Columns: ``month_start_date``, ``is_complete_month``, :data:`KPI_SUMS`, :data:`KPI_RATES` and
    :data:`KPI_MEDIANS` (NULL where the mart has no median for the choice, see :func:`kpi_level`).
    """
    level = kpi_level(filters)
    months = {"first_month": first_month, "last_month": last_month}
    if level in ("practice", "clinic"):
        conditions, params = where(filters)  # the practice, and for a clinic row its (practice, clinic)
        columns = ", ".join((*KPI_SUMS, *KPI_RATES, *KPI_MEDIANS))
        sql = f"""
            select month_start_date, is_complete_month, {columns}
            from {rel("mart_kpis_monthly_practice")}
            where rollup_level = :level and month_start_date between :first_month and :last_month{conditions}
            order by month_start_date
        """
        return fetch(sql, level=level, **months, **params)
    conditions, params = where(filters)
    if level == "practices":  # their practice rows added up (each practice's stock measures add up too)
        sql = f"""
            select month_start_date, min(is_complete_month) as is_complete_month, {_summed_kpis(level)}
            from {rel("mart_kpis_monthly_practice")}
            where rollup_level = 'practice'
              and month_start_date between :first_month and :last_month{conditions}
            group by month_start_date
            order by month_start_date
        """
        return fetch(sql, **months, **params)
    sql = f"""
        select month_start_date, min(is_complete_month) as is_complete_month, {_summed_kpis(level)}
        from {rel("mart_kpis_monthly")}
        where month_start_date between :first_month and :last_month{conditions}
        group by month_start_date
        order by month_start_date
    """
    return fetch(sql, **months, **params)


# Stock measures describe a month's end (patients active then, A/R then): adding months up means nothing.
KPI_STOCKS = ("active_patients", "ar_total", "ar_over_90")


def kpis_for_period(filters: Filters, by: str | None = None) -> pd.DataFrame:
    """The flow KPIs of the months of the chosen dates added up (one row, or one per ``provider``).

    Months count when they start within the chosen dates' months. Sums of :data:`KPI_SUMS` except the
    stock measures, and every rate of :data:`KPI_RATES` from the summed numerator and denominator.
    """
    conditions, params = where(filters)
    flows = [column for column in KPI_SUMS if column not in KPI_STOCKS]
    sums = ", ".join(f"sum({column}) as {column}" for column in flows)
    rates = ", ".join(f"round(sum({numerator}) / nullif(sum({denominator}), 0), {decimals}) as {rate}"
                      for rate, (numerator, denominator, decimals) in KPI_RATES.items()
                      if numerator not in KPI_STOCKS)
    key = {"provider": "practice_id, provider_id", None: None}[by]
    select_key, group = (f"{key}, ", f" group by {key} order by {key}") if key else ("", "")
    return fetch(f"""
        select {select_key}count(distinct month_start_date) as months, {sums}, {rates}
        from {rel("mart_kpis_monthly")}
        where month_start_date between :first_month and :end_date{conditions}{group}
    """, first_month=filters.start.replace(day=1), end_date=filters.end, **params)


def data_period(practice_ids: tuple[str, ...]) -> tuple[date, date, date]:
    """First day with data, last day of the last complete month with data, last day of the latest month,
    over the practices given.

    From the practice rows of mart_kpis_monthly_practice, whose ``is_complete_month`` says whether a month
    ended before the practice's as-of date (the latest load). A month "has data" when anything happened in
    it (production, income, visits); the default view ends on the last such complete month, so a practice
    loaded long after its last activity (an archived database, the fixed-date demo) never opens on an empty
    month. Falls back to the last complete month, then to the latest month.
    """
    conditions, params = practice_where(practice_ids)
    frame = fetch(f"""
        select min(month_start_date) as first_day,
               max(case when is_complete_month
                         and (gross_production <> 0 or collections <> 0 or visits <> 0)
                        then month_end_date end) as last_active_day,
               max(case when is_complete_month then month_end_date end) as last_complete_day,
               max(month_end_date) as last_day
        from {rel("mart_kpis_monthly_practice")}
        where rollup_level = 'practice'{conditions}
    """, **params)
    row = frame.iloc[0]
    if pd.isna(row["first_day"]):
        raise MartMissingError("mart_kpis_monthly_practice is empty: load the practice and build the marts")
    last_day = to_date(row["last_day"])
    last_complete = next((to_date(row[column]) for column in ("last_active_day", "last_complete_day")
                          if not pd.isna(row[column])), last_day)
    return to_date(row["first_day"]), last_complete, last_day


def as_of_dates(practice_ids: tuple[str, ...]) -> Mapping[str, date]:
    """Each practice's "today" its marts were built for (int_practice_as_of_date, carried by the KPI mart):
    in a group a practice whose load failed keeps its last good data, and its own date."""
    conditions, params = practice_where(practice_ids)
    frame = fetch(f"""
        select practice_id, max(as_of_date) as as_of_date
        from {rel('mart_kpis_monthly_practice')}
        where rollup_level = 'practice'{conditions}
        group by practice_id
        order by practice_id
    """, **params)
    return {str(row["practice_id"]): to_date(row["as_of_date"]) for _, row in frame.iterrows()
            if not pd.isna(row["as_of_date"])}


# Data quality (mart_data_quality: one row per check, per table for checks that look at several).
def data_quality(practice_ids: tuple[str, ...]) -> pd.DataFrame:
    """Every check of the latest build, the ones that found something first (most severe, most rows)."""
    conditions, params = practice_where(practice_ids)
    return fetch(f"""
        select practice_id, check_name, severity, category, table_name, rows_affected, amount_affected,
               example_keys, description, how_to_fix, checked_at
        from {rel("mart_data_quality")}
        where 1 = 1{conditions}
        order by rows_affected = 0, field(severity, 'error', 'warn', 'info'), rows_affected desc,
                 check_name, table_name, practice_id
    """, **params)


def kpi_source(filters: Filters) -> str:
    """The mart :func:`kpis_by_month` reads for this choice (for footnotes)."""
    rolled_up = kpi_level(filters) in ("practice", "practices", "clinic")
    return "mart_kpis_monthly_practice" if rolled_up else "mart_kpis_monthly"


# ---------------------------------------------------------------------------------------------------------
# Practices side by side (the group page): the chosen months of mart_kpis_monthly added up per practice,
# with the group's total row (WITH ROLLUP) whose rates come from the summed numerators and denominators.
# ---------------------------------------------------------------------------------------------------------

GROUP_SUMS = ("gross_production", "net_production", "collections", "new_patients", "hygiene_visits",
              "hygiene_visits_reappointed")
GROUP_RATES = ("collection_ratio", "hygiene_reappointment_rate")


def practices_compared(filters: Filters) -> pd.DataFrame:
    """One row per practice shown (``practice_id``), then the total (``practice_id`` NULL).

    Flows are summed over the months of the chosen dates; A/R (a stock) is that of the last whole month
    of the dates (``report_month``): ``ar_total``, ``ar_over_90`` and ``ar_over_90_share``.
    """
    conditions, params = where(filters)
    sums = ", ".join(f"sum({column}) as {column}" for column in GROUP_SUMS)
    rates = ", ".join(f"round(sum({KPI_RATES[rate][0]}) / nullif(sum({KPI_RATES[rate][1]}), 0), 4) as {rate}"
                      for rate in GROUP_RATES)
    at_month = "case when month_start_date = :report_month then {} end"
    return fetch(f"""
        select practice_id, {sums}, {rates},
               sum({at_month.format("ar_total")}) as ar_total,
               sum({at_month.format("ar_over_90")}) as ar_over_90,
               round(sum({at_month.format("ar_over_90")}) / nullif(sum({at_month.format("ar_total")}), 0), 4)
                   as ar_over_90_share
        from {rel("mart_kpis_monthly")}
        where month_start_date between :first_month and :end_date{conditions}
        group by practice_id with rollup
    """, first_month=filters.start.replace(day=1), end_date=filters.end, report_month=filters.report_month,
                 **params)


# ---------------------------------------------------------------------------------------------------------
# Production & Income (mart_production_income_daily: report_date x provider x clinic)
# ---------------------------------------------------------------------------------------------------------

PRODUCTION_INCOME = (
    "gross_production", "adjustments", "writeoffs", "net_production", "patient_income", "unearned_income",
    "insurance_income", "total_income",
)
PRODUCTION_INCOME_GROUPS = {"provider": "provider_id", "clinic": "clinic_id", "month": "month_start_date"}


def production_income(filters: Filters, by: str | None = None) -> pd.DataFrame:
    """The Production & Income measures summed over the chosen dates, clinics and providers.

    Args:
        filters: the sidebar's choice.
        by: None for one total row, or ``provider``, ``clinic`` or ``month`` for one row each (column
            ``provider_id``, ``clinic_id`` or ``month_start_date``), largest net production first except
            months, which come in order.
    """
    conditions, params = where(filters, date_column="report_date")
    sums = ", ".join(f"sum({column}) as {column}" for column in PRODUCTION_INCOME)
    if by is None:
        return fetch(f"select {sums} from {rel('mart_production_income_daily')} where 1 = 1{conditions}",
                     **params)
    key = PRODUCTION_INCOME_GROUPS[by]
    if by == "month":
        group, select = "report_date - interval (dayofmonth(report_date) - 1) day", f"{{}} as {key}"
        order = "month_start_date"
    else:  # a provider or clinic is itself only within its practice
        group, select, order = f"practice_id, {key}", "{}", "net_production desc"
    return fetch(f"""
        select {select.format(group)}, {sums}
        from {rel('mart_production_income_daily')}
        where 1 = 1{conditions}
        group by {group}
        order by {order}
    """, **params)


def writeoff_dating(filters: Filters) -> list[str]:
    """The write-off dating option(s) the mart was built with, for the chosen rows (normally one)."""
    conditions, params = where(filters, date_column="report_date")
    frame = fetch(f"""
        select distinct writeoff_option_name
        from {rel('mart_production_income_daily')}
        where 1 = 1{conditions}
        order by writeoff_option_name
    """, **params)
    return [str(name) for name in frame["writeoff_option_name"]]


# ---------------------------------------------------------------------------------------------------------
# A/R aging (mart_ar_aging: as_of_date x guarantor). A family counts for the clinic and primary provider of
# its guarantor (dim_patient), as in OpenDental's Aging of A/R report and in mart_kpis_monthly.
# ---------------------------------------------------------------------------------------------------------

AGING = ("bal_0_30", "bal_31_60", "bal_61_90", "bal_over_90", "bal_total", "insurance_estimate",
         "patient_estimate")


def _aging_from() -> str:
    return f"""
        from {rel("mart_ar_aging", "aging")}
        left outer join {rel("dim_patient", "guarantors")}
            on aging.practice_id = guarantors.practice_id and aging.guarantor_id = guarantors.patient_id
    """


def _aging_where(filters: Filters) -> tuple[str, dict[str, Any]]:
    return where(filters, clinic_column="guarantors.clinic_id",
                 provider_column="guarantors.primary_provider_id", practice_column="aging.practice_id")


def aging_as_of(filters: Filters) -> date | None:
    """The latest aging date on or before the end of the chosen dates (None before the first)."""
    conditions, params = practice_where(filters.practice_ids)
    value = scalar(f"select max(as_of_date) from {rel('mart_ar_aging')} where as_of_date <= :end_date"
                   f"{conditions}", end_date=filters.end, **params)
    return None if value is None or pd.isna(value) else to_date(value)


def aging_totals(filters: Filters, as_of: date) -> pd.DataFrame:
    """The buckets, balance and estimates of every family of the chosen clinics/providers on ``as_of``."""
    conditions, params = _aging_where(filters)
    sums = ", ".join(f"coalesce(sum(aging.{column}), 0) as {column}" for column in AGING)
    return fetch(f"select count(*) as families, {sums} {_aging_from()} "
                 f"where aging.as_of_date = :as_of{conditions}", as_of=as_of, **params)


def aging_history(filters: Filters) -> pd.DataFrame:
    """The same sums at every month end within the chosen dates, oldest first."""
    conditions, params = _aging_where(filters)
    sums = ", ".join(f"sum(aging.{column}) as {column}" for column in AGING)
    return fetch(f"""
        select aging.as_of_date, {sums}
        {_aging_from()}
        where aging.is_month_end and aging.as_of_date between :start_date and :end_date{conditions}
        group by aging.as_of_date
        order by aging.as_of_date
    """, start_date=filters.start, end_date=filters.end, **params)


def largest_balances(filters: Filters, as_of: date, limit: int = 25) -> pd.DataFrame:
    """The ``limit`` families with the largest balance on ``as_of`` (guarantor id, buckets, estimates)."""
    conditions, params = _aging_where(filters)
    columns = ", ".join(f"aging.{column}" for column in AGING)
    return fetch(f"""
        select aging.practice_id, aging.guarantor_id, {columns}
        {_aging_from()}
        where aging.as_of_date = :as_of{conditions}
        order by aging.bal_total desc, aging.practice_id, aging.guarantor_id
        limit {int(limit)}
    """, as_of=as_of, **params)


# ---------------------------------------------------------------------------------------------------------
# Filter choices (dim_clinic, dim_provider)
# ---------------------------------------------------------------------------------------------------------


def practices(allowed: tuple[str, ...] | None) -> Mapping[str, str]:
    """Practice id -> name of the group's practices (dim_practice), or only of ``allowed`` (a login limited
    to some practices); a single practice is :data:`period.SINGLE_PRACTICE` and has no dim_practice."""
    if not is_group():
        shown = allowed is None or SINGLE_PRACTICE in allowed
        return {SINGLE_PRACTICE: "This practice"} if shown else {}
    conditions, params = ("", {}) if allowed is None else practice_where(allowed)
    frame = fetch(f"select practice_id, practice_name from {rel('dim_practice')} "
                  f"where 1 = 1{conditions} order by practice_name, practice_id", **params)
    return {str(row["practice_id"]): str(row["practice_name"]) for _, row in frame.iterrows()}


def clinics(practice_ids: tuple[str, ...]) -> Mapping[Key, str]:
    """(practice id, clinic id) -> name of the practices' clinics, clinic 0 ("Unassigned") included."""
    conditions, params = practice_where(practice_ids)
    frame = fetch(f"select practice_id, clinic_id, clinic_name from {rel('dim_clinic')} "
                  f"where 1 = 1{conditions} order by practice_id, is_unassigned, clinic_name", **params)
    return as_dict(frame, "clinic_id", "clinic_name")


def providers(practice_ids: tuple[str, ...]) -> Mapping[Key, str]:
    """(practice id, provider id) -> "ABBR (name, type)" of the practices' providers, provider 0 ("None")
    last in each practice."""
    conditions, params = practice_where(practice_ids)
    frame = fetch(f"""
        select practice_id, provider_id,
               concat(provider_abbreviation, ' (', provider_name, ', ', provider_type, ')') as label
        from {rel('dim_provider')}
        where 1 = 1{conditions}
        order by practice_id, is_unassigned, provider_abbreviation
    """, **params)
    return as_dict(frame, "provider_id", "label")


# ---------------------------------------------------------------------------------------------------------
# Patients and schedule (mart_new_patients, mart_recall_due): lists for the front desk, by patient id only.
# ---------------------------------------------------------------------------------------------------------


def new_patients(filters: Filters) -> pd.DataFrame:
    """Patients whose first visit falls in the chosen dates (clinic and primary provider as the KPI mart)."""
    conditions, params = where(filters, date_column="first_visit_date", provider_column="primary_provider_id")
    return fetch(f"""
        select practice_id, patient_id, first_visit_date, primary_provider_id, clinic_id,
               first_visit_provider_id, referral_source, referral_source_type, first_visit_production,
               first_year_production
        from {rel("mart_new_patients")}
        where 1 = 1{conditions}
        order by first_visit_date, practice_id, patient_id
    """, **params)


def recalls_due(filters: Filters) -> pd.DataFrame:
    """The recall list (as of the latest load) for recalls due within the chosen dates, most overdue first."""
    conditions, params = where(filters, date_column="due_date", provider_column="primary_provider_id")
    return fetch(f"""
        select practice_id, patient_id, recall_type_name, due_date, days_overdue, recall_state, recall_status,
               primary_provider_id, hygienist_id, clinic_id, as_of_date
        from {rel("mart_recall_due")}
        where 1 = 1{conditions}
        order by due_date, practice_id, patient_id, recall_type_name
    """, **params)


# ---------------------------------------------------------------------------------------------------------
# Treatment acceptance (fct_treatment_plan_procedures)
# ---------------------------------------------------------------------------------------------------------


def unaccepted_treatment(filters: Filters, limit: int = 50) -> pd.DataFrame:
    """Procedures first presented in the chosen dates and still neither scheduled nor completed,
    largest amount first: the list to call patients from."""
    conditions, params = where(filters, date_column="presented_date")
    return fetch(f"""
        select practice_id, patient_id, presented_date, procedure_code, procedure_description, provider_id,
               clinic_id, acceptance_status, presented_fee_amount, procedure_amount
        from {rel("fct_treatment_plan_procedures")}
        where is_first_presentation and not is_accepted and acceptance_status = 'not scheduled'{conditions}
        order by procedure_amount desc, presented_date, practice_id, patient_id
        limit {int(limit)}
    """, **params)


# ---------------------------------------------------------------------------------------------------------
# Insurance claims (fct_claims). Preauthorizations are not bills: left out. Clinic and provider are the
# claim's clinic and treating provider.
# ---------------------------------------------------------------------------------------------------------


def _claims_where(filters: Filters) -> tuple[str, dict[str, Any]]:
    return where(filters, date_column="service_date", provider_column="treating_provider_id")


def claims_by_status(filters: Filters) -> pd.DataFrame:
    """Claims with a date of service in the chosen dates, per status: count, fee, estimate, paid."""
    conditions, params = _claims_where(filters)
    return fetch(f"""
        select claim_status_code, claim_status, count(*) as claims, sum(claim_fee) as claim_fee,
               sum(insurance_payment_estimate) as insurance_payment_estimate,
               sum(insurance_paid_amount) as insurance_paid_amount
        from {rel("fct_claims")}
        where claim_type_code != 'PreAuth'{conditions}
        group by claim_status_code, claim_status
        order by claims desc
    """, **params)


def sent_claims(filters: Filters, limit: int = 100) -> pd.DataFrame:
    """Claims in status Sent (sent, no payment received yet), oldest sent first."""
    conditions, params = _claims_where(filters)
    return fetch(f"""
        select practice_id, claim_id, patient_id, claim_type, service_date, sent_date, treating_provider_id,
               clinic_id, claim_fee, insurance_payment_estimate
        from {rel("fct_claims")}
        where claim_type_code != 'PreAuth' and claim_status_code = 'S'{conditions}
        order by sent_date, practice_id, claim_id
        limit {int(limit)}
    """, **params)


# ---------------------------------------------------------------------------------------------------------
# Schedule & chairs (mart_schedule_utilization: day x operatory x provider; the _hourly mart splits the same
# minutes by hour). Rates are summed numerators over summed denominators.
# ---------------------------------------------------------------------------------------------------------

# An operatory or provider is itself only within its practice; hygiene vs doctor time adds up across
# practices.
UTILIZATION_GROUPS = {"operatory": "practice_id, operatory_id", "provider": "practice_id, provider_id",
                      "hygiene": "is_hygiene"}


def utilization(filters: Filters, by: str) -> pd.DataFrame:
    """Scheduled, booked, completed, broken minutes, production and the rates, by operatory, provider or
    hygiene vs doctor time (``by``), for the chosen dates."""
    key = UTILIZATION_GROUPS[by]
    conditions, params = where(filters, date_column="schedule_date")
    return fetch(f"""
        select {key},
               sum(scheduled_minutes) as scheduled_minutes, sum(booked_minutes) as booked_minutes,
               sum(completed_minutes) as completed_minutes, sum(broken_minutes) as broken_minutes,
               sum(booked_minutes_outside_schedule) as booked_minutes_outside_schedule,
               sum(gross_production) as gross_production,
               round(sum(booked_minutes) / nullif(sum(scheduled_minutes), 0), 4) as booked_utilization_rate,
               round(sum(completed_minutes) / nullif(sum(scheduled_minutes), 0), 4)
                   as completed_utilization_rate,
               round(sum(gross_production) * 60 / nullif(sum(scheduled_minutes), 0), 2)
                   as production_per_scheduled_hour
        from {rel("mart_schedule_utilization")}
        where 1 = 1{conditions}
        group by {key}
        order by {key}
    """, **params)


def utilization_by_weekday_hour(filters: Filters) -> pd.DataFrame:
    """Booked utilization by ISO weekday and hour of the day, for the chosen dates (scheduled hours only)."""
    conditions, params = where(filters, date_column="schedule_date")
    return fetch(f"""
        select iso_day_of_week, hour_of_day, sum(scheduled_minutes) as scheduled_minutes,
               sum(booked_minutes) as booked_minutes,
               round(sum(booked_minutes) / nullif(sum(scheduled_minutes), 0), 4) as booked_utilization_rate
        from {rel("mart_schedule_utilization_hourly")}
        where scheduled_minutes > 0{conditions}
        group by iso_day_of_week, hour_of_day
        order by iso_day_of_week, hour_of_day
    """, **params)


def patients_to_call(filters: Filters, limit: int = 200) -> pd.DataFrame:
    """Lapsing and hygiene-overdue patients with nothing booked (mart_patients_to_call), longest since
    their last visit first; clinic and primary provider filters apply. Chart number and names are NULL
    unless the practice's PHI policy keeps them."""
    conditions, params = where(filters, provider_column="primary_provider_id")
    return fetch(f"""
        select practice_id, patient_id, chart_number, last_name, first_name, preferred_name,
               as_of_date, call_reason, last_visit_date, days_since_last_visit,
               last_hygiene_visit_date, open_treatment_plan_amount, family_balance, family_aging_bucket,
               primary_provider_id, clinic_id
        from {rel("mart_patients_to_call")}
        where 1 = 1{conditions}
        order by days_since_last_visit desc, practice_id, patient_id
        limit {int(limit)}
    """, **params)

