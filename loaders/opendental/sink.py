"""The dlt destination: each load file goes into the warehouse with ``LOAD DATA LOCAL INFILE``.

dlt extracts the Arrow chunks into parquet load packages and calls :func:`raw_sink` once per file
(``batch_size=0``: the callable gets the file path). The sink writes the file's ready-made lines to
a temporary TSV and runs one ``LOAD DATA ... REPLACE`` in a transaction: rows are upserted by primary
key (so a rerun after a crash never duplicates), ``_loaded_at`` is set to UTC now, and any warning
(truncation, invalid value) rolls the file back and fails the table with a message naming table,
row key and column. The target columns travel with the table hint ``x-mdc-load``, so a package left
behind by a killed run is still loaded correctly by the next one.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import dlt
import pyarrow.parquet as pq
from dlt.common.schema import TTableSchema

from loaders.opendental.helpers import q, qualified
from loaders.opendental.schema import LOADED_AT, TablePlan
from loaders.opendental.warehouse import staging_schema
from mdc.connections import Connections, retry

log = logging.getLogger(__name__)

HINT = "x-mdc-load"
_RECORDS = re.compile(rb"Records:\s*(\d+)\s+Deleted:\s*(\d+)\s+Skipped:\s*(\d+)")
_ROW = re.compile(r"at row (\d+)")
_COLUMN = re.compile(r"column [`']?(?:[^`']*`\.`)*([A-Za-z0-9_$]+)[`']?")


class LoadDataError(RuntimeError):
    """LOAD DATA reported a warning or error; the message names table, row key and column."""


@dataclass
class TableTally:
    """What the sink did for one table in this run."""

    files: int = 0
    rows_written: int = 0
    seconds: float = 0.0
    error: str | None = None


@dataclass
class SinkContext:
    """What the sink needs from the running ``mdc load`` (set before ``pipeline.run``)."""

    connections: Connections
    raw_schema: str
    tmp_dir: str
    on_rows: Callable[[str, int], None] = lambda table, rows: None
    tallies: dict[str, TableTally] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def tally(self, table: str) -> TableTally:
        """The (thread-safe) tally for ``table``."""
        with self.lock:
            return self.tallies.setdefault(table, TableTally())


_context: SinkContext | None = None


def set_context(context: SinkContext | None) -> None:
    """Install the context used by :func:`raw_sink` (one ``mdc load`` at a time per process)."""
    global _context
    _context = context


def load_hint(plan: TablePlan, target: str) -> dict[str, Any]:
    """The ``x-mdc-load`` table hint: target (raw|staging), file columns, hex columns, key positions."""
    columns = plan.file_columns()
    return {
        "target": target,
        "columns": [c.name for c in columns],
        "hex": [c.name for c in columns if c.transport == "hex"],
        "key": [c.name for c in columns if c.name in plan.key],
        "key_positions": list(plan.key_positions()),
    }


@dlt.destination(
    batch_size=0,
    loader_file_format="parquet",
    name="mdc_raw",
    naming_convention="direct",
    skip_dlt_columns_and_tables=True,
)
def raw_sink(items: Any, table: TTableSchema, /) -> None:
    """dlt destination callable: load one parquet file (its path: ``batch_size=0``) into raw or staging."""
    if _context is None:
        raise RuntimeError("mdc load: sink context is not set")
    name = str(table.get("name"))
    hint = table.get(HINT)
    if not isinstance(hint, dict):
        raise RuntimeError(f"load file for table {name} has no {HINT} hint")
    load_file(_context, str(items), name, hint)


def load_file(context: SinkContext, path: str, table: str, hint: dict[str, Any]) -> int:
    """Load one parquet load file; return the number of rows written.

    Raises:
        LoadDataError: the server reported a warning for a row (nothing from this file is kept).
    """
    schema = context.raw_schema if hint["target"] == "raw" else staging_schema(context.raw_schema)
    tally = context.tally(table)
    began = time.monotonic()
    fd, tsv = tempfile.mkstemp(prefix=f"{table}.", suffix=".tsv", dir=context.tmp_dir)
    try:
        with os.fdopen(fd, "wb") as out:
            rows = _write_lines(path, out)
        if rows == 0:
            return 0
        written = retry(
            lambda: _load(context, schema, table, hint, tsv), what=f"loading {table} into the warehouse"
        )
    except Exception as exc:
        with context.lock:
            tally.error = tally.error or str(exc)
        raise
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tsv)
    with context.lock:
        tally.files += 1
        tally.rows_written += written
        tally.seconds += time.monotonic() - began
    context.on_rows(table, rows)
    return written


def _write_lines(path: str, out: Any) -> int:
    rows = 0
    for batch in pq.ParquetFile(path).iter_batches(columns=["_line"], batch_size=10_000):
        lines = batch.column(0).to_pylist()
        if lines:
            out.write(b"\n".join(lines))
            out.write(b"\n")
            rows += len(lines)
    return rows


def load_statement(schema: str, table: str, hint: dict[str, Any]) -> str:
    """The LOAD DATA statement for a TSV file (path bound as the only parameter)."""
    targets = []
    sets = [f"{q(LOADED_AT)} = UTC_TIMESTAMP(6)"]
    for i, name in enumerate(hint["columns"]):
        if name in hint["hex"]:
            targets.append(f"@hex{i}")
            sets.append(f"{q(name)} = UNHEX(@hex{i})")
        else:
            targets.append(q(name))
    return (
        f"LOAD DATA LOCAL INFILE %s REPLACE INTO TABLE {qualified(schema, table)} CHARACTER SET utf8mb4"
        r" FIELDS TERMINATED BY '\t' ESCAPED BY '\\' LINES TERMINATED BY '\n'"
        f" ({', '.join(targets)}) SET {', '.join(sets)}"
    )


def _load(context: SinkContext, schema: str, table: str, hint: dict[str, Any], tsv: str) -> int:
    with context.connections.warehouse() as conn:
        conn.begin()
        try:
            with conn.cursor() as cur:
                cur.execute(load_statement(schema, table, hint), (tsv,))
                # the server's info line, "Records: n Deleted: d Skipped: s ...";
                # PyMySQL keeps it on the cursor's result (not in its type stubs)
                result = getattr(cur, "_result", None)
                message = result.message if result else b""
                cur.execute("SHOW WARNINGS")
                warnings = [w for w in cur.fetchall() if w[0] != "Note"]
            if warnings:
                raise LoadDataError(_describe(table, hint, tsv, warnings))
            conn.commit()
        except BaseException:
            with contextlib.suppress(Exception):
                conn.rollback()
            raise
    match = _RECORDS.search(message or b"")
    return int(match.group(1)) - int(match.group(3)) if match else 0


def _describe(table: str, hint: dict[str, Any], tsv: str, warnings: list[tuple[Any, ...]]) -> str:
    """'table t, row with key ProcNum=12, column ProcFee: <server message>' for the first warning."""
    level, code, text = warnings[0][:3]
    where = f"table {table}"
    row = _ROW.search(str(text))
    if row and hint["key_positions"]:
        fields = _line_at(tsv, int(row.group(1)))
        if fields is not None:
            key = ", ".join(
                f"{name}={fields[pos].decode('utf-8', 'replace')}"
                for name, pos in zip(hint["key"], hint["key_positions"], strict=False)
                if pos < len(fields)
            )
            where += f", row with key {key}"
    column = _COLUMN.search(str(text))
    if column:
        where += f", column {column.group(1)}"
    more = f" (and {len(warnings) - 1} more)" if len(warnings) > 1 else ""
    return f"{where}: {level} {code}: {text}{more}; nothing from this batch was kept"


def _line_at(tsv: str, number: int) -> list[bytes] | None:
    with open(tsv, "rb") as handle:
        for i, line in enumerate(handle, start=1):
            if i == number:
                return line.rstrip(b"\n").split(b"\t")
    return None
