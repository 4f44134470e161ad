"""A group of practices (MDC_PRACTICES): every query keeps to the practices shown, clinic and provider keys
are (practice_id, id), the side-by-side page adds up, and a login limited to one practice sees nothing of
another on any page.

The group warehouse: two tiny synthetic practices whose OpenDental numbers collide, each built alone, and
dbt's group layer over both (dashboard_support.GroupWarehouse).
"""

from __future__ import annotations

import inspect
import os
import re
import uuid
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import canonical
import layout
import pandas as pd
import pymysql.cursors
import pytest
import queries
import streamlit as st
from dashboard_support import APP, GROUP_PRACTICES, GROUP_REUSE_VARIABLE, PASSWORD, GroupWarehouse
from navigation import PAGES
from period import SINGLE_PRACTICE, Filters, default_range
from streamlit.testing.v1 import AppTest

from mdc.dashboard import LoginConfigError, read_login_config
from testdb import server_connection

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("dashboards_group")]
PRACTICE_IDS = tuple(GROUP_PRACTICES)
MONEY = re.compile(r"-?\$[0-9,]+\.[0-9]{2}")


@pytest.fixture(scope="module")
def group_warehouse(make_module_database: Callable[[str], str],
                    tmp_path_factory: pytest.TempPathFactory) -> Iterator[GroupWarehouse]:
    """The group, built once for the module (MDC_TEST_DASHBOARD_GROUP_SCHEMA reuses a built one); its
    MDC_* variables are set for the module, as `mdc dashboard` would see them."""
    work = tmp_path_factory.mktemp("group")
    reused = os.environ.get(GROUP_REUSE_VARIABLE, "")
    warehouse = GroupWarehouse(reused or make_module_database("dgrp"), work / "practices.toml")
    if reused:
        warehouse.write_practices_file()
    else:
        warehouse.build(work)
    with pytest.MonkeyPatch.context() as patch:
        for name, value in warehouse.environment().items():
            patch.setenv(name, value)
        st.cache_data.clear()
        yield warehouse
    st.cache_data.clear()


@pytest.fixture
def as_single(group_warehouse: GroupWarehouse, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Point the dashboards at one practice's own marts, as a warehouse of that practice alone."""

    def point(practice_id: str) -> None:
        monkeypatch.delenv("MDC_PRACTICES")
        monkeypatch.setenv("MDC_DBT_SCHEMA", group_warehouse.schema(practice_id))

    return point


def period(warehouse: GroupWarehouse) -> tuple[date, date]:
    """The default dates of the group (13 whole months to the last complete one)."""
    _, last_complete, _ = queries.data_period(PRACTICE_IDS)
    return default_range(last_complete)


def comparable(value: Any) -> Any:
    """A query's answer without its practice: frames as records without ``practice_id``, (practice, id)
    keys as ids, so one practice's slice of the group compares with that practice built alone."""
    if isinstance(value, pd.DataFrame):
        frame = value.drop(columns=["practice_id"], errors="ignore")
        return [{column: (None if pd.isna(cell) else cell) for column, cell in row.items()}
                for row in frame.to_dict("records")]
    if isinstance(value, Mapping):
        return {key[1] if isinstance(key, tuple) else "practice": shown for key, shown in value.items()}
    return value


def every_query(choice: Filters) -> dict[str, Any]:
    """Every public query of dashboards/queries.py for ``choice``, by name (a new query must be added)."""
    first_month = choice.start.replace(day=1)
    as_of = queries.aging_as_of(choice)
    assert as_of is not None
    answers = {
        "kpis_by_month": queries.kpis_by_month(choice, first_month, choice.end),
        "kpis_for_period": queries.kpis_for_period(choice),
        "kpis_for_period by provider": queries.kpis_for_period(choice, by="provider"),
        "data_period": queries.data_period(choice.practice_ids),
        "as_of_dates": list(queries.as_of_dates(choice.practice_ids).values()),
        "data_quality": queries.data_quality(choice.practice_ids).drop(columns=["checked_at"]),
        "practices_compared": queries.practices_compared(choice),
        "production_income": queries.production_income(choice),
        **{f"production_income by {by}": queries.production_income(choice, by=by)
           for by in queries.PRODUCTION_INCOME_GROUPS},
        "writeoff_dating": queries.writeoff_dating(choice),
        "aging_as_of": as_of,
        "aging_totals": queries.aging_totals(choice, as_of),
        "aging_history": queries.aging_history(choice),
        "largest_balances": queries.largest_balances(choice, as_of),
        "clinics": queries.clinics(choice.practice_ids),
        "providers": queries.providers(choice.practice_ids),
        "new_patients": queries.new_patients(choice),
        "recalls_due": queries.recalls_due(choice),
        "unaccepted_treatment": queries.unaccepted_treatment(choice),
        "claims_by_status": queries.claims_by_status(choice),
        "sent_claims": queries.sent_claims(choice),
        **{f"utilization by {by}": queries.utilization(choice, by) for by in queries.UTILIZATION_GROUPS},
        "utilization_by_weekday_hour": queries.utilization_by_weekday_hour(choice),
        "patients_to_call": queries.patients_to_call(choice),
    }
    return {name: comparable(answer) for name, answer in answers.items()}


def test_every_query_is_exercised() -> None:
    # Helpers that run no statement of their own, and practices() (tested on its own below).
    not_queries = {"fetch", "scalar", "where", "practice_where", "rel", "is_group", "as_dict", "to_date",
                   "kpi_level", "kpi_source", "practices"}
    public = {name for name, member in inspect.getmembers(queries, inspect.isfunction)
              if not name.startswith("_") and member.__module__ == "queries"}
    source = inspect.getsource(every_query)
    assert {name for name in public - not_queries if f"queries.{name}(" not in source} == set()


def key_choices(warehouse: GroupWarehouse, practice_id: str) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """(clinic ids, provider ids) to try: none, the busiest clinic, the two busiest providers, both."""
    schema = warehouse.schema(practice_id)
    clinic = warehouse.rows("select clinic_id from mart_kpis_monthly group by clinic_id "
                            "order by sum(net_production) desc limit 1", schema=schema)[0]["clinic_id"]
    providers = tuple(row["provider_id"] for row in warehouse.rows(
        "select provider_id from mart_kpis_monthly group by provider_id order by sum(net_production) desc "
        "limit 2", schema=schema))
    return [((), ()), ((clinic,), ()), ((), providers), ((clinic,), providers[:1])]


@pytest.mark.parametrize("practice_id", PRACTICE_IDS)
def test_each_practice_of_the_group_reads_as_that_practice_alone(
        group_warehouse: GroupWarehouse, as_single: Callable[[str], None], practice_id: str) -> None:
    """Every query, for one practice of the group and for some of its clinics and providers (whose ids
    the other practice has too), answers what it answers on that practice's own marts."""
    start, end = period(group_warehouse)
    in_group, keyed = {}, {}
    for clinics, providers in key_choices(group_warehouse, practice_id):
        keys = tuple((practice_id, c) for c in clinics), tuple((practice_id, p) for p in providers)
        in_group[clinics, providers] = every_query(Filters(start, end, *keys, (practice_id,)))
        if clinics or providers:  # every practice shown, this practice's clinic or providers chosen
            keyed[clinics, providers] = every_query(Filters(start, end, *keys, PRACTICE_IDS))
    as_single(practice_id)
    for (clinics, providers), answers in in_group.items():
        choice = Filters(start, end, tuple((SINGLE_PRACTICE, c) for c in clinics),
                         tuple((SINGLE_PRACTICE, p) for p in providers))
        alone = every_query(choice)
        for name, answer in answers.items():
            assert answer == alone[name], (name, clinics, providers)
        # Queries of the practices alone (the sidebar's lists, data quality) do not take clinic keys.
        for name, answer in keyed.get((clinics, providers), {}).items():
            if name not in ("data_period", "as_of_dates", "data_quality", "clinics", "providers"):
                assert answer == alone[name], ("every practice shown", name, clinics, providers)
    assert len(keyed) == 3
    # the choices are not trivial: the practice has rows in the marts the pages list
    assert in_group[(), ()]["new_patients"] and in_group[(), ()]["sent_claims"]


def test_the_practices_collide_and_differ(group_warehouse: GroupWarehouse) -> None:
    """Guard on the fixture: both practices use the same provider and clinic numbers, for other people,
    and their figures differ, so a query mixing them would show."""
    start, end = period(group_warehouse)
    a, b = (every_query(Filters(start, end, practice_ids=(practice_id,))) for practice_id in PRACTICE_IDS)
    assert set(a["providers"]) & set(b["providers"])
    assert a["providers"] != b["providers"]
    assert a["kpis_for_period"] != b["kpis_for_period"]


def test_the_group_total_adds_up_the_practices(group_warehouse: GroupWarehouse) -> None:
    start, end = period(group_warehouse)
    choice = Filters(start, end, practice_ids=PRACTICE_IDS)
    compared = queries.practices_compared(choice)
    rows = {None if pd.isna(row["practice_id"]) else row["practice_id"]: row
            for row in compared.to_dict("records")}
    assert set(rows) == {*PRACTICE_IDS, None}
    total = rows[None]
    for column in queries.GROUP_SUMS:
        assert total[column] == sum(rows[practice_id][column] for practice_id in PRACTICE_IDS), column
    for rate in queries.GROUP_RATES:  # from the summed numerator and denominator, never averaged
        numerator, denominator, _ = queries.KPI_RATES[rate]
        expected = (Decimal(total[numerator]) / Decimal(total[denominator])).quantize(Decimal("0.0001"))
        assert Decimal(total[rate]) == expected, rate
    share = (Decimal(total["ar_over_90"]) / Decimal(total["ar_total"])).quantize(Decimal("0.0001"))
    assert Decimal(total["ar_over_90_share"]) == share
    # each practice's row is its own marts': the month range summed there, independently of queries.py
    for practice_id in PRACTICE_IDS:
        (own,) = group_warehouse.rows(
            "select sum(net_production) as net_production, sum(new_patients) as new_patients, "
            "sum(case when month_start_date = %s then ar_over_90 end) as ar_over_90 "
            "from mart_kpis_monthly where month_start_date between %s and %s",
            choice.report_month, start, end, schema=group_warehouse.schema(practice_id))
        assert {column: rows[practice_id][column] for column in own} == own


def test_practices_are_named_from_dim_practice_and_limited_to_the_login(
        group_warehouse: GroupWarehouse, as_single: Callable[[str], None]) -> None:
    names = {practice_id: name for practice_id, (name, _) in GROUP_PRACTICES.items()}
    assert dict(queries.practices(None)) == dict(sorted(names.items(), key=lambda item: item[1]))
    assert dict(queries.practices(("b",))) == {"b": names["b"]}
    assert dict(queries.practices(("elsewhere",))) == {}
    as_single("a")
    assert dict(queries.practices(None)) == {SINGLE_PRACTICE: "This practice"}


def test_a_single_practice_reads_through_a_merged_derived_table(
        group_warehouse: GroupWarehouse, as_single: Callable[[str], None]) -> None:
    """rel() wraps a single practice's mart to add practice_id; MariaDB merges it (no temporary table)."""
    as_single("a")
    conditions, params = queries.practice_where((SINGLE_PRACTICE,))
    sql = f"select count(*) from {queries.rel('mart_kpis_monthly')} where 1 = 1{conditions}"
    plan = group_warehouse.rows("explain " + sql.replace(":practice_ids", "(%s)"), SINGLE_PRACTICE,
                                schema=group_warehouse.schema("a"))
    assert [row["select_type"] for row in plan] == ["SIMPLE"], plan
    assert plan[0]["table"] == "single"


# --- Logins limited to practices ---------------------------------------------------------------------------

def write_logins(path: Path, users: Mapping[str, list[str] | None]) -> Path:
    """A credentials file: every user has :data:`PASSWORD`; a list limits the user to those practices."""
    import bcrypt

    digest = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
    lines = ["cookie: {name: mdc_dashboard_group, key: " + "k" * 40 + ", expiry_days: 1}",
             "credentials:", "  usernames:"]
    for user, practices in users.items():
        limit = "" if practices is None else f", practices: [{', '.join(practices)}]"
        lines.append(f"    {user}: {{name: {user.title()}, password: '{digest}'{limit}}}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("practices", "known", "message"), [
    (["a"], None, "only a group of practices"),
    (["a", "west"], ["a", "b"], "unknown practice"),
    ("a", ["a", "b"], "expected a non-empty list"),
    ([], ["a", "b"], "expected a non-empty list"),
    ([1], ["a", "b"], "expected a non-empty list"),
])
def test_a_login_limit_is_checked(tmp_path: Path, practices: Any, known: list[str] | None,
                                  message: str) -> None:
    path = write_logins(tmp_path / "auth.yaml", {"alice": ["a"]})
    text = path.read_text(encoding="utf-8").replace("practices: [a]", f"practices: {practices!r}")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoginConfigError, match=message) as raised:
        read_login_config(path, known)
    assert "user 'alice': practices" in str(raised.value)


def test_an_unknown_user_key_is_refused(tmp_path: Path) -> None:
    path = write_logins(tmp_path / "auth.yaml", {"alice": None})
    path.write_text(path.read_text(encoding="utf-8").replace("name: Alice", "practice: a, name: Alice"),
                    encoding="utf-8")
    with pytest.raises(LoginConfigError, match="user 'alice': unknown key.s. practice "):
        read_login_config(path, ["a", "b"])


def test_a_login_limit_is_read(tmp_path: Path) -> None:
    path = write_logins(tmp_path / "auth.yaml", {"alice": ["a"], "olga": None})
    login = read_login_config(path, ["a", "b"])
    assert login.usernames["alice"]["practices"] == ["a"]
    assert "practices" not in login.usernames["olga"]


def logged_in(user: str) -> AppTest:
    """The app served beyond 127.0.0.1, after ``user`` logs in."""
    app = AppTest.from_file(str(APP), default_timeout=180).run()
    app.text_input[0].input(user)
    app.text_input[1].input(PASSWORD)
    app.button[0].click().run()
    assert app.session_state["authentication_status"] is True
    return app


def page_text(app: AppTest) -> str:
    """Everything the run drew: each element's message (labels, values, options, captions, chart specs)
    and the cells of every table."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        for child in getattr(node, "children", {}).values():
            walk(child)
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        value = getattr(node, "value", None) if type(node).__name__ in ("Dataframe", "Table") else None
        if isinstance(value, pd.DataFrame):
            parts.append(value.to_csv())

    walk(app._tree)
    return "\n".join(parts)


def show(app: AppTest, page: str, practices: list[str] | None = None) -> str:
    """Switch to ``page`` (choosing ``practices`` in the filter when given) and return its text."""
    app.switch_page(page).run()
    if practices is not None:
        app.multiselect(key="filter_practices").set_value(practices).run()
    assert not app.exception, [item.value for item in app.exception]
    assert not app.error, [item.value for item in app.error]
    return page_text(app)


@pytest.fixture
def served_with_logins(group_warehouse: GroupWarehouse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                       listening_on: Callable[[str], None]) -> None:
    """The group served on 0.0.0.0: alice may see practice a only, olga every practice."""
    logins = write_logins(tmp_path / f"auth-{uuid.uuid4().hex[:6]}.yaml", {"alice": ["a"], "olga": None})
    monkeypatch.setenv("MDC_DASHBOARD_AUTH_FILE", str(logins))
    listening_on("0.0.0.0")


def test_a_login_limited_to_one_practice_sees_nothing_of_another_on_any_page(
        served_with_logins: None, group_warehouse: GroupWarehouse) -> None:
    alice, olga = logged_in("alice"), logged_in("olga")
    b_name, a_name = GROUP_PRACTICES["b"][0], GROUP_PRACTICES["a"][0]
    b_only_anywhere: set[str] = set()
    for page in PAGES:
        limited = show(alice, page.path)
        assert b_name not in limited, page.path
        # olga with practice a chosen sees the same page as alice; b's figures are not on it
        only_a = show(olga, page.path, ["a"])
        only_b = show(olga, page.path, ["b"])
        everything = show(olga, page.path, [])
        assert b_name in everything, page.path  # the sidebar names both practices for olga
        b_only = set(MONEY.findall(only_b)) - set(MONEY.findall(only_a))
        b_only_anywhere |= b_only
        assert set(MONEY.findall(limited)) & b_only == set(), page.path
        assert set(MONEY.findall(limited)) == set(MONEY.findall(only_a)), page.path
    assert len(b_only_anywhere) > 50, "practice b shows hardly any figure of its own: a weak test"
    # alice's filter offers practice a's clinics and providers only, and no practice filter at all
    alice.switch_page("views/overview.py").run()
    assert not [widget for widget in alice.multiselect if widget.key == "filter_practices"]
    own = [row["label"] for row in group_warehouse.rows(
        "select concat(provider_abbreviation, ' (', provider_name, ', ', provider_type, ')') as label "
        "from dim_provider order by is_unassigned, provider_abbreviation",
        schema=group_warehouse.schema("a"))]
    assert list(alice.multiselect(key="filter_providers").options) == own
    # the group page: olga sees both practices and the total; alice one practice (and its total)
    group_page = show(olga, "views/practices.py", [])
    assert a_name in group_page and b_name in group_page and "Group total" in group_page
    limited = show(alice, "views/practices.py")
    assert a_name in limited and b_name not in limited


def test_the_overview_of_a_limited_login_is_its_practice(
        served_with_logins: None, group_warehouse: GroupWarehouse) -> None:
    """Figures independent of queries.py: alice's overview cards are practice a's own mart row."""
    alice = logged_in("alice")
    alice.switch_page("views/overview.py").run()
    _, last_complete, _ = queries.data_period(("a",))
    month = Filters(*default_range(last_complete)).report_month
    (row,) = group_warehouse.rows(
        "select gross_production, collections from mart_kpis_monthly_practice "
        "where rollup_level = 'practice' and month_start_date = %s", month,
        schema=group_warehouse.schema("a"))
    cards = {metric.label: metric.value for metric in alice.metric}
    assert cards["Gross production"] == layout.money(row["gross_production"])
    assert cards["Collections"] == layout.money(row["collections"])


def test_the_group_forms_of_the_canonical_queries_are_the_practices_own_answers(
    group_warehouse: GroupWarehouse,
) -> None:
    """dashboards/sql/group/ (what make bench-group times) on the group layer: the P&I and KPI rows of each
    practice are that practice's own canonical answers, the aging sums are the sums of the practices'. The
    single practice's SQL on the group layer would join patient 1 of a to patient 1 of b and count twice."""
    def answer(schema: str, query: canonical.CanonicalQuery) -> list[dict[str, Any]]:
        with server_connection(schema) as conn, conn.cursor(pymysql.cursors.DictCursor) as cur:
            cur.execute(query.sql, query.params)
            return list(cur.fetchall())

    last_day = period(group_warehouse)[1]
    alone = {p: {q.name: answer(group_warehouse.schema(p), q) for q in canonical.canonical_queries(last_day)}
             for p in PRACTICE_IDS}
    for query in canonical.canonical_queries(last_day, group=True):
        together = answer(group_warehouse.group, query)
        assert together, query.name
        if "practice_id" in together[0]:  # rows of one practice each: that practice's own rows
            for practice_id in PRACTICE_IDS:
                mine = [{k: v for k, v in row.items() if k != "practice_id"}
                        for row in together if row["practice_id"] == practice_id]
                assert mine == alone[practice_id][query.name], (query.name, practice_id)
        else:  # group sums: the sums of the practices' (aging on one date; history by month end)
            for i, row in enumerate(together):
                for column, value in row.items():
                    if column == "as_of_date":
                        continue
                    parts = [alone[p][query.name][i][column] for p in PRACTICE_IDS]
                    assert value == sum(parts), (query.name, column, row.get("as_of_date"))
        single_sql = canonical.load_sql(query.name)
        if "guarantors" in single_sql:  # the single practice's join, on the group: patients of both meet
            naive = canonical.CanonicalQuery(query.name, single_sql, query.params)
            assert answer(group_warehouse.group, naive) != together, query.name
