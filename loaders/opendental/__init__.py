"""The OpenDental dlt source: one resource per table, described by the catalogue (tables.toml).

Each resource reads its table in keyed ranges (:mod:`loaders.opendental.extract`) and yields Arrow
chunks with a ready-to-load ``_line`` per row and, for incremental tables, a synthetic integer cursor
``_c`` that dlt's own incremental machinery tracks (``dlt.sources.incremental`` with a lag, closed
range and no boundary deduplication, so rows sharing the cursor's second are always re-read). The
load itself happens in :mod:`loaders.opendental.sink`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

import dlt
import pyarrow as pa
from dlt.extract.resource import DltResource

from loaders.opendental import clock
from loaders.opendental.extract import Mode, read_chunks, source_clock
from loaders.opendental.outcome import LoadWarning
from loaders.opendental.reconcile import ContentDiff, diffable
from loaders.opendental.schema import TablePlan
from loaders.opendental.sink import HINT, load_hint
from mdc.connections import Connections

log = logging.getLogger(__name__)

SOURCE_NAME = "opendental"


@dataclass
class ExtractContext:
    """What the resources need from the running ``mdc load``."""

    connections: Connections
    database: str
    hash_key: bytes
    full_tables: set[str]
    ranges: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    diffs: Mapping[str, Future[ContentDiff]] = field(default_factory=dict)
    on_start: Callable[[TablePlan, str], None] = lambda plan, mode: None
    on_rows: Callable[[str, int], None] = lambda table, rows: None
    rows_read: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    previous_run: int | None = None  # when the last successful run started (epoch s, warehouse clock)
    warnings: list[LoadWarning] = field(default_factory=list)


def table_mode(plan: TablePlan, context: ExtractContext) -> Mode:
    """How this run reads the table: full copy, changed key ranges, incremental window or append."""
    if plan.name in context.ranges:
        return "ranges"
    if plan.spec.strategy == "replace" or plan.name in context.full_tables:
        return "full"
    return "incremental" if plan.spec.strategy == "incremental" else "append"


def _reader(
    plan: TablePlan, context: ExtractContext, mode: Mode, start: int, keys: Sequence[Any] = ()
) -> Iterator[pa.Table]:
    ranges = context.ranges.get(plan.name, [])
    began = time.monotonic()
    context.on_start(plan, mode)
    try:
        now = source_clock(context.connections)
        window = (
            None if mode != "incremental" else clock.widened_window(plan, start, now, context.previous_run)
        )
        if window is not None:
            found = clock.warning(context.connections, plan, context.database, window)
            log.info("%s", found.line())
            context.warnings.append(found)
        yield from read_chunks(
            context.connections,
            plan,
            context.database,
            mode=mode,
            start=start,
            now=now,
            hash_key=context.hash_key,
            keys=keys,
            ranges=ranges,
            window_start=window.widened if window else None,
            on_chunk=lambda rows: _count(context, plan.name, rows),
        )
    except Exception as exc:  # one table's failure must not stop the others (runner marks it stale)
        log.debug("reading %s failed", plan.name, exc_info=True)
        context.errors[plan.name] = f"reading {plan.name} from the source failed: {exc}"
    finally:
        context.seconds[plan.name] = context.seconds.get(plan.name, 0.0) + time.monotonic() - began


def has_changed_ranges(plan: TablePlan, context: ExtractContext) -> bool:
    """Wait for a content-diffed table's comparison (it runs while other tables are read).

    False when the table is unchanged or the comparison failed (then ``context.errors`` says why);
    True when ``context.ranges`` now holds the key ranges to re-copy, or the table is not diffed.
    """
    future = context.diffs.get(plan.name)
    if future is None:
        return True
    try:
        ranges = future.result().ranges
    except Exception as exc:
        context.errors[plan.name] = f"comparing {plan.name} failed: {exc}"
        return False
    if ranges:
        context.ranges[plan.name] = ranges
    return bool(ranges)


def _count(context: ExtractContext, table: str, rows: int) -> None:
    context.rows_read[table] = context.rows_read.get(table, 0) + rows
    context.on_rows(table, rows)


def table_resource(plan: TablePlan, context: ExtractContext) -> DltResource:
    """The dlt resource that copies one table (strategy from the plan)."""
    target = "staging" if plan.spec.strategy == "replace" and not diffable(plan) else "raw"
    if plan.spec.strategy == "incremental":

        def rows(
            cursor: Any = dlt.sources.incremental(  # noqa: B008 (dlt's documented idiom)
                "_c", initial_value=0, lag=plan.spec.lag_seconds, range_start="closed", primary_key=()
            ),
        ) -> Iterator[pa.Table]:
            yield from _reader(plan, context, table_mode(plan, context), int(cursor.start_value or 0))
    elif plan.spec.strategy == "append":

        def rows(
            cursor: Any = dlt.sources.incremental(  # noqa: B008 (dlt's documented idiom)
                "_c", initial_value=0, range_start="closed", primary_key=()
            ),
        ) -> Iterator[pa.Table]:
            yield from _reader(plan, context, table_mode(plan, context), int(cursor.start_value or 0))
    else:

        def rows() -> Iterator[pa.Table]:  # type: ignore[misc]
            if has_changed_ranges(plan, context):
                yield from _reader(plan, context, table_mode(plan, context), 0)

    # parallelized: dlt steps the generators on its extract worker threads (EXTRACT__WORKERS, 2 by
    # default), so one table's source scan overlaps another table's writing
    resource = dlt.resource(
        rows, name=plan.name, write_disposition="append", max_table_nesting=0, parallelized=True
    )
    resource.apply_hints(additional_table_hints={HINT: load_hint(plan, target)})
    return resource


def repair_resource(plan: TablePlan, keys: Sequence[Any], context: ExtractContext) -> DltResource:
    """A resource that reads exactly ``keys`` (rows reconciliation found missing in raw)."""

    def rows() -> Iterator[pa.Table]:
        yield from _reader(plan, context, "keys", 0, keys=keys)

    resource = dlt.resource(
        rows,
        name=f"{plan.name}__repair",
        table_name=plan.name,
        write_disposition="append",
        max_table_nesting=0,
    )
    resource.apply_hints(additional_table_hints={HINT: load_hint(plan, "raw")})
    return resource


def ranges_resource(plan: TablePlan, context: ExtractContext) -> DltResource:
    """A resource that re-copies the key ranges ``context.ranges[plan.name]`` (mdc load --verify)."""

    def rows() -> Iterator[pa.Table]:
        yield from _reader(plan, context, "ranges", 0)

    resource = dlt.resource(
        rows,
        name=f"{plan.name}__verify",
        table_name=plan.name,
        write_disposition="append",
        max_table_nesting=0,
    )
    resource.apply_hints(additional_table_hints={HINT: load_hint(plan, "raw")})
    return resource


@dlt.source(name=SOURCE_NAME, max_table_nesting=0)
def opendental(plans: Mapping[str, TablePlan], context: ExtractContext) -> list[DltResource]:
    """The OpenDental source: one resource per planned table."""
    return [table_resource(plan, context) for plan in plans.values()]
