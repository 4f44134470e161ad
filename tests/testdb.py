"""Plain helpers for tests that talk to the test MariaDB server (importable as ``testdb``).

Fixtures live in ``conftest.py``; these are ordinary functions so any test module can import them
(``from testdb import server_connection``) without importing a conftest by name.
"""

from __future__ import annotations

import os

import pymysql
from sqlalchemy.engine import make_url

SERVER_URL = os.environ.get("MDC_TEST_SERVER_URL", "mysql+pymysql://root@127.0.0.1:3306")


def server_connection(database: str | None = None) -> pymysql.connections.Connection:
    """A plain PyMySQL connection to the test server (autocommit, utf8mb4)."""
    url = make_url(SERVER_URL)
    return pymysql.connect(
        host=url.host or "127.0.0.1",
        port=url.port or 3306,
        user=url.username or "root",
        password=url.password or "",
        database=database,
        charset="utf8mb4",
        autocommit=True,
        local_infile=True,
    )


def database_url(database: str) -> str:
    """SQLAlchemy URL of ``database`` on the test server."""
    return make_url(SERVER_URL).set(database=database).render_as_string(hide_password=False)
