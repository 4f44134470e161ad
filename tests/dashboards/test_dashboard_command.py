"""`mdc dashboard`: the readiness check `make demo` ends with, missing marts, password hashing."""

from __future__ import annotations

import argparse
from collections.abc import Callable

import bcrypt
import layout
import pytest
from dashboard_support import DEFAULT_MONTH_SQL, SERVER_URL, DemoWarehouse
from navigation import PAGES

from mdc import dashboard
from mdc.dashboard import exposed_relations


def arguments(*flags: str) -> argparse.Namespace:
    """``mdc dashboard`` options as the command line would give them."""
    parser = argparse.ArgumentParser()
    dashboard.add_arguments(parser)
    return parser.parse_args(list(flags))


@pytest.mark.slow
@pytest.mark.xdist_group("dashboards")
def test_check_renders_every_page_and_prints_the_overview_figures(
        demo_warehouse: DemoWarehouse, listening_on: Callable[[str], None],
        capsys: pytest.CaptureFixture[str]) -> None:
    listening_on("")  # restored afterwards: the check sets loopback itself
    assert dashboard.run(arguments("--check")) == 0
    out = capsys.readouterr().out
    for page in PAGES:
        assert f"  {page.title}: ok" in out
    (row,) = demo_warehouse.rows(
        "select * from mart_kpis_monthly_practice where rollup_level = 'practice' and month_start_date = "
        f"({DEFAULT_MONTH_SQL})")
    assert f"      Net production: {layout.money(row['net_production'])}\n" in out
    assert f"      New patients: {layout.count(row['new_patients'])}\n" in out
    assert out.rstrip().endswith("ready: `make dashboard` serves http://127.0.0.1:8501")


def test_missing_marts_are_named_before_anything_is_served(
        make_database: Callable[[str], str], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("MDC_WAREHOUSE_URL", SERVER_URL)
    monkeypatch.setenv("MDC_DBT_SCHEMA", make_database("dashempty"))
    assert dashboard.run(arguments()) == 2
    err = capsys.readouterr().err
    wanted = sorted({name for names in exposed_relations().values() for name in names})
    assert len(wanted) >= 10
    assert f"lacks {', '.join(wanted)}: build the marts first" in err


@pytest.mark.parametrize(("typed", "code"), [
    (["a long passphrase"] * 2, 0), (["a long passphrase", "other"], 2), (["short"] * 2, 2),
])
def test_hash_password_prints_a_bcrypt_hash_of_what_was_typed_twice(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], typed: list[str],
        code: int) -> None:
    answers = iter(typed)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert dashboard.run(arguments("--hash-password")) == code
    out = capsys.readouterr().out.strip()
    if code == 0:
        assert bcrypt.checkpw(typed[0].encode(), out.encode())
        assert dashboard.BCRYPT_HASH.match(out)
    else:
        assert out == ""


def test_check_knows_an_empty_mart_and_an_empty_figure(
        make_database: Callable[[str], str], monkeypatch: pytest.MonkeyPatch) -> None:
    """What makes `--check` fail: a mart without rows, a headline figure without a non-zero digit."""
    from testdb import server_connection

    schema = make_database("dashcheck")
    with server_connection(schema) as conn, conn.cursor() as cur:
        cur.execute("create table mart_full (id int)")
        cur.execute("insert into mart_full values (1)")
        cur.execute("create table mart_empty (id int)")
    monkeypatch.setenv("MDC_WAREHOUSE_URL", SERVER_URL)
    assert dashboard.empty_relations(schema, {"mart_full", "mart_empty"}) == ["mart_empty"]
    assert [dashboard.shows_nothing(value) for value in ("$0.00", "0", "—", "$10.00", "-$0.50", "97.3%")] == [
        True, True, True, False, False, False]
