"""The dashboards read only marts, through one module: static checks on the app's source.

The runtime counterpart (every statement actually sent while rendering each page names only mart/dim/fct
relations of MDC_DBT_SCHEMA) is in test_pages.py.
"""

from __future__ import annotations

import re

import pytest
import queries
from dashboard_support import DASHBOARDS

RELATION = re.compile(r"""\b(?:from|join)\s+(\S+)""", re.IGNORECASE)
ALLOWED_RELATION = re.compile(r"""^\{rel\(["'](?:mart|dim|fct)_[a-z0-9_]+["']\)\}$""")
DATABASE_ACCESS = ("sqlalchemy", "pymysql", "read_sql", "create_engine", "queries.fetch", "queries.scalar",
                   "queries._fetch")


def sql_strings(source: str) -> list[str]:
    """Triple-quoted and single-line string literals that look like SQL."""
    literals = re.findall(r'f?"""(.*?)"""', source, re.DOTALL) + re.findall(r'f?"([^"\n]*)"', source)
    return [text for text in literals if re.search(r"\bselect\b.*\bfrom\b", text, re.IGNORECASE | re.DOTALL)]


def test_every_relation_in_queries_is_named_through_rel() -> None:
    source = (DASHBOARDS / "queries.py").read_text(encoding="utf-8")
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
    assert queries.rel("mart_ar_aging") == "`practice_two`.`mart_ar_aging`"
    assert queries.rel("dim_clinic") == "`practice_two`.`dim_clinic`"


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
