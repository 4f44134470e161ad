"""Fixtures for loader tests: a source database, a private raw schema and dlt state dir per test."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

import pytest

import loader_support
from loader_support import database_url, server_connection


@dataclass
class LoaderEnv:
    """One test's world: source database, raw schema, state dir and the MDC_* environment."""

    source: str
    raw: str
    state_dir: Path
    env: dict[str, str] = field(default_factory=dict)

    def load(self, *args: str, **overrides: str) -> tuple[int, str]:
        """Run ``mdc load`` in-process; return (exit code, everything it printed)."""
        from loaders import opendental_pipeline

        parser = argparse.ArgumentParser()
        opendental_pipeline.add_arguments(parser)
        out = io.StringIO()
        with mock.patch.dict(os.environ, {**self.env, **overrides}), \
                contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = opendental_pipeline.run(parser.parse_args(["--no-progress", *args]))
        return code, out.getvalue()

    def source_sql(self, *statements: str) -> None:
        """Run statements on the source as OpenDental would (sql_mode='')."""
        with server_connection(self.source) as conn, conn.cursor() as cur:
            cur.execute("SET SESSION sql_mode=''")
            for statement in statements:
                cur.execute(statement)

    def query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        """All rows of ``sql`` (UTC session, no default database)."""
        with server_connection() as conn, conn.cursor() as cur:
            cur.execute("SET SESSION time_zone='+00:00'")
            cur.execute(sql, params)
            return list(cur.fetchall())

    def differences(self, skip: dict[str, tuple[str, ...]] | None = None) -> list[str]:
        """Every difference between source and raw (see loader_support.differences)."""
        skip = {"inssub": ("SubscriberID",), **(skip or {})}
        return loader_support.all_differences(self.source, self.raw, skip)


def drop_raw(raw: str) -> None:
    """Drop a raw schema and its staging schema."""
    with server_connection() as conn, conn.cursor() as cur:
        for name in (raw, f"{raw}_staging"):
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")


def new_env(source: str, state_dir: Path) -> LoaderEnv:
    """A LoaderEnv for ``source`` with a fresh raw schema name."""
    raw = f"mdct_raw_{uuid.uuid4().hex[:10]}"
    env = {
        "MDC_SOURCE_URL": database_url(source),
        "MDC_SOURCE_REPLICA_URL": "",
        "MDC_WAREHOUSE_URL": database_url(None),
        "MDC_RAW_SCHEMA": raw,
        "MDC_PHI_HASH_KEY": "test-secret",
        "MDC_CATALOGUE": "",
        "MDC_STATE_DIR": str(state_dir),
    }
    return LoaderEnv(source, raw, state_dir, env)


@pytest.fixture
def loader_env(make_database: Callable[[str], str], tmp_path: Path) -> Iterator[LoaderEnv]:
    """An OpenDental source (57 core tables, empty), a private raw schema and dlt state dir."""
    source = make_database("src")
    with server_connection(source) as conn:
        loader_support.create_schema(conn)
    env = new_env(source, tmp_path / "state")
    try:
        yield env
    finally:
        drop_raw(env.raw)


@pytest.fixture(scope="module")
def dirty_loaded(make_module_database: Callable[[str], str],
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LoaderEnv, int, str]]:
    """A source with the dirty rows and bulk rows, loaded once: (env, exit code, output)."""
    source = make_module_database("src")
    with server_connection(source) as conn:
        loader_support.create_schema(conn)
        loader_support.insert_rows(conn, loader_support.DIRTY_ROWS)
        loader_support.bulk_rows(conn, procedures=5000, claimprocs=5000)
    env = new_env(source, tmp_path_factory.mktemp("state"))
    try:
        code, output = env.load()
        yield env, code, output
    finally:
        drop_raw(env.raw)
