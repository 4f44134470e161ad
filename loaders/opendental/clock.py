"""The source clock against a table's high-water mark: a clock set back must not hide changes.

The high-water mark of an incremental table is clamped to the source's clock when the table was
read, so the next run's clock is normally past it. When it is not, the source's clock went back (set
back by hand, NTP correcting a clock that ran ahead, a restore, a replica with another clock): rows
changed since the last run carry stamps *below* the mark, outside the normal window
``[mark - lag, ...)``. The table is then read from the earliest of: the normal start, the source
clock minus the lag, and the start of the last successful run (by the warehouse's clock) minus the
lag. Every change committed after the last run is stamped after that run began, whichever clock was
wrong, so the widened window catches it. The run warns (``source_clock_behind_loader``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from loaders.opendental.helpers import q, qualified
from loaders.opendental.outcome import LoadWarning
from loaders.opendental.schema import TablePlan
from mdc.connections import Connections, retry, scalar

CHECK = "source_clock_behind_loader"


@dataclass(frozen=True)
class Window:
    """The widened read of one table: normal start, widened start, and the figures behind them."""

    start: int
    widened: int
    mark: int
    now: int


def widened_window(plan: TablePlan, start: int, now: int, previous_run: int | None) -> Window | None:
    """The widened window when the source clock ``now`` is behind the table's mark, else None.

    Args:
        plan: an incremental table.
        start: dlt's start of the normal window (high-water mark minus ``lag_seconds``), epoch s.
        now: the source clock, epoch seconds.
        previous_run: when the last successful run started, warehouse clock, epoch s (None: unknown).
    """
    lag = plan.spec.lag_seconds
    mark = start + lag
    if start <= 0 or now >= mark:
        return None
    candidates = [start, now - lag] + ([previous_run - lag] if previous_run else [])
    return Window(start, min(candidates), mark, now)


def warning(connections: Connections, plan: TablePlan, database: str, window: Window) -> LoadWarning:
    """The ``source_clock_behind_loader`` warning, with the rows stamped in the widened part."""
    column = q(plan.cursor.name) if plan.cursor else "NULL"
    sql = (
        f"SELECT COUNT(*) FROM {qualified(database, plan.source.name)} WHERE {column} >= FROM_UNIXTIME(%s)"
        f" AND {column} < FROM_UNIXTIME(%s)"
    )

    def count() -> int:
        with connections.reader() as conn, conn.cursor() as cur:
            return int(scalar(cur, sql, (window.widened, window.start)))

    rows = retry(count, what=f"counting the widened window of {plan.name}")
    detail = (
        f"source clock {_iso(window.now)} is {_span(window.mark - window.now)} behind the high-water mark"
        f" {_iso(window.mark)}; read {plan.spec.cursor} >= {_iso(window.widened)} instead of"
        f" >= {_iso(window.start)} ({rows} rows in the widened part)"
    )
    return LoadWarning(CHECK, plan.name, rows, detail)


def _iso(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _span(seconds: int) -> str:
    hours, rest = divmod(int(seconds), 3600)
    return f"{hours} h {rest // 60:02d} min" if hours else f"{rest // 60} min {rest % 60:02d} s"
