"""Delete detection by key-set reconciliation, cheaply.

Incremental reads cannot see rows that OpenDental hard-deleted. After each load, for tables with
``deletes = "reconcile"``, both sides aggregate their keys per bucket of ``BUCKET`` consecutive key
values (count, sum, xor of CRC32): one index scan on each server and a few thousand small rows over
the wire. Only buckets that differ are compared key by key. Keys only raw has are deleted from raw;
keys only the source has (a row committed late, after its cursor window) are returned so the caller
can fetch those rows through the normal load path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from loaders.connections import Connections, retry
from loaders.opendental.helpers import q, qualified
from loaders.opendental.schema import TablePlan

BUCKET = 4096
DELETE_BATCH = 1000


@dataclass
class Reconciliation:
    """Outcome for one table."""

    deleted: int = 0
    missing: list[int] = field(default_factory=list)
    buckets_checked: int = 0
    buckets_differing: int = 0


def reconcilable(plan: TablePlan) -> bool:
    """Reconciliation works on single-column integer keys (every OpenDental table has one)."""
    if len(plan.key) != 1:
        return False
    column = plan.source.column(plan.key[0])
    return column is not None and column.data_type.endswith("int")


def _buckets(
    run: Callable[[str], list[tuple[Any, ...]]], table: str, key: str
) -> dict[int, tuple[int, int, int]]:
    sql = (
        f"SELECT FLOOR({key} / {BUCKET}) AS b, COUNT(*), SUM({key}), BIT_XOR(CRC32({key}))"
        f" FROM {table} GROUP BY b"
    )
    return {int(b): (int(n), int(s), int(x)) for b, n, s, x in run(sql)}


def _keys(run: Callable[[str], list[tuple[Any, ...]]], table: str, key: str, bucket: int) -> set[int]:
    low, high = bucket * BUCKET, (bucket + 1) * BUCKET
    sql = f"SELECT {key} FROM {table} WHERE {key} >= {low} AND {key} < {high}"
    return {int(row[0]) for row in run(sql)}


def reconcile(
    connections: Connections, plan: TablePlan, source_database: str, raw_schema: str
) -> Reconciliation:
    """Compare key sets of source and raw for ``plan``; delete raw-only keys; report source-only keys."""
    key = q(plan.key[0])
    source_table = qualified(source_database, plan.source.name)
    raw_table = qualified(raw_schema, plan.name)

    def on_source(sql: str) -> list[tuple[Any, ...]]:
        def read() -> list[tuple[Any, ...]]:
            with connections.reader() as conn, conn.cursor() as cur:
                cur.execute(sql)
                return list(cur.fetchall())

        return retry(read, what=f"reconciling {plan.name} (source)")

    def on_raw(sql: str) -> list[tuple[Any, ...]]:
        def read() -> list[tuple[Any, ...]]:
            with connections.warehouse() as conn, conn.cursor() as cur:
                cur.execute(sql)
                return list(cur.fetchall())

        return retry(read, what=f"reconciling {plan.name} (warehouse)")

    source = _buckets(on_source, source_table, key)
    raw = _buckets(on_raw, raw_table, key)
    outcome = Reconciliation(buckets_checked=len(source.keys() | raw.keys()))
    differing = sorted(b for b in source.keys() | raw.keys() if source.get(b) != raw.get(b))
    outcome.buckets_differing = len(differing)
    extra: list[int] = []
    for bucket in differing:
        source_keys = _keys(on_source, source_table, key, bucket)
        raw_keys = _keys(on_raw, raw_table, key, bucket)
        extra.extend(sorted(raw_keys - source_keys))
        outcome.missing.extend(sorted(source_keys - raw_keys))
    for i in range(0, len(extra), DELETE_BATCH):
        batch = extra[i : i + DELETE_BATCH]

        def delete(batch: list[int] = batch) -> int:
            with connections.warehouse() as conn, conn.cursor() as cur:
                return int(
                    cur.execute(f"DELETE FROM {raw_table} WHERE {key} IN ({', '.join(map(str, batch))})")
                )

        outcome.deleted += retry(delete, what=f"deleting removed {plan.name} rows")
    return outcome
