"""Comparing source and raw by key ranges, cheaply.

Both sides aggregate per bucket of ``BUCKET`` consecutive key values: one scan on each server and a
few thousand small rows over the wire; only buckets that differ are looked at row by row.

* **Key sets** (tables with ``deletes = "reconcile"``, after each load): count, sum and xor of CRC32
  of the keys, first over the whole table (a streaming aggregate, no grouping: after a night's load
  most tables already match, which settles them), then per bucket for tables that differ. Keys only
  raw has were hard-deleted by OpenDental and are deleted from raw; keys only the source has (a row
  committed late, after its cursor window) are returned so the caller fetches them through the
  normal load path.
* **Content** (``replace`` tables, while the other tables load): count and sum of MD5 of every row's
  load line (the expression in :mod:`loaders.opendental.checksum`). Differing buckets become key
  ranges that are re-copied; unchanged tables are not copied at all. Raw's side is remembered between
  runs (``_mdc_content_buckets``), so a night's comparison scans only the source.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from loaders.opendental.extract import SEPARATOR, field_expression
from loaders.opendental.helpers import q, qualified
from loaders.opendental.schema import TablePlan
from mdc.connections import Connections, retry

BUCKET = 4096
DELETE_BATCH = 1000
Run = Callable[[str], list[tuple[Any, ...]]]


@dataclass
class Reconciliation:
    """Outcome for one table."""

    deleted: int = 0
    missing: list[int] = field(default_factory=list)
    buckets_checked: int = 0
    buckets_differing: int = 0


def reconcilable(plan: TablePlan) -> bool:
    """Range comparison works on single-column integer keys (every OpenDental table has one)."""
    if len(plan.key) != 1:
        return False
    column = plan.source.column(plan.key[0])
    return column is not None and column.data_type.endswith("int")


def _runners(connections: Connections, table: str) -> tuple[Run, Run]:
    def on(pool: Callable[[], Any], side: str) -> Run:
        def run(sql: str) -> list[tuple[Any, ...]]:
            def read() -> list[tuple[Any, ...]]:
                with pool() as conn, conn.cursor() as cur:
                    cur.execute(sql)
                    return list(cur.fetchall())

            return retry(read, what=f"comparing {table} ({side})")

        return run

    return on(connections.reader, "source"), on(connections.warehouse, "warehouse")


def _buckets(run: Run, table: str, key: str, measure: str) -> dict[int, tuple[int, ...]]:
    # ORDER BY NULL: MariaDB would otherwise sort the groups, which nobody needs
    rows = run(f"SELECT {key} DIV {BUCKET} AS b, COUNT(*), {measure} FROM {table} GROUP BY b ORDER BY NULL")
    return {int(row[0]): tuple(int(v) for v in row[1:]) for row in rows}


def _totals(run: Run, table: str, measure: str) -> tuple[int, ...]:
    row = run(f"SELECT COUNT(*), {measure} FROM {table}")[0]
    return tuple(int(v or 0) for v in row)


def _keys(run: Run, table: str, key: str, low: int, high: int) -> set[int]:
    return {int(r[0]) for r in run(f"SELECT {key} FROM {table} WHERE {key} >= {low} AND {key} < {high}")}


def _differing(source: dict[int, tuple[int, ...]], raw: dict[int, tuple[int, ...]]) -> list[int]:
    return sorted(b for b in source.keys() | raw.keys() if source.get(b) != raw.get(b))


def _merge(buckets: Sequence[int]) -> list[tuple[int, int]]:
    """Adjacent buckets as [low, high) key ranges."""
    ranges: list[tuple[int, int]] = []
    for bucket in buckets:
        low, high = bucket * BUCKET, (bucket + 1) * BUCKET
        if ranges and ranges[-1][1] == low:
            ranges[-1] = (ranges[-1][0], high)
        else:
            ranges.append((low, high))
    return ranges


def _delete(connections: Connections, table: str, key: str, keys: list[int], label: str) -> int:
    deleted = 0
    for i in range(0, len(keys), DELETE_BATCH):
        batch = ", ".join(map(str, keys[i : i + DELETE_BATCH]))

        def delete(batch: str = batch) -> int:
            with connections.warehouse() as conn, conn.cursor() as cur:
                return int(cur.execute(f"DELETE FROM {table} WHERE {key} IN ({batch})"))

        deleted += retry(delete, what=f"deleting removed {label} rows")
    return deleted


def reconcile(
    connections: Connections,
    plan: TablePlan,
    source_database: str,
    raw_schema: str,
    ranges: Sequence[tuple[int, int]] | None = None,
    source_totals: tuple[int, ...] | None = None,
) -> Reconciliation:
    """Make raw's key set equal the source's: delete raw-only keys, report source-only keys.

    Args:
        connections: the connection factory.
        plan: a table with a single integer key.
        source_database: the source database.
        raw_schema: the raw schema.
        ranges: compare only these [low, high) key ranges, key by key (after a content-diffed copy);
            None compares the whole table (totals, then buckets where they differ).
        source_totals: the source's :func:`source_totals`, when taken earlier (while the load ran).
            Equal totals mean raw holds exactly the source's keys as of that moment, a consistent
            state; anything deleted later is found by the next run. Unequal totals are settled with
            fresh buckets and fresh keys, so a stale total can cost a look, never a wrong delete.
    """
    key = q(plan.key[0])
    source_table = qualified(source_database, plan.source.name)
    raw_table = qualified(raw_schema, plan.name)
    on_source, on_raw = _runners(connections, plan.name)
    outcome = Reconciliation()
    if ranges is None:
        measure = _key_measure(key)
        expected = source_totals if source_totals is not None else _totals(on_source, source_table, measure)
        if expected == _totals(on_raw, raw_table, measure):
            return outcome
        source = _buckets(on_source, source_table, key, measure)
        raw = _buckets(on_raw, raw_table, key, measure)
        outcome.buckets_checked = len(source.keys() | raw.keys())
        differing = _differing(source, raw)
        outcome.buckets_differing = len(differing)
        ranges = _merge(differing)
    extra: list[int] = []
    for low, high in ranges:
        source_keys = _keys(on_source, source_table, key, low, high)
        raw_keys = _keys(on_raw, raw_table, key, low, high)
        extra.extend(sorted(raw_keys - source_keys))
        outcome.missing.extend(sorted(source_keys - raw_keys))
    outcome.deleted = _delete(connections, raw_table, key, extra, plan.name)
    return outcome


def _key_measure(key: str) -> str:
    return f"SUM({key}), BIT_XOR(CRC32({key}))"


def source_totals(connections: Connections, plan: TablePlan, source_database: str) -> tuple[int, ...]:
    """Count, sum and xor of CRC32 of the source table's keys (one index scan, no grouping)."""
    on_source, _ = _runners(connections, plan.name)
    key = q(plan.key[0])
    return _totals(on_source, qualified(source_database, plan.source.name), _key_measure(key))


@dataclass
class ContentDiff:
    """Outcome of comparing a replace table's content: what to re-copy, and raw's buckets as compared."""

    ranges: list[tuple[int, int]]
    raw_buckets: dict[int, tuple[int, ...]]
    raw_from_cache: bool


def content_measure(plan: TablePlan) -> str:
    """Per-bucket content aggregate: sum of a 60-bit prefix of each row's MD5 (hashed PHI left out)."""
    # Derived columns are left out: their SQL reads source columns raw does not have.
    fields = ", ".join(
        field_expression(c) for c in plan.columns if c.transport != "hash" and c.expression is None
    )
    return f"SUM(CONV(LEFT(MD5(CONCAT_WS({SEPARATOR}, {fields})), 15), 16, 10))"


def changed_ranges(
    connections: Connections,
    plan: TablePlan,
    source_database: str,
    raw_schema: str,
    raw_buckets: dict[int, tuple[int, ...]] | None = None,
) -> ContentDiff:
    """Key ranges whose rows differ in content between source and raw (none when unchanged).

    ``raw_buckets``: raw's buckets as the loader left them after the previous run (see
    :mod:`loaders.opendental.warehouse`); None scans raw.
    """
    measure = content_measure(plan)
    key = q(plan.key[0])
    on_source, on_raw = _runners(connections, plan.name)
    source = _buckets(on_source, qualified(source_database, plan.source.name), key, measure)
    cached = raw_buckets is not None
    raw = (
        raw_buckets
        if raw_buckets is not None
        else _buckets(on_raw, qualified(raw_schema, plan.name), key, measure)
    )
    return ContentDiff(_merge(_differing(source, raw)), raw, cached)


def raw_buckets(connections: Connections, plan: TablePlan, raw_schema: str) -> dict[int, tuple[int, ...]]:
    """Raw's content buckets of a replace table (a full scan of raw)."""
    _, on_raw = _runners(connections, plan.name)
    return _buckets(on_raw, qualified(raw_schema, plan.name), q(plan.key[0]), content_measure(plan))


def raw_buckets_after_copy(
    connections: Connections, plan: TablePlan, raw_schema: str, diff: ContentDiff
) -> dict[int, tuple[int, ...]]:
    """Raw's buckets after ``diff.ranges`` were re-copied: the re-copied buckets are read again from
    raw (a scan of those ranges only), the others are as compared."""
    key = q(plan.key[0])
    _, on_raw = _runners(connections, plan.name)
    buckets = dict(diff.raw_buckets)
    where = " OR ".join(f"({key} >= {int(low)} AND {key} < {int(high)})" for low, high in diff.ranges)
    for low, high in diff.ranges:
        for bucket in range(low // BUCKET, high // BUCKET):
            buckets.pop(bucket, None)
    if where:
        rows = on_raw(
            f"SELECT {key} DIV {BUCKET} AS b, COUNT(*), {content_measure(plan)}"
            f" FROM {qualified(raw_schema, plan.name)} WHERE {where} GROUP BY b ORDER BY NULL"
        )
        buckets.update({int(row[0]): tuple(int(v) for v in row[1:]) for row in rows})
    return buckets


def diffable(plan: TablePlan) -> bool:
    """A ``replace`` table that is kept in place by content-diffed ranges (single integer key, no hashed
    column: a hashed column cannot be compared with its clear-text source). Others are rebuilt whole."""
    return (
        plan.spec.strategy == "replace"
        and reconcilable(plan)
        and not any(c.transport == "hash" for c in plan.columns)
    )
