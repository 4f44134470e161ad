"""The dashboards read only marts, through one module: static checks on the app's source.

The runtime counterpart (every statement actually sent while rendering each page names only mart/dim/fct
relations of MDC_DBT_SCHEMA) is in test_pages.py.
"""

from __future__ import annotations

import inspect
import re
from datetime import date

import pytest
import queries
from dashboard_support import DASHBOARDS

RELATION = re.compile(r"""\b(?:from|join)\s+(\S+)""", re.IGNORECASE)
ALLOWED_RELATION = re.compile(r"""^\{rel\(["'](?:mart|dim|fct)_[a-z0-9_]+["'](?:, ["'][a-z]+["'])?\)\}$""")
# Where a statement takes the practice filter: where(), or practice_where() for statements without dates.
PRACTICE_FILTER = re.compile(r"\b(?:where|practice_where|_aging_where|_claims_where)\(")
DATABASE_ACCESS = ("sqlalchemy", "pymysql", "read_sql", "create_engine", "queries.fetch", "queries.scalar",
                   "queries._fetch")


def sql_strings(source: str) -> list[str]:
    """Triple-quoted and single-line string literals that look like SQL."""
    literals = re.findall(r'f?"""(.*?)"""', source, re.DOTALL) + re.findall(r'f?"([^"\n]*)"', source)
    return [text for text in literals if re.search(r"\bselect\b.*\bfrom\b", text, re.IGNORECASE | re.DOTALL)]


def test_every_relation_in_queries_is_named_through_rel() -> None:
    source = (DASHBOARDS / "queries.py").read_text(encoding="utf-8")
    # rel()'s own derived table (a single practice's mart with practice_id added) is the one exception.
    source = source.replace(inspect.getsource(queries.rel), "")
    statements = sql_strings(source)
    assert len(statements) >= 15, "expected the module's SQL statements"
    targets = [target for statement in statements for target in RELATION.findall(statement)]
    # `from` inside SQL functions (e.g. extract(... from ...)) would show up here too: there are none.
    offending = [target for target in targets if not ALLOWED_RELATION.match(target.rstrip(","))]
    assert not offending, f"relations not named through rel('mart_|dim_|fct_...'): {offending}"
    assert len(targets) >= len(statements)


@pytest.mark.parametrize("name", ["stg_opendental__patient", "patient", "int_kpis_monthly_rolled_up",
                                  "mart_x`; drop table y; --", "Mart_kpis", "opendental_raw.patient"])
def test_rel_refuses_anything_but_marts(name: str) -> None:
    with pytest.raises(ValueError, match="dashboards read only mart_/dim_/fct_ models"):
        queries.rel(name)


def test_rel_names_the_model_in_the_dbt_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MDC_DBT_SCHEMA", "practice_two")
    monkeypatch.delenv("MDC_PRACTICES", raising=False)
    # One practice: its marts have no practice_id, so rel() adds the constant one.
    assert queries.rel("mart_ar_aging") == (
        "(select 'practice' as practice_id, single.* from `practice_two`.`mart_ar_aging` as single) "
        "as mart_ar_aging")
    assert queries.rel("dim_clinic", "clinics").endswith("`practice_two`.`dim_clinic` as single) as clinics")
    # A group: the group's relations carry practice_id themselves.
    monkeypatch.setenv("MDC_PRACTICES", "practices.toml")
    assert queries.rel("mart_ar_aging") == "`practice_two`.`mart_ar_aging` as mart_ar_aging"
    assert queries.rel("dim_clinic", "clinics") == "`practice_two`.`dim_clinic` as clinics"
    with pytest.raises(ValueError, match="not an alias"):
        queries.rel("dim_clinic", "c; drop")


def test_every_query_keeps_to_the_practices_shown() -> None:
    """A function that sends SQL takes the practice filter (its where clause holds practice_id in ...),
    and groups or joins by a clinic, provider, patient or operatory only together with practice_id."""
    functions = [member for name, member in inspect.getmembers(queries, inspect.isfunction)
                 if member.__module__ == "queries" and name not in ("fetch", "scalar", "_fetch")]
    sending = [function for function in functions
               if re.search(r"\b(?:fetch|scalar)\(", inspect.getsource(function))]
    assert len(sending) >= 20
    unfiltered = [function.__name__ for function in sending
                  if not PRACTICE_FILTER.search(inspect.getsource(function))]
    assert unfiltered == [], "queries that ignore practice_id (use where() or practice_where())"
    source = (DASHBOARDS / "queries.py").read_text(encoding="utf-8")
    for statement in sql_strings(source):
        for clause in re.findall(r"\b(?:group by|on)\s+([^\n]+)", statement):
            if re.search(r"_id\b", clause) or "{key}" in clause:
                assert "practice_id" in clause or "{key}" in clause or "{group}" in clause, clause
    for key in queries.UTILIZATION_GROUPS.values():
        assert key == "is_hygiene" or key.startswith("practice_id, "), key


def test_the_practice_filter_is_always_applied() -> None:
    from period import Filters

    choice = Filters(date(2026, 1, 1), date(2026, 1, 31), clinic_ids=(("a", 1),), provider_ids=(("b", 1),),
                     practice_ids=("a", "b"))
    conditions, params = queries.where(choice)
    assert conditions == (" and practice_id in :practice_ids"
                          " and (practice_id, clinic_id) in ((:clinic_practice_0, :clinic_0))"
                          " and (practice_id, provider_id) in ((:provider_practice_0, :provider_0))")
    assert params == {"practice_ids": ("a", "b"), "clinic_practice_0": "a", "clinic_0": 1,
                      "provider_practice_0": "b", "provider_0": 1}
    # a login that may see no practice of the warehouse sees no row
    assert queries.where(Filters(date(2026, 1, 1), date(2026, 1, 31), practice_ids=()))[0] == " and 1 = 0"


def test_only_queries_talks_to_the_database() -> None:
    modules = [path for path in DASHBOARDS.rglob("*.py") if path.name not in ("queries.py", "browser.py")]
    assert len(modules) >= 10
    for path in modules:
        source = path.read_text(encoding="utf-8")
        used = [name for name in DATABASE_ACCESS if name in source]
        where = path.relative_to(DASHBOARDS)
        assert not used, f"{where} reaches the database itself ({used}): use queries.py"
        assert not sql_strings(source), f"{where} holds SQL: it belongs in queries.py"


def test_each_rate_is_read_with_the_numerator_and_denominator_the_mart_ships() -> None:
    # The pairs themselves are checked against the mart's rows in test_pages.py; here: they name real columns.
    for rate, (numerator, denominator, decimals) in queries.KPI_RATES.items():
        assert numerator in queries.KPI_SUMS and denominator in queries.KPI_SUMS, rate
        assert decimals in (2, 4)
