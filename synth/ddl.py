"""OpenDental 24.3's DDL for the 57 core tables, as shipped with the project.

The file ``opendental_24_3.sql`` next to this module is the project's copy of the reference DDL
(with a provenance header). This module splits it into statements and creates the tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pymysql.connections import Connection

DDL_PATH = Path(__file__).with_name("opendental_24_3.sql")
HEADER_END = "-- mdc-analytics header end\n"

_TABLE_NAME = re.compile(r"CREATE TABLE `(\w+)`")


def ddl_text() -> str:
    """The whole DDL file, header included."""
    return DDL_PATH.read_text(encoding="utf-8")


def reference_body() -> str:
    """The DDL as copied from the reference file (everything after the project's header)."""
    text = ddl_text()
    if HEADER_END not in text:
        raise ValueError(f"{DDL_PATH} lost its header end marker {HEADER_END.strip()!r}")
    return text.split(HEADER_END, 1)[1].lstrip("\n")


@lru_cache(maxsize=1)
def create_statements() -> tuple[str, ...]:
    """One ``CREATE TABLE`` statement per table, in file order."""
    lines = [line for line in ddl_text().splitlines() if not line.lstrip().startswith("--")]
    statements = [part.strip() for part in "\n".join(lines).split(";")]
    return tuple(statement for statement in statements if statement)


@lru_cache(maxsize=1)
def table_names() -> tuple[str, ...]:
    """The 57 table names, in file order."""
    names = []
    for statement in create_statements():
        match = _TABLE_NAME.search(statement)
        if not match:
            raise ValueError(f"{DDL_PATH}: statement without a table name: {statement[:80]!r}")
        names.append(match.group(1))
    return tuple(names)


def create_tables(connection: Connection, *, secondary_indexes: bool = True) -> None:
    """Create every table in the connection's current database under ``sql_mode=''``.

    OpenDental needs the blank sql_mode: seven tables have legacy ``'0000-00-00'`` defaults that
    strict modes reject. With ``secondary_indexes=False`` only primary keys are created; a bulk
    load then calls :func:`add_secondary_indexes`, which builds each index once, sorted, instead
    of maintaining it row by row (the resulting schema is identical).
    """
    with connection.cursor() as cursor:
        cursor.execute("SET SESSION sql_mode=''")
        for statement in create_statements():
            if not secondary_indexes:
                statement = "\n".join(line for line in statement.splitlines() if not _is_secondary_key(line))
                statement = re.sub(r",\s*\n\)", "\n)", statement)
            cursor.execute(statement)


def _is_secondary_key(line: str) -> bool:
    return line.strip().startswith(("KEY ", "UNIQUE KEY ", "INDEX "))


def add_secondary_indexes(connection: Connection) -> None:
    """Add the DDL's secondary indexes to tables created with ``secondary_indexes=False``."""
    with connection.cursor() as cursor:
        cursor.execute("SET SESSION sql_mode=''")
        for statement in create_statements():
            keys = [line.strip().rstrip(",") for line in statement.splitlines() if _is_secondary_key(line)]
            if keys:
                name = _TABLE_NAME.search(statement).group(1)  # type: ignore[union-attr]
                cursor.execute(f"ALTER TABLE `{name}` " + ", ".join(f"ADD {key}" for key in keys))


# ---------------------------------------------------------------------------------------------
# Column metadata parsed from the DDL (used to fill the columns a generator leaves out)

_COLUMN_LINE = re.compile(r"^\s*`(\w+)`\s+(\w+)(?:\([^)]*\))?(.*)$")
_DEFAULT = re.compile(r"DEFAULT\s+('(?:[^']*)'|[-\w.]+)", re.IGNORECASE)
_PRIMARY = re.compile(r"PRIMARY KEY \(`(\w+)`\)")

_BASE_TYPES = {
    "bigint": "int",
    "int": "int",
    "smallint": "int",
    "tinyint": "int",
    "mediumint": "int",
    "bool": "int",
    "double": "float",
    "float": "float",
    "decimal": "float",
    "varchar": "str",
    "char": "str",
    "text": "str",
    "mediumtext": "str",
    "longtext": "str",
    "date": "date",
    "datetime": "datetime",
    "timestamp": "timestamp",
    "time": "time",
}


@dataclass(frozen=True)
class Column:
    """One column of an OpenDental table as declared in the DDL."""

    name: str
    base: str  # int, float, str, date, datetime, timestamp or time
    nullable: bool
    default: str | None  # the DEFAULT literal without quotes, None when absent or NULL
    auto_increment: bool


@dataclass(frozen=True)
class TableDef:
    """One OpenDental table: its columns in order and its primary key."""

    name: str
    columns: tuple[Column, ...]
    primary_key: str

    @property
    def timestamp_columns(self) -> tuple[str, ...]:
        """Columns MariaDB would set to wall-clock now (``ON UPDATE CURRENT_TIMESTAMP``)."""
        return tuple(column.name for column in self.columns if column.base == "timestamp")


def _parse_table(statement: str) -> TableDef:
    name_match = _TABLE_NAME.search(statement)
    primary = _PRIMARY.search(statement)
    if not name_match or not primary:
        raise ValueError(f"{DDL_PATH}: cannot parse table or primary key in {statement[:80]!r}")
    columns = []
    for line in statement.splitlines()[1:]:
        match = _COLUMN_LINE.match(line)
        if not match:
            continue
        column_name, sql_type, rest = match.groups()
        if sql_type.lower() not in _BASE_TYPES:
            raise ValueError(f"{DDL_PATH}: {name_match.group(1)}.{column_name} has unknown type {sql_type}")
        default_match = _DEFAULT.search(rest)
        default = default_match.group(1).strip("'") if default_match else None
        if default is not None and default.upper() in {"NULL", "CURRENT_TIMESTAMP"}:
            default = None
        columns.append(
            Column(
                name=column_name,
                base=_BASE_TYPES[sql_type.lower()],
                nullable="NOT NULL" not in rest.upper(),
                default=default,
                auto_increment="AUTO_INCREMENT" in rest.upper(),
            )
        )
    return TableDef(name=name_match.group(1), columns=tuple(columns), primary_key=primary.group(1))


@lru_cache(maxsize=1)
def table_defs() -> dict[str, TableDef]:
    """Every table of the DDL by name."""
    return {table.name: table for table in (_parse_table(s) for s in create_statements())}
