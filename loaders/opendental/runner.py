"""One ``mdc load`` run: plan, prepare raw tables, run the dlt pipeline, swap, reconcile, record.

Order of work (each step is safe to interrupt; the next run converges):

1. finish any load package a killed run left behind (dlt keeps them; the sink loads them);
2. plan every table from the source's columns and the catalogue; compare with raw (schema drift);
3. prepare: create/alter raw tables, truncate tables that need a full load and mark them
   ``loading`` in ``_mdc_table_state``, rebuild staging tables for ``replace`` tables;
4. ``pipeline.run``: extract (keyed ranges, two tables at a time) -> parquet packages -> sink
   (LOAD DATA ... REPLACE); meanwhile two background threads compare the content of ``replace``
   tables (extracted last, only the ranges that differ) and take the source's key totals;
5. swap ``replace`` tables in, mark full loads ``ready``, remember raw's content buckets;
6. reconcile key sets (hard deletes; late rows are fetched by a second, small pipeline run);
7. with ``--verify`` (or when the last verify is older than MDC_VERIFY_DAYS): compare every table's
   content with the source by key ranges and re-copy the ranges that differ (verify.py);
8. write metrics and warnings and print the summary. Any failed table makes the exit code non-zero.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import dlt
from dlt.pipeline.exceptions import PipelineStepFailed

from loaders.opendental import (
    SOURCE_NAME,
    ExtractContext,
    opendental,
    ranges_resource,
    repair_resource,
    table_mode,
)
from loaders.opendental import reconcile as recon
from loaders.opendental import verify as vf
from loaders.opendental import warehouse as wh
from loaders.opendental.checksum import checksum
from loaders.opendental.helpers import qualified
from loaders.opendental.outcome import LoadWarning, RunReport, TableResult, record_metrics
from loaders.opendental.progress import Progress
from loaders.opendental.schema import (
    SchemaDriftError,
    TablePlan,
    compare,
    plan_tables,
    read_raw_shapes,
    read_source_tables,
)
from loaders.opendental.settings import Catalogue
from loaders.opendental.sink import SinkContext, raw_sink, set_context
from mdc.config import Settings
from mdc.connections import Connections, DatabaseError, open_connection, scalar

log = logging.getLogger(__name__)
T = TypeVar("T")
PARALLEL_QUERIES = 3  # concurrent comparison queries after the load (key ranges)
BACKGROUND_QUERIES = 2  # comparison queries running while the main thread extracts

# dlt settings the loader relies on; environment variables of the same name still win.
DLT_DEFAULTS = {
    "RUNTIME__DLTHUB_TELEMETRY": "false",
    "RUNTIME__LOG_LEVEL": "ERROR",
    "EXTRACT__NEXT_ITEM_MODE": "fifo",  # finish tables in order rather than interleave them
    "EXTRACT__WORKERS": "2",  # at most two tables read at a time (two source connections)
    "DATA_WRITER__FILE_MAX_ITEMS": "250000",  # one LOAD DATA transaction per 250k rows at most
    "LOAD__WORKERS": "2",
    "LOAD__PARALLELISM_STRATEGY": "table-sequential",
    "LOAD__RAISE_ON_FAILED_JOBS": "false",
}


def state_dir() -> Path:
    """Where dlt keeps pipeline state: MDC_STATE_DIR, else ``.mdc`` in the working directory."""
    return Path(os.environ.get("MDC_STATE_DIR") or ".mdc").resolve()


class Loader:
    """Runs one load of the selected tables."""

    def __init__(
        self,
        config: Settings,
        catalogue: Catalogue,
        connections: Connections,
        *,
        tables: Sequence[str] | None = None,
        full_refresh: bool = False,
        verify: bool = False,
        progress: Progress | None = None,
    ) -> None:
        self.config = config
        self.catalogue = catalogue
        self.connections = connections
        self.requested = [t.strip().lower() for t in tables or () if t.strip()]
        self.full_refresh = full_refresh
        self.verify = verify
        self.verify_reason = "--verify" if verify else ""
        self.previous_run: int | None = None
        self.warnings: list[LoadWarning] = []
        self.verify_summary = ""
        self.progress = progress or Progress(bars=False)
        self.raw = config.raw_schema
        self.database = connections.read_endpoint.database or config.source_database
        self.hash_key = config.phi_hash_key.encode("utf-8")
        self._phases: dict[str, float] = {}
        self.run_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]

    # --- the run ---------------------------------------------------------------------------------

    def run(self) -> RunReport:
        """Load the selected tables; never raises for a single table's failure."""
        began = time.monotonic()
        for name, value in DLT_DEFAULTS.items():
            os.environ.setdefault(name, value)
        with self.connections.reader() as conn:
            sources = read_source_tables(conn, self.database)
            version = _opendental_version(conn, self.database)
        names = self.requested or self.catalogue.loadable()
        plans, errors = plan_tables(names, self.catalogue, sources, hash_key_set=bool(self.hash_key))
        results = {
            name: TableResult(name, plans[name].spec.strategy if name in plans else "-")
            for name in names
            if name in plans or name in errors
        }
        for name, message in errors.items():
            results[name].fail(message)
        for name, plan in plans.items():
            results[name].notes.extend(plan.warnings)
        lock = self._lock()
        try:
            return self._locked_run(plans, results, began, version)
        finally:
            lock.close()

    def _lock(self) -> Any:
        """Hold a server-wide named lock for this raw schema: two loads into one schema never overlap."""
        conn = open_connection(self.connections.warehouse_endpoint)
        with conn.cursor() as cur:
            if scalar(cur, "SELECT GET_LOCK(%s, 0)", (f"mdc_load:{self.raw}",)) != 1:
                conn.close()
                raise DatabaseError(f"another mdc load is writing into {self.raw}; wait for it to finish")
        return conn

    def _locked_run(
        self, plans: dict[str, TablePlan], results: dict[str, TableResult], began: float, version: str | None
    ) -> RunReport:
        with self.connections.warehouse() as conn:
            wh.ensure_schemas(conn, self.raw)
            self._plan_verify(wh.run_history(conn, self.raw))
            wh.start_run(
                conn,
                self.raw,
                self.run_id,
                full_refresh=self.full_refresh,
                tables=len(results),
                source_database=self.database,
                source_version=version,
            )
        report = RunReport(
            self.run_id,
            list(results.values()),
            0.0,
            phases=self._phases,
            warnings=self.warnings,
            verified=(self.verify or self.full_refresh) and not self.requested,
        )
        try:
            with tempfile.TemporaryDirectory(prefix="mdc-load-") as tmp:
                self._run_pipeline(plans, results, tmp)
        except BaseException as exc:
            report.error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            self._finish(report, began, interrupted=isinstance(exc, KeyboardInterrupt))
            raise
        report.verify_summary = self.verify_summary
        self._finish(report, began)
        return report

    def _run_pipeline(self, plans: dict[str, TablePlan], results: dict[str, TableResult], tmp: str) -> None:
        pipeline = dlt.pipeline(
            pipeline_name=f"mdc_{self.raw}", pipelines_dir=str(state_dir() / "dlt"), destination=raw_sink
        )
        sink = SinkContext(self.connections, self.raw, tmp, on_rows=self.progress.loaded)
        set_context(sink)
        # Comparison queries run here while the main thread extracts (which leaves the servers idle
        # while dlt writes): content diffs of replace tables, source key totals for reconciliation.
        background = ThreadPoolExecutor(max_workers=BACKGROUND_QUERIES)
        try:
            with self._phase("prepare"):
                stale = self._finish_pending(pipeline, sink)
                runnable = self._prepare(pipeline, plans, results, stale)
            diffs = {n: background.submit(self._diff, runnable[n]) for n in self._diffed}
            totals = {
                n: background.submit(recon.source_totals, self.connections, runnable[n], self.database)
                for n in _reconciled(runnable)
            }
            context = ExtractContext(
                self.connections,
                self.database,
                self.hash_key,
                full_tables={n for n, p in runnable.items() if self._full(n)},
                diffs=diffs,
                on_start=lambda plan, mode: self.progress.start(
                    plan.name, mode, plan.source.estimated_rows if mode == "full" else None
                ),
                on_rows=self.progress.rows,
                previous_run=self.previous_run,
                warnings=self.warnings,
            )
            sink.tallies.clear()
            if runnable:
                self._extract_and_load(
                    pipeline,
                    opendental(runnable, context),
                    context,
                    sink,
                    refresh="drop_resources" if self.full_refresh else None,
                )
            with self._phase("settle"):
                self._settle(runnable, results, context, sink)
            with self._phase("reconcile"):
                self._reconcile(pipeline, runnable, results, sink, totals)
            if self.verify:
                with self._phase("verify"):
                    self._verify(pipeline, runnable, results, sink)
        finally:
            background.shutdown(cancel_futures=True)
            set_context(None)
            self.progress.close()

    def _plan_verify(self, history: wh.RunHistory) -> None:
        """Remember the last run's start (clock check); verify when the last verify is too old.

        Only whole-catalogue, non-full-refresh runs verify by themselves; a raw schema without any
        verify counts from its first successful run (which copied everything).
        """
        self.previous_run = history.last_started
        days = self.config.verify_days
        if self.verify or self.requested or self.full_refresh or days <= 0:
            return
        age = history.verify_age if history.verify_age is not None else history.first_age
        if age is not None and age > days * 86400:
            self.verify = True
            self.verify_reason = (
                f"the last verify is {age / 86400:.1f} days old (MDC_VERIFY_DAYS={days:g})"
                if history.verify_age is not None
                else f"no verify since the first load {age / 86400:.1f} days ago (MDC_VERIFY_DAYS={days:g})"
            )

    def _verify(
        self,
        pipeline: dlt.Pipeline,
        runnable: dict[str, TablePlan],
        results: dict[str, TableResult],
        sink: SinkContext,
    ) -> None:
        """Compare every loaded table's content with the source; re-copy the ranges that differ."""
        self.progress.message(f"verify: comparing every table with the source ({self.verify_reason})")
        names = []
        for name, plan in runnable.items():
            if results[name].status != "success":
                continue
            if vf.verifiable(plan):
                names.append(name)
            else:
                results[name].notes.append(f"verify: {name} not compared: needs a single integer primary key")
        found = _parallel(names, lambda n: vf.compare(self.connections, runnable[n], self.database, self.raw))
        differing: dict[str, vf.Verification] = {}
        equal: list[str] = []
        for name, outcome in found.items():
            if isinstance(outcome, Exception):
                results[name].fail(f"verifying {name} failed: {outcome}")
            elif outcome.ranges:
                differing[name] = outcome
            else:
                equal.append(name)
                if recon.diffable(runnable[name]):  # raw as scanned now: next run sums the source only
                    with self.connections.warehouse() as conn:
                        wh.write_content_buckets(
                            conn,
                            self.raw,
                            name,
                            recon.content_measure(runnable[name]),
                            outcome.diff.raw_buckets,
                        )
        self.verify_summary = (
            f"verify ({self.verify_reason}): {len(equal)} tables equal to the source,"
            f" {len(differing)} repaired"
        )
        if not differing:
            return
        with self.connections.warehouse() as conn:
            wh.forget_content_buckets(conn, self.raw, list(differing))
        context = ExtractContext(
            self.connections,
            self.database,
            self.hash_key,
            full_tables=set(),
            ranges={name: v.ranges for name, v in differing.items()},
            on_start=lambda plan, mode: self.progress.start(plan.name, "verify", None),
            on_rows=self.progress.rows,
        )
        sink.tallies.clear()
        self._extract_and_load(
            pipeline, [ranges_resource(runnable[n], context) for n in differing], context, sink
        )
        for name, outcome in differing.items():
            self._settle_verified(runnable[name], results[name], outcome, context, sink)

    def _settle_verified(
        self,
        plan: TablePlan,
        result: TableResult,
        outcome: vf.Verification,
        context: ExtractContext,
        sink: SinkContext,
    ) -> None:
        """Record a verified table's repair: rows re-copied, rows the source deleted removed, a warning."""
        tally = sink.tallies.get(plan.name)
        read = context.rows_read.get(plan.name, 0)
        outcome.copied = tally.rows_written if tally else 0
        error = context.errors.get(plan.name) or (tally.error if tally else None)
        if error is None and outcome.copied != read:
            error = f"{plan.name}: read {read} rows but wrote {outcome.copied}"
        result.rows_read += read
        result.rows_written += outcome.copied
        if error:
            result.fail(f"verify: {error}")
            return
        try:
            result.rows_deleted += vf.remove_deleted(self.connections, plan, self.database, self.raw, outcome)
        except Exception as exc:
            result.fail(f"verifying {plan.name} failed: {exc}")
            return
        line = outcome.summary(plan.name)
        result.notes.append(line)
        self.warnings.append(
            LoadWarning(vf.CHECK, plan.name, outcome.copied + outcome.deleted, line.removeprefix("verify: "))
        )
        if recon.diffable(plan):
            with self.connections.warehouse() as conn:
                self._remember_buckets(conn, plan, outcome.diff)

    def _full(self, name: str) -> bool:
        return name in self._full_tables

    @contextlib.contextmanager
    def _phase(self, name: str) -> Iterator[None]:
        """Add the time spent in the block to phase ``name`` (shown in the summary)."""
        began = time.monotonic()
        try:
            yield
        finally:
            self._phases[name] = self._phases.get(name, 0.0) + time.monotonic() - began

    # --- steps -----------------------------------------------------------------------------------

    def _finish_pending(self, pipeline: dlt.Pipeline, sink: SinkContext) -> set[str]:
        """Load packages left by a killed run; return tables whose pending files failed."""
        if not pipeline.has_pending_data:
            return set()
        self.progress.message("finishing a load that a previous run left unfinished")
        pending: set[str] = set()
        for load_id in [*pipeline.list_extracted_load_packages(), *pipeline.list_normalized_load_packages()]:
            jobs = pipeline.get_load_package_info(load_id).jobs
            pending |= {job.job_file_info.table_name for state in jobs.values() for job in state}
        try:
            pipeline.normalize()
            pipeline.load()
        except Exception as exc:  # the cursors already moved past these rows: reload those tables in full
            log.warning("an unfinished load package could not be loaded, its tables are reloaded: %s", exc)
            pipeline.drop_pending_packages()
            return pending
        return {table for table, tally in sink.tallies.items() if tally.error}

    def _prepare(
        self,
        pipeline: dlt.Pipeline,
        plans: dict[str, TablePlan],
        results: dict[str, TableResult],
        stale: set[str],
    ) -> dict[str, TablePlan]:
        """Create/alter/truncate raw tables; decide which tables load in full. Returns runnable plans."""
        self._full_tables: set[str] = set()
        resources = pipeline.state.get("sources", {}).get(SOURCE_NAME, {}).get("resources", {})
        runnable: dict[str, TablePlan] = {}
        with self.connections.warehouse() as conn:
            shapes = read_raw_shapes(conn, self.raw)
            states = wh.read_table_state(conn, self.raw)
            for name, plan in plans.items():
                result = results[name]
                try:
                    mode = self._prepare_table(
                        conn,
                        plan,
                        shapes.get(name),
                        states.get(name),
                        has_cursor_state="incremental" in resources.get(name, {}),
                        stale=name in stale,
                        notes=result.notes,
                    )
                except SchemaDriftError as exc:
                    result.fail(str(exc))
                    continue
                if mode == "unchanged":  # a rebuilt-whole replace table whose checksum matches
                    result.mode = mode
                    continue
                if mode == "full":
                    self._full_tables.add(name)
                runnable[name] = plan
        # Content-diffed replace tables are compared in the background while the other tables are
        # read, so they go last: by the time the extract reaches them their comparison is done.
        self._diffed = [
            n
            for n, p in runnable.items()
            if p.spec.strategy == "replace" and n not in self._full_tables and recon.diffable(p)
        ]
        with self.connections.warehouse() as conn:  # raw buckets are remembered for diffed tables only
            wh.forget_content_buckets(conn, self.raw, [n for n in runnable if n not in self._diffed])
            self._remembered = wh.read_content_buckets(
                conn, self.raw, {n: recon.content_measure(runnable[n]) for n in self._diffed}
            )
        return {n: p for n, p in runnable.items() if n not in self._diffed} | {
            n: runnable[n] for n in self._diffed
        }

    def _diff(self, plan: TablePlan) -> recon.ContentDiff:
        """Compare a replace table's content (background); keep raw's buckets remembered only while
        they describe raw: forgotten before changed ranges are re-copied, saved when nothing changed."""
        diff = recon.changed_ranges(
            self.connections, plan, self.database, self.raw, self._remembered.get(plan.name)
        )
        if diff.ranges or not diff.raw_from_cache:
            with self.connections.warehouse() as conn:
                if diff.ranges:
                    wh.forget_content_buckets(conn, self.raw, [plan.name])
                else:
                    wh.write_content_buckets(
                        conn, self.raw, plan.name, recon.content_measure(plan), diff.raw_buckets
                    )
        return diff

    def _remember_buckets(self, conn: Any, plan: TablePlan, diff: recon.ContentDiff) -> None:
        """After re-copying ``diff.ranges``: remember raw's buckets for the next run's comparison."""
        try:
            buckets = recon.raw_buckets_after_copy(self.connections, plan, self.raw, diff)
            wh.write_content_buckets(conn, self.raw, plan.name, recon.content_measure(plan), buckets)
        except Exception:  # only an optimisation: the next run compares raw itself
            log.warning("could not remember the content buckets of %s", plan.name, exc_info=True)

    def _prepare_table(
        self,
        conn: Any,
        plan: TablePlan,
        shape: Any,
        state: Any,
        *,
        has_cursor_state: bool,
        stale: bool,
        notes: list[str],
    ) -> str:
        """Make the warehouse ready for ``plan``; return 'full', 'ranges', 'incremental' or 'unchanged'."""
        in_place = plan.spec.strategy != "replace" or recon.diffable(plan)
        if shape is None or self.full_refresh:
            if not in_place:
                wh.recreate(conn, wh.staging_schema(self.raw), plan)
                return "full"
            wh.recreate(conn, self.raw, plan)
            wh.write_table_state(conn, self.raw, plan, "loading")
            return "full"
        change = compare(self.raw, plan, shape, state[1] if state else None)
        wh.run_statements(conn, change.statements)
        notes.extend(change.notes)
        if plan.spec.strategy == "replace" and in_place:
            return "ranges"  # content-diffed in _prepare: exact whatever raw holds (even after a kill)
        if plan.spec.strategy == "replace":
            if not change.statements and not stale and state is not None and self._unchanged(conn, plan):
                return "unchanged"
            wh.recreate(conn, wh.staging_schema(self.raw), plan)
            return "full"
        full = change.reload or stale or state is None or state[0] != "ready" or not has_cursor_state
        if full:
            wh.run_statements(conn, [f"TRUNCATE TABLE {qualified(self.raw, plan.name)}"])
            wh.write_table_state(conn, self.raw, plan, "loading")
            return "full"
        return "incremental"

    def _unchanged(self, warehouse_conn: Any, plan: TablePlan) -> bool:
        """True when the source table and raw hold the same rows (checksums of the load lines)."""
        if any(c.transport == "hash" for c in plan.columns):
            return False
        with self.connections.reader() as source_conn:
            source = checksum(source_conn, plan, self.database, plan.source.name)
        return source == checksum(warehouse_conn, plan, self.raw, plan.name)

    def _extract_and_load(
        self,
        pipeline: dlt.Pipeline,
        source: Any,
        context: ExtractContext,
        sink: SinkContext,
        refresh: str | None = None,
    ) -> None:
        with self._phase("extract"):
            pipeline.extract(source, refresh=refresh)  # type: ignore[arg-type]
        with self._phase("normalize"):
            pipeline.normalize()
        self.progress.loading(sum(context.rows_read.values()))
        with self._phase("load"):
            try:
                pipeline.load()
            except PipelineStepFailed as exc:  # per-table errors are in the sink tallies
                log.debug("load step reported failures: %s", exc)

    def _settle(
        self,
        runnable: dict[str, TablePlan],
        results: dict[str, TableResult],
        context: ExtractContext,
        sink: SinkContext,
    ) -> None:
        """Record per-table outcomes, swap replace tables, mark full loads ready or failed ones stale."""
        with self.connections.warehouse() as conn:
            for name, plan in runnable.items():
                result = results[name]
                if name in context.diffs and name not in context.ranges and name not in context.errors:
                    result.mode = "unchanged"  # content equal: nothing was read
                    continue
                result.mode = table_mode(plan, context)
                result.rows_read += context.rows_read.get(name, 0)
                tally = sink.tallies.get(name)
                result.rows_written += tally.rows_written if tally else 0
                result.seconds += context.seconds.get(name, 0.0) + (tally.seconds if tally else 0.0)
                error = context.errors.get(name) or (tally.error if tally else None)
                if error is None and result.rows_written != result.rows_read:
                    error = f"{name}: read {result.rows_read} rows but wrote {result.rows_written}"
                if error:
                    result.fail(error)
                    if plan.spec.strategy != "replace":
                        wh.write_table_state(conn, self.raw, plan, "loading")  # next run reloads it in full
                    continue
                if name in context.ranges:
                    try:  # rows deleted in the source inside the re-copied ranges
                        outcome = recon.reconcile(
                            self.connections, plan, self.database, self.raw, context.ranges[name]
                        )
                    except Exception as exc:
                        result.fail(f"comparing {name} failed: {exc}")
                        continue
                    result.rows_deleted += outcome.deleted
                    wh.write_table_state(conn, self.raw, plan, "ready")
                    self._remember_buckets(conn, plan, context.diffs[name].result())
                elif plan.spec.strategy == "replace" and not recon.diffable(plan):
                    wh.swap_in(conn, self.raw, name, wh.table_exists(conn, self.raw, name))
                    wh.write_table_state(conn, self.raw, plan, "ready")
                elif self._full(name):
                    wh.write_table_state(conn, self.raw, plan, "ready")
        # A diffable replace table loaded in full: remember raw's buckets now, so the nightly runs
        # that follow scan only the source (a one-off scan of raw, in a few threads).
        fresh = [
            n
            for n, p in runnable.items()
            if self._full(n) and recon.diffable(p) and results[n].status == "success"
        ]
        _parallel(fresh, lambda n: self._remember_buckets_of(runnable[n]))

    def _remember_buckets_of(self, plan: TablePlan) -> None:
        buckets = recon.raw_buckets(self.connections, plan, self.raw)
        with self.connections.warehouse() as conn:
            wh.write_content_buckets(conn, self.raw, plan.name, recon.content_measure(plan), buckets)

    def _reconcile(
        self,
        pipeline: dlt.Pipeline,
        runnable: dict[str, TablePlan],
        results: dict[str, TableResult],
        sink: SinkContext,
        totals: dict[str, Future[tuple[int, ...]]],
    ) -> None:
        missing: dict[str, list[int]] = {}
        names = []
        for name, plan in runnable.items():
            result = results[name]
            if (
                result.status != "success"
                or plan.spec.strategy == "replace"
                or plan.spec.deletes != "reconcile"
            ):
                continue
            if not recon.reconcilable(plan):
                result.notes.append("deletes not reconciled: needs a single integer primary key")
                continue
            names.append(name)

        def one(name: str) -> tuple[recon.Reconciliation, float]:
            began = time.monotonic()
            source_totals = totals[name].result() if name in totals else None
            return recon.reconcile(
                self.connections, runnable[name], self.database, self.raw, source_totals=source_totals
            ), time.monotonic() - began

        for name, outcome in _parallel(names, one).items():
            result = results[name]
            if isinstance(outcome, Exception):
                result.fail(f"reconciling {name} failed: {outcome}")
                continue
            result.rows_deleted += outcome[0].deleted
            result.seconds += outcome[1]
            if outcome[0].missing:
                missing[name] = outcome[0].missing
        if not missing:
            return
        context = ExtractContext(
            self.connections,
            self.database,
            self.hash_key,
            full_tables=set(),
            on_start=lambda plan, mode: self.progress.start(plan.name, "late rows", None),
            on_rows=self.progress.rows,
        )
        sink.tallies.clear()
        resources = [repair_resource(runnable[name], keys, context) for name, keys in missing.items()]
        self._extract_and_load(pipeline, resources, context, sink)
        for name in missing:
            result = results[name]
            result.rows_read += context.rows_read.get(name, 0)
            tally = sink.tallies.get(name)
            result.rows_written += tally.rows_written if tally else 0
            error = context.errors.get(name) or (tally.error if tally else None)
            if error:
                result.fail(error)

    def _finish(self, report: RunReport, began: float, interrupted: bool = False) -> None:
        report.seconds = time.monotonic() - began
        try:
            with self.connections.warehouse() as conn:
                record_metrics(conn, self.raw, report, interrupted=interrupted)
        except Exception:  # metrics must never hide the real outcome
            log.warning("could not record load metrics", exc_info=True)


def _reconciled(runnable: dict[str, TablePlan]) -> list[str]:
    """Tables whose key sets are reconciled after the load."""
    return [
        n
        for n, p in runnable.items()
        if p.spec.strategy != "replace" and p.spec.deletes == "reconcile" and recon.reconcilable(p)
    ]


def _parallel(names: Sequence[str], work: Callable[[str], T]) -> dict[str, T | Exception]:
    """Run ``work`` for each name on a few threads (source and warehouse queries overlap)."""
    if not names:
        return {}
    with ThreadPoolExecutor(max_workers=PARALLEL_QUERIES) as pool:
        futures = {name: pool.submit(work, name) for name in names}
    outcome: dict[str, T | Exception] = {}
    for name, future in futures.items():
        error = future.exception()
        outcome[name] = error if isinstance(error, Exception) else future.result()
    return outcome


def _opendental_version(conn: Any, database: str) -> str | None:
    """``preference.DataBaseVersion`` of the source, or None when there is no such table/row."""
    try:
        with conn.cursor() as cur:
            cur.execute(
                f"SELECT ValueString FROM {qualified(database, 'preference')}"
                " WHERE PrefName = 'DataBaseVersion'"
            )
            row = cur.fetchone()
    except Exception:
        return None
    return str(row[0]) if row else None
