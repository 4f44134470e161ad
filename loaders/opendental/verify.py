"""``mdc load --verify``: compare every table's content with the source and re-copy what differs.

The mechanism is the one ``replace`` tables use every night (:mod:`loaders.opendental.reconcile`):
both servers sum an MD5 of every row's load line per bucket of 4,096 keys; buckets that differ become
key ranges, which are re-copied through the normal load path (``ranges`` mode) and then compared key
by key, so rows the source deleted are removed and rows raw lacks are copied. It catches everything
an incremental window cannot see: an edit that kept its old ``DateTStamp``, a row inserted with an
old stamp, a transaction that committed after the lag, a replica that fell behind, rows deleted from
a table without delete reconciliation. Raw's side is scanned afresh (never the remembered buckets).

Memory stays bounded: per table a few thousand bucket aggregates, rows stream as in any load, and
key sets are compared at most ``KEY_SPAN`` keys at a time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from loaders.opendental import reconcile as recon
from loaders.opendental.schema import TablePlan
from mdc.connections import Connections

CHECK = "verify_repaired"
KEY_SPAN = 64 * recon.BUCKET  # keys compared at once when removing deleted rows (262,144)


@dataclass
class Verification:
    """What verify found for one table."""

    diff: recon.ContentDiff
    buckets: int = 0
    deleted: int = 0
    copied: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def ranges(self) -> list[tuple[int, int]]:
        """The [low, high) key ranges whose content differs."""
        return self.diff.ranges

    def summary(self, table: str) -> str:
        """One line for the run's output."""
        if not self.ranges:
            return f"verify: {table}: equal to the source ({self.buckets:,} key buckets compared)"
        return (
            f"verify: {table}: {len(self.ranges)} key range(s) differed"
            f" ({_width(self.ranges):,} keys wide, of {self.buckets:,} buckets): {self.copied:,} rows"
            f" re-copied, {self.deleted:,} deleted"
        )


def verifiable(plan: TablePlan) -> bool:
    """Tables compared by key ranges: a single integer primary key (every OpenDental core table)."""
    return recon.reconcilable(plan)


def compare(connections: Connections, plan: TablePlan, source_database: str, raw_schema: str) -> Verification:
    """Content buckets of source and raw (raw scanned afresh); the ranges that differ."""
    diff = recon.changed_ranges(connections, plan, source_database, raw_schema, None)
    return Verification(diff, buckets=len(diff.raw_buckets))


def remove_deleted(
    connections: Connections, plan: TablePlan, source_database: str, raw_schema: str, found: Verification
) -> int:
    """After the ranges were re-copied: delete raw's rows whose keys the source no longer has."""
    outcome = recon.reconcile(connections, plan, source_database, raw_schema, list(split(found.ranges)))
    found.deleted = outcome.deleted
    return outcome.deleted


def split(ranges: Sequence[tuple[int, int]], span: int = KEY_SPAN) -> Iterator[tuple[int, int]]:
    """``ranges`` cut into pieces of at most ``span`` keys (bounds the key sets held in memory)."""
    for low, high in ranges:
        for start in range(low, high, span):
            yield start, min(start + span, high)


def _width(ranges: Sequence[tuple[int, int]]) -> int:
    return sum(high - low for low, high in ranges)
