"""Reading the source: keyed-range SELECTs that return each row as one ready-to-load line.

The source server builds each row's tab-separated, backslash-escaped line itself (CONCAT_WS of every
kept column), so Python handles one value per row instead of one per column: that is what makes the
loader about as fast as ``mysqldump | mysql``. Values travel as MariaDB's own text form, which is
exact: DOUBLE prints its shortest round-trip form, FLOAT is widened to DOUBLE first, DECIMAL and
dates print as stored (zero dates included), TIMESTAMP prints in UTC (session ``time_zone='+00:00'``),
binary columns travel as hex. NULL becomes ``\\N``. Hashed PHI columns are read separately and
replaced by their HMAC in Python, so the key never reaches a server.

Reads are keyed ranges (``WHERE key > last ORDER BY key LIMIT chunk``): short statements, no long
snapshot. Each statement is streamed in batches of ``BATCH_ROWS`` rows, so memory is bounded by the
batch whatever the chunk size. A table without a primary key is streamed as one statement.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pyarrow as pa
import pymysql.cursors

from loaders.opendental.helpers import escape_field, phi_digest, q, qualified
from loaders.opendental.schema import RawColumn, TablePlan
from mdc.connections import Connections, is_transient, retry, scalar

log = logging.getLogger(__name__)

Mode = Literal["full", "incremental", "append", "keys", "ranges"]
BATCH_ROWS = 10_000  # rows per Arrow batch (bounds the loader's memory, whatever chunk_size is)
RETRY_ATTEMPTS = 5  # a statement interrupted by a transient error resumes after its last row
# SQL string literals below are written for sql_mode='' (backslash escapes on), which every source
# session sets (mdc.connections).
NULL_MARK = r"'\\N'"
SEPARATOR = r"'\t'"


def field_expression(column: RawColumn) -> str:
    """SQL that renders one column as a LOAD DATA field (escaped text, ``\\N`` for NULL)."""
    name = column.expression or q(column.name)
    if column.transport == "text":
        text = f"CONVERT({name} USING utf8mb4)"
        expr = rf"REPLACE(REPLACE(REPLACE({text}, '\\', '\\\\'), '\t', '\\t'), '\n', '\\n')"
    elif column.transport == "float":
        expr = f"CAST({name} AS DOUBLE)"
    elif column.transport == "hex":
        expr = f"HEX({name})"
    else:
        expr = name
    return f"IFNULL({expr}, {NULL_MARK})" if column.nullable else expr


@dataclass(frozen=True)
class Query:
    """One chunk's SELECT and the positions of its output columns."""

    sql: str
    params: tuple[Any, ...]
    key_count: int
    has_cursor: bool


def cursor_expression(plan: TablePlan, start: int, now: int) -> str | None:
    """The synthetic integer cursor ``_c`` for dlt's incremental, clamped into ``[start, now]``.

    Incremental tables use the epoch seconds of the change column, append tables the key. Clamping to
    ``now`` (the source's clock when the table read began) means a row stamped in the future cannot push
    the high-water mark past rows that change later; clamping to ``start`` keeps dlt from filtering
    rows of a full reload.
    """
    if plan.spec.strategy == "incremental" and plan.cursor is not None:
        epoch = f"CAST(FLOOR(UNIX_TIMESTAMP({q(plan.cursor.name)})) AS SIGNED)"
        # a source clock behind ``start`` (set back) must not push rows below dlt's own range start
        return f"LEAST(GREATEST(IFNULL({epoch}, {start}), {start}), {max(now, start)})"
    if plan.spec.strategy == "append":
        return f"GREATEST({q(plan.key[0])}, {start})"
    return None


def build_query(
    plan: TablePlan,
    database: str,
    *,
    mode: Mode,
    start: int,
    now: int,
    after: Sequence[Any] | None,
    keys: Sequence[Any] = (),
    bounds: tuple[int, int] | None = None,
    window_start: int | None = None,
) -> Query:
    """The SELECT for the next chunk.

    Args:
        plan: the table plan.
        database: the source database.
        mode: ``full`` (everything), ``incremental`` (cursor column >= start), ``append`` (key > start),
            ``keys`` (exactly ``keys``; for rows found missing by reconciliation).
        start: the incremental start (epoch seconds, or key for append).
        now: the source clock at the start of the table read (epoch seconds).
        after: the last key of the previous chunk, or None for the first chunk.
        keys: key values for ``keys`` mode (single-column keys).
        bounds: ``[low, high)`` key range for ``ranges`` mode (rows whose content changed).
        window_start: read incremental rows from here instead of ``start`` (a window widened because
            the source clock is behind the high-water mark); ``_c`` is still clamped to ``start``.
    """
    fields = [field_expression(c) for c in plan.file_columns() if c.transport != "hash"]
    select = [f"{q(k)} AS _k{i}" for i, k in enumerate(plan.key)]
    cursor = cursor_expression(plan, start, now) if mode not in ("keys", "ranges") else None
    if cursor:
        select.append(f"{cursor} AS _c")
    select.append(f"CAST(CONCAT_WS({SEPARATOR}, {', '.join(fields)}) AS BINARY) AS _line")
    select += [
        f"CAST(CONVERT({q(c.name)} USING utf8mb4) AS BINARY)" for c in plan.columns if c.transport == "hash"
    ]
    where: list[str] = []
    params: list[Any] = []
    if mode == "incremental" and plan.cursor is not None and start > 0:
        column = q(plan.cursor.name)
        window = f"{column} >= FROM_UNIXTIME({int(start if window_start is None else window_start)})"
        where.append(f"({window} OR {column} IS NULL)" if plan.cursor.nullable else window)
    if mode == "append":
        where.append(f"{q(plan.key[0])} > {int(start)}")
    if mode == "ranges" and bounds is not None:
        where.append(f"{q(plan.key[0])} >= {int(bounds[0])} AND {q(plan.key[0])} < {int(bounds[1])}")
    if mode == "keys":
        where.append(f"{q(plan.key[0])} IN ({', '.join(['%s'] * len(keys))})")
        params.extend(keys)
    if after is not None and plan.key:
        columns = ", ".join(q(k) for k in plan.key)
        where.append(f"({columns}) > ({', '.join(['%s'] * len(plan.key))})")
        params.extend(after)
    sql = f"SELECT {', '.join(select)} FROM {qualified(database, plan.source.name)}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    if plan.key:
        sql += f" ORDER BY {', '.join(q(k) for k in plan.key)} LIMIT {int(plan.spec.chunk_size)}"
    return Query(sql, tuple(params), len(plan.key), cursor is not None)


def source_clock(connections: Connections) -> int:
    """The source server's clock as epoch seconds."""

    def read() -> int:
        with connections.reader() as conn, conn.cursor() as cur:
            return int(scalar(cur, "SELECT UNIX_TIMESTAMP()"))

    return retry(read, what="reading the source clock")


def read_chunks(
    connections: Connections,
    plan: TablePlan,
    database: str,
    *,
    mode: Mode,
    start: int,
    now: int,
    hash_key: bytes,
    keys: Sequence[Any] = (),
    ranges: Sequence[tuple[int, int]] = (),
    window_start: int | None = None,
    on_chunk: Callable[[int], None] = lambda rows: None,
) -> Iterator[pa.Table]:
    """Yield the table as Arrow chunks with columns ``_c`` (if incremental/append) and ``_line``.

    Each chunk is one short keyed-range statement, streamed in batches; a transient error resumes
    after the last row delivered. ``on_chunk`` gets the row count of every batch (progress, metrics).
    """
    if not plan.key:
        yield from _stream(
            connections, plan, database, mode=mode, start=start, now=now, hash_key=hash_key, on_chunk=on_chunk
        )
        return
    if mode == "keys":
        size = min(plan.spec.chunk_size, BATCH_ROWS)
        for i in range(0, len(keys), size):
            query = build_query(
                plan, database, mode=mode, start=start, now=now, after=None, keys=keys[i : i + size]
            )
            rows = retry(functools.partial(_fetch, connections, query), what=f"reading {plan.name}")
            if rows:
                on_chunk(len(rows))
                yield _to_arrow(rows, query, plan, hash_key)
        return
    windows: list[tuple[int, int] | None] = list(ranges) if mode == "ranges" else [None]
    for bounds in windows:
        after: tuple[Any, ...] | None = None
        failures = 0
        while True:
            query = build_query(
                plan,
                database,
                mode=mode,
                start=start,
                now=now,
                after=after,
                bounds=bounds,
                window_start=window_start,
            )
            count = 0
            try:
                for rows in _statement_batches(connections, query):
                    count += len(rows)
                    after = tuple(rows[-1][: query.key_count])
                    on_chunk(len(rows))
                    yield _to_arrow(rows, query, plan, hash_key)
            except pymysql.err.MySQLError as exc:  # resume after the last row delivered
                failures += 1
                if not is_transient(exc) or failures == RETRY_ATTEMPTS:
                    raise
                log.warning("reading %s: %s, resuming (attempt %d)", plan.name, exc, failures)
                time.sleep(0.5 * 2 ** (failures - 1))
                continue
            failures = 0
            if count < plan.spec.chunk_size:
                break


def _statement_batches(connections: Connections, query: Query) -> Iterator[list[tuple[Any, ...]]]:
    """One keyed-range statement, streamed (unbuffered cursor) in batches of ``BATCH_ROWS`` rows.

    Memory stays bounded by the batch, not by the statement's ``chunk_size``; the statement itself
    stays short (at most ``chunk_size`` rows, read as fast as dlt writes them).
    """
    with connections.reader() as conn, conn.cursor(pymysql.cursors.SSCursor) as cur:
        cur.execute(query.sql, query.params)
        while rows := cur.fetchmany(BATCH_ROWS):
            yield list(rows)


def _fetch(connections: Connections, query: Query) -> list[tuple[Any, ...]]:
    with connections.reader() as conn, conn.cursor() as cur:
        cur.execute(query.sql, query.params)
        return list(cur.fetchall())


def _stream(
    connections: Connections,
    plan: TablePlan,
    database: str,
    *,
    mode: Mode,
    start: int,
    now: int,
    hash_key: bytes,
    on_chunk: Callable[[int], None],
) -> Iterator[pa.Table]:
    # No key to range over: one streaming SELECT with bounded fetches (unbuffered cursor).
    query = build_query(plan, database, mode=mode, start=start, now=now, after=None)
    sql = query.sql
    with connections.reader() as conn, conn.cursor(pymysql.cursors.SSCursor) as cur:
        cur.execute(sql, query.params)
        while rows := cur.fetchmany(BATCH_ROWS):
            on_chunk(len(rows))
            yield _to_arrow(list(rows), query, plan, hash_key)


def _to_arrow(rows: list[tuple[Any, ...]], query: Query, plan: TablePlan, hash_key: bytes) -> pa.Table:
    line_at = query.key_count + (1 if query.has_cursor else 0)
    hashed = len(rows[0]) - line_at - 1
    if hashed:
        lines = [
            b"\t".join(
                [row[line_at]]
                + [
                    escape_field(None if v is None else (v if v == b"" else phi_digest(hash_key, v)))
                    for v in row[line_at + 1 :]
                ]
            )
            for row in rows
        ]
    else:
        lines = [row[line_at] for row in rows]
    columns: dict[str, pa.Array] = {}
    if query.has_cursor:
        columns["_c"] = pa.array([row[query.key_count] for row in rows], pa.int64())
    columns["_line"] = pa.array(lines, pa.binary())
    return pa.table(columns)
