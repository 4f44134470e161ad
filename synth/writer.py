"""Write rows the way OpenDental does: every column explicit, bulk-loaded with LOAD DATA.

Generators hand over dicts holding only the columns they care about. :class:`RowFormatter` fills
the rest the way OpenDental's CRUD layer writes them ('' for strings, 0 for numbers,
'0001-01-01' for blank dates, the column's own default for sentinels such as -1) and renders one
tab-separated line per row. TIMESTAMP columns must always be given: left out, MariaDB would stamp
wall-clock time and the database would no longer be deterministic.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Callable
from functools import cache
from typing import Any, TextIO

from pymysql.connections import Connection

from .ddl import Column, TableDef, table_defs

Row = dict[str, Any]

# LOAD DATA escapes (FIELDS ESCAPED BY '\\'): backslash, tab, newline, carriage return, NUL.
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\0": "\\0"})
NULL = "\\N"
ZERO_DATES = {"0000-00-00", "0000-00-00 00:00:00"}


class RowError(ValueError):
    """A row cannot be written; the message names the table, the row key and the column."""


def _format_int(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if not isinstance(value, int):
        raise TypeError(f"expected an integer, got {value!r}")
    return str(value)


def _format_float(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {value!r}")
    if value != value or value in (float("inf"), float("-inf")):
        raise TypeError(f"expected a finite number, got {value!r}")
    return repr(float(value))


def _format_str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {value!r}")
    return value.translate(_ESCAPES)


def _format_date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        raise TypeError(f"expected a date, got the datetime {value!r}")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value in ZERO_DATES:
        return value
    raise TypeError(f"expected a date, got {value!r}")


def _format_datetime(value: Any) -> str:
    if isinstance(value, dt.datetime):
        if value.microsecond:
            raise TypeError(f"datetimes are stored to the second, got {value!r}")
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat() + " 00:00:00"
    if isinstance(value, str) and value in ZERO_DATES:
        return value
    raise TypeError(f"expected a datetime, got {value!r}")


def _format_timestamp(value: Any) -> str:
    if not isinstance(value, dt.datetime) or value.year < 1971:
        raise TypeError(f"expected a simulated datetime after 1970, got {value!r}")
    return _format_datetime(value)


def _format_time(value: Any) -> str:
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, dt.timedelta):
        seconds = int(value.total_seconds())
        return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    raise TypeError(f"expected a time of day, got {value!r}")


_FORMATTERS: dict[str, Callable[[Any], str]] = {
    "int": _format_int,
    "float": _format_float,
    "str": _format_str,
    "date": _format_date,
    "datetime": _format_datetime,
    "timestamp": _format_timestamp,
    "time": _format_time,
}
_BLANKS = {
    "int": "0",
    "float": "0",
    "str": "",
    "date": "0001-01-01",
    "datetime": "0001-01-01 00:00:00",
    "time": "00:00:00",
}


def _blank(column: Column) -> str | None:
    """What OpenDental writes into a column the generator left out (None: the column must be given)."""
    if column.base == "timestamp":
        return None
    default = column.default
    if default is not None and default not in ZERO_DATES:
        if column.base == "datetime" and len(default) == 10:
            return default + " 00:00:00"
        return default.translate(_ESCAPES)
    return _BLANKS[column.base]


class RowFormatter:
    """Renders rows of one table as LOAD DATA lines, checking names and types on the way.

    Rows are rendered by a function generated per table (one expression per column: a column
    still holding its shared blank value is copied as pre-rendered text, other values get a type
    check); any surprise (unknown or missing column, wrong type, NULL in a NOT NULL column) falls
    back to a slow, column-by-column rendering that raises a :class:`RowError` naming the table,
    the row key and the column.
    """

    def __init__(self, table: TableDef) -> None:
        self.table = table
        self.names = tuple(column.name for column in table.columns)
        self._known = set(self.names)
        self._plan = tuple((column, _FORMATTERS[column.base], _blank(column)) for column in table.columns)
        self._fast = _compile(table)

    def line(self, row: Row) -> str:
        """One tab-separated line (no newline) for ``row``; raise :class:`RowError` on bad input."""
        if row.keys() <= self._known:
            try:
                return self._fast(row)
            except (KeyError, TypeError, AttributeError, ValueError):
                pass
        return self._checked_line(row)

    def _checked_line(self, row: Row) -> str:
        unknown = row.keys() - self._known
        if unknown:
            raise RowError(self._where(row, sorted(unknown)[0]) + ": no such column")
        parts = []
        for column, formatter, blank in self._plan:
            value = row.get(column.name, _MISSING)
            if value is _MISSING:
                if blank is None:
                    raise RowError(self._where(row, column.name) + ": must be given (it is a TIMESTAMP)")
                parts.append(blank)
            elif value is None:
                if not column.nullable:
                    raise RowError(self._where(row, column.name) + ": NULL in a NOT NULL column")
                parts.append(NULL)
            else:
                try:
                    parts.append(formatter(value))
                except TypeError as error:
                    raise RowError(f"{self._where(row, column.name)}: {error}") from None
        return "\t".join(parts)

    def _where(self, row: Row, column: str) -> str:
        key = self.table.primary_key
        return f"{self.table.name} row {key}={row.get(key)!r}, column {column}"


_FAST = {  # expression rendering value {v} of a column of each base type on the fast path
    "int": "(str({v}) if {v}.__class__ is int else _int({v}))",
    "float": "(repr({v}) if {v}.__class__ is float else _float({v}))",
    "str": "(({v}.translate(_ESC) if _SPECIAL({v}) else {v}) if {v}.__class__ is str else _str({v}))",
    "date": "({v}.isoformat() if {v}.__class__ is _date else _dateval({v}))",
    "datetime": "({v}.isoformat(' ') if {v}.__class__ is _datetime and not {v}.microsecond"
    " else _datetimeval({v}))",
    "timestamp": "({v}.isoformat(' ') if {v}.__class__ is _datetime and not {v}.microsecond"
    " and {v}.year > 1970 else _timestamp({v}))",
    "time": "({v}.isoformat() if {v}.__class__ is _time and not {v}.microsecond else _timeval({v}))",
}


def _compile(table: TableDef) -> Callable[[Row], str]:
    """Generate the fast renderer of ``table`` (one expression per column)."""
    blanks = blank_values(table.name)
    namespace: dict[str, Any] = {
        "_ESC": _ESCAPES,
        "_SPECIAL": re.compile(r"[\\\t\n\r\0]").search,
        "_date": dt.date,
        "_datetime": dt.datetime,
        "_int": _format_int,
        "_float": _format_float,
        "_str": _format_str,
        "_dateval": _format_date,
        "_datetimeval": _format_datetime,
        "_timestamp": _format_timestamp,
        "_time": dt.time,
        "_timeval": _format_time,
        "_null": _null,
        "_MISSING": _MISSING,
    }
    parts = []
    for index, column in enumerate(table.columns):
        value = f"v{index}"
        expression = _FAST[column.base].format(v=value)
        null = "'\\\\N'" if column.nullable else f"_null({column.name!r})"
        rendered = f"({null} if {value} is None else {expression})"
        name = repr(column.name)
        if column.name in blanks:  # shared blank object: its text is known in advance
            namespace[f"K{index}"], namespace[f"B{index}"] = blanks[column.name], _blank(column)
            parts.append(f"(B{index} if ({value} := get({name}, K{index})) is K{index} else {rendered})")
        else:  # TIMESTAMP or auto-increment key: must be present
            parts.append(f"(_null({name}) if ({value} := get({name}, _MISSING)) is _MISSING else {rendered})")
    body = ",\n        ".join(parts)
    source = f"def render(row):\n    get = row.get\n    return '\\t'.join(({body},))\n"
    exec(source, namespace)  # noqa: S102 - generated from the DDL's own column list
    return namespace["render"]  # type: ignore[no-any-return]


def _null(column: str) -> str:
    raise TypeError(f"NULL in NOT NULL column {column}")


_MISSING = object()


class BulkWriter:
    """Buffers rows per table in temporary TSV files and loads them with LOAD DATA LOCAL INFILE.

    Memory stays bounded: a table's file is loaded and emptied every ``chunk_rows`` rows.
    """

    def __init__(self, connection: Connection, chunk_rows: int = 200_000) -> None:
        self.connection = connection
        self.chunk_rows = chunk_rows
        self.counts: dict[str, int] = {}
        self._formatters = {name: RowFormatter(table) for name, table in table_defs().items()}
        self._directory = tempfile.TemporaryDirectory(prefix="mdc-synth-")
        self._files: dict[str, TextIO] = {}
        self._pending: dict[str, int] = {}

    def add(self, table: str, row: Row) -> None:
        """Queue one row of ``table``."""
        handle = self._files.get(table)
        if handle is None:
            if table not in self._formatters:
                raise RowError(f"{table}: not an OpenDental core table")
            path = os.path.join(self._directory.name, f"{table}.tsv")
            handle = self._files[table] = open(path, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
            self._pending[table] = 0
        handle.write(self._formatters[table].line(row) + "\n")
        pending = self._pending[table] = self._pending[table] + 1
        if pending >= self.chunk_rows:
            self.flush(table)

    def flush(self, table: str | None = None) -> None:
        """Load the queued rows of ``table`` (or of every table) into the database."""
        for name in [table] if table else list(self._files):
            handle = self._files.pop(name, None)
            if handle is None:
                continue
            handle.close()
            self._load(name, handle.name)
            os.unlink(handle.name)
            self.counts[name] = self.counts.get(name, 0) + self._pending.pop(name)

    def close(self) -> None:
        """Load everything still queued and remove the temporary files."""
        self.flush()
        self._directory.cleanup()

    def _load(self, table: str, path: str) -> None:
        columns = ",".join(f"`{name}`" for name in self._formatters[table].names)
        statement = (
            f"LOAD DATA LOCAL INFILE %s INTO TABLE `{table}` CHARACTER SET utf8mb4 "
            "FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' "
            f"({columns})"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(statement, (path,))
            cursor.execute("SHOW WARNINGS LIMIT 5")
            warnings = cursor.fetchall()
        if warnings:
            raise RowError(f"{table}: MariaDB warned while loading rows: {list(warnings)}")


def python_blank(column: Column) -> Any:
    """The Python value of what :class:`RowFormatter` writes for a column left out."""
    blank = _blank(column)
    if blank is None:
        return None
    if column.base == "int":
        return int(blank)
    if column.base == "float":
        return float(blank)
    if column.base == "date":
        return dt.date.fromisoformat(blank)
    if column.base == "datetime":
        return dt.datetime.fromisoformat(blank)
    if column.base == "time":
        return dt.time.fromisoformat(blank)
    return blank.replace("\\\\", "\\")


@cache
def blank_values(table: str) -> dict[str, Any]:
    """Blank value of every column that has one (not TIMESTAMPs, not auto-increment keys).

    The same objects are shared by every row completed with :func:`with_blanks`, which lets the
    renderer recognise an untouched column by identity.
    """
    return {
        column.name: python_blank(column)
        for column in table_defs()[table].columns
        if column.base != "timestamp" and not column.auto_increment
    }


def with_blanks(table: str, row: Row) -> Row:
    """``row`` completed with every missing column (except TIMESTAMPs) as OpenDental would write it."""
    return {**blank_values(table), **row}
