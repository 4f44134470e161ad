"""Fixtures for the tests of the ``mdc`` package (doctor, connections, indexes, the dbt runner).

These tests reuse the helpers of tests/dbt (``dbt_support``) and tests/loaders (``loader_support``): both
folders go on sys.path here (pytest puts only tests/ and this folder there).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
for folder in ("dbt", "loaders"):
    if str(TESTS / folder) not in sys.path:
        sys.path.insert(0, str(TESTS / folder))

import loader_support  # noqa: E402
from loader_support import LoaderEnv  # noqa: E402


@pytest.fixture
def loader_env(make_database: Callable[[str], str], tmp_path: Path) -> Iterator[LoaderEnv]:
    """An OpenDental source (57 core tables, empty), a private raw schema and dlt state dir."""
    yield from loader_support.fresh_loader_env(make_database, tmp_path)
