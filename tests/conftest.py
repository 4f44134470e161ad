"""Shared pytest fixtures: real MariaDB, one throwaway database per test (or per module).

Tests never touch a database they did not create: every name made here starts with ``mdct_``
and a random suffix, and is dropped when the fixture ends.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest

from testdb import SERVER_URL, database_url, server_connection


@pytest.fixture(scope="session")
def server_url() -> str:
    """URL of the test server without a database (what MDC_WAREHOUSE_URL looks like)."""
    return SERVER_URL


def _new_name(prefix: str) -> str:
    return f"mdct_{prefix}_{uuid.uuid4().hex[:10]}"


def _database_factory() -> Iterator[Callable[[str], str]]:
    made: list[str] = []

    def make(prefix: str = "db") -> str:
        name = _new_name(prefix)
        with server_connection() as conn, conn.cursor() as cur:
            cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci")
        made.append(name)
        return name

    yield make
    with server_connection() as conn, conn.cursor() as cur:
        for name in made:
            # Companions made next to a schema: `<name>_staging` (mdc load, dbt) and, for a group of
            # practices, `<name>_<practice>` and `<name>_<practice>_staging`. The random suffix in
            # `name` makes `<name>_%` ours alone.
            cur.execute("SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE %s",
                        (name.replace("_", "\\_") + "\\_%",))
            for database in [name, *(row[0] for row in cur.fetchall())]:
                cur.execute(f"DROP DATABASE IF EXISTS `{database}`")


@pytest.fixture
def make_database() -> Iterator[Callable[[str], str]]:
    """Factory: ``make_database("src")`` creates an empty, uniquely named database and returns its name.

    Every database made this way, and every companion named ``<name>_...`` that appeared (staging,
    a group's practices), is dropped at the end.
    """
    yield from _database_factory()


@pytest.fixture(scope="module")
def make_module_database() -> Iterator[Callable[[str], str]]:
    """Like :func:`make_database`, but the databases live for the whole test module."""
    yield from _database_factory()


@pytest.fixture(scope="module")
def tiny_practice(make_module_database: Callable[[str], str]) -> str:
    """Name of a database holding the synthetic practice ``create_practice(scale="tiny", seed=7)``.

    Module-scoped: built once per test module (a few seconds), dropped when the module ends.
    """
    from synth import PINNED_END_DATE, create_practice

    name = make_module_database("tiny")
    create_practice(database_url(name), scale="tiny", seed=7, end_date=PINNED_END_DATE)
    return name
