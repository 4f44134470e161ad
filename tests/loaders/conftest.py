"""Fixtures for loader tests: a source database, a private raw schema and dlt state dir per test."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import loader_support
import pytest
from loader_support import LoaderEnv, drop_raw, new_env, server_connection


@pytest.fixture
def loader_env(make_database: Callable[[str], str], tmp_path: Path) -> Iterator[LoaderEnv]:
    """An OpenDental source (57 core tables, empty), a private raw schema and dlt state dir."""
    yield from loader_support.fresh_loader_env(make_database, tmp_path)


@pytest.fixture(scope="session")
def dirty_loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LoaderEnv, int, str]]:
    """A source with the dirty rows and bulk rows, loaded once per worker: (env, exit code, output).

    Session-scoped (its tests share an xdist group) so the load runs once, not once per module visit.
    """
    source = f"mdct_src_{uuid.uuid4().hex[:10]}"
    with server_connection() as conn, conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE `{source}` CHARACTER SET utf8mb4")
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
        if source.startswith("mdct_src_"):
            with server_connection() as conn, conn.cursor() as cur:
                cur.execute(f"DROP DATABASE IF EXISTS `{source}`")
