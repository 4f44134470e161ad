"""What the pages actually read: every statement sent while rendering names only mart/dim/fct relations of
MDC_DBT_SCHEMA, and each page reads exactly the models its dbt exposure declares."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import streamlit as st
from dashboard_support import APP, DemoWarehouse
from navigation import PAGES
from period import SINGLE_PRACTICE
from sqlalchemy import event
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from mdc.dashboard import exposed_relations

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("dashboards")]
QUALIFIED = re.compile(r"`([^`]+)`\.`([^`]+)`")


@contextmanager
def statements_sent() -> Iterator[list[str]]:
    """Record the SQL of every statement any SQLAlchemy engine sends in the block."""
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(Engine, "before_cursor_execute", record)


@pytest.fixture
def relations_read(demo_warehouse: DemoWarehouse, listening_on: Callable[[str], None]) -> dict[str, set[str]]:
    """Page exposure name -> models read while rendering it with no filters and with two providers chosen
    (the two ways the KPI pages query), caches cleared first so every query runs."""
    listening_on("127.0.0.1")
    two = [(SINGLE_PRACTICE, row["provider_id"]) for row in demo_warehouse.rows(
        "select provider_id from dim_provider where not is_unassigned order by provider_id limit 2")]
    read: dict[str, set[str]] = {}
    for page in PAGES:
        st.cache_data.clear()
        with statements_sent() as sent:
            app = AppTest.from_file(str(APP), default_timeout=180)
            app.switch_page(page.path).run()
            app.multiselect(key="filter_providers").set_value(two).run()
            assert not app.exception, [item.value for item in app.exception]
        names = [match for statement in sent for match in QUALIFIED.findall(statement)]
        assert names, f"{page.path} sent no statement"
        schemas = {schema for schema, _ in names}
        assert schemas == {demo_warehouse.marts}, f"{page.path} read other databases: {schemas}"
        read[page.exposure] = {name for _, name in names}
    return read


def test_pages_read_only_marts_of_the_dbt_schema(relations_read: dict[str, set[str]]) -> None:
    for exposure, names in relations_read.items():
        assert all(name.startswith(("mart_", "dim_", "fct_")) for name in names), (exposure, names)


def test_each_exposure_lists_exactly_what_its_page_reads(relations_read: dict[str, set[str]]) -> None:
    declared = {name: set(models) for name, models in exposed_relations().items()}
    assert declared == relations_read
