"""Connections to the synthetic source database (PyMySQL, OpenDental's session settings)."""

from __future__ import annotations

import datetime as dt
import re

import pymysql
from pymysql.connections import Connection
from sqlalchemy.engine import make_url

from mdc.connections import scalar

from .ddl import table_names

# When the simulated practice runs OpenDental's aging on its last day (preference DateLastAging).
AGING_TIME = dt.time(21, 30)

_SAFE_NAME = re.compile(r"^[A-Za-z0-9_$]+$")


def database_name(url: str) -> str:
    """The database named in a SQLAlchemy URL; raise if there is none or it is unsafe to quote."""
    name = make_url(url).database
    if not name:
        raise ValueError(
            "the source URL must name a database, e.g. mysql+pymysql://root@127.0.0.1:3306/opendental"
        )
    if not _SAFE_NAME.match(name):
        raise ValueError(f"database name {name!r} may only contain letters, digits, '_' and '$'")
    return name


def connect(url: str, *, with_database: bool = True) -> Connection:
    """Open a PyMySQL connection for ``url`` with the session settings every synth write uses.

    The session runs with ``sql_mode=''`` (OpenDental's requirement) and ``time_zone='+00:00'``,
    so TIMESTAMP columns store exactly the simulated times written to them.
    """
    parsed = make_url(url)
    connection = pymysql.connect(
        host=parsed.host or "127.0.0.1",
        port=parsed.port or 3306,
        user=parsed.username or "root",
        password=parsed.password or "",
        database=database_name(url) if with_database else None,
        charset="utf8mb4",
        autocommit=True,
        local_infile=True,
    )
    with connection.cursor() as cursor:
        cursor.execute("SET SESSION sql_mode='', time_zone='+00:00'")
    return connection


def recreate_database(url: str) -> None:
    """Drop and re-create the database named in ``url`` (utf8mb4; the tables bring their own utf8)."""
    name = database_name(url)
    with connect(url, with_database=False) as connection, connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci")


def count_rows(connection: Connection) -> dict[str, int]:
    """Exact row counts of the 57 tables."""
    counts = {}
    with connection.cursor() as cursor:
        for table in table_names():
            counts[table] = int(scalar(cursor, f"SELECT COUNT(*) FROM `{table}`"))
    return counts
