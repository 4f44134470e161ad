"""Progress output: a bar per table on a terminal (rows, rate, ETA when the size is known), plain
lines otherwise. Only table names and counts are printed: never values, never URLs with passwords.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

from tqdm import tqdm


class Progress:
    """Reports the extract phase per table and the load phase per table."""

    def __init__(self, bars: bool, stream: TextIO = sys.stderr, every: float = 10.0) -> None:
        self.bars = bars
        self.stream = stream
        self.every = every
        self._bar: tqdm | None = None
        self._plain: dict[str, tuple[int, float, float]] = {}  # table -> rows, started, last print
        self._lock = threading.Lock()
        self._load_bar: tqdm | None = None

    def start(self, table: str, phase: str, total: int | None) -> None:
        """A table starts reading (``phase`` e.g. 'full' or 'incremental'); ``total`` rows if known."""
        with self._lock:
            self._close_bar()
            if self.bars:
                self._bar = tqdm(
                    total=total or None,
                    desc=f"{table} ({phase})",
                    unit=" rows",
                    unit_scale=True,
                    file=self.stream,
                    leave=False,
                    dynamic_ncols=True,
                )
            else:
                now = time.monotonic()
                self._plain[table] = (0, now, now)
                size = f", about {total:,} rows" if total else ""
                self._line(f"reading {table} ({phase}{size})")

    def rows(self, table: str, count: int) -> None:
        """``count`` more rows of ``table`` were read."""
        with self._lock:
            if self._bar is not None:
                self._bar.update(count)
                return
            done, began, printed = self._plain.get(table, (0, time.monotonic(), time.monotonic()))
            done += count
            now = time.monotonic()
            if now - printed >= self.every:
                rate = done / max(now - began, 1e-6)
                self._line(f"  {table}: {done:,} rows read ({rate:,.0f} rows/s)")
                printed = now
            self._plain[table] = (done, began, printed)

    def loading(self, total_rows: int) -> None:
        """The load phase starts: ``total_rows`` rows are waiting to be written."""
        with self._lock:
            self._close_bar()
            if self.bars and total_rows:
                self._load_bar = tqdm(
                    total=total_rows,
                    desc="writing to warehouse",
                    unit=" rows",
                    unit_scale=True,
                    file=self.stream,
                    leave=False,
                    dynamic_ncols=True,
                )
            elif total_rows:
                self._line(f"writing {total_rows:,} rows to the warehouse")

    def loaded(self, table: str, rows: int) -> None:
        """One load file of ``table`` with ``rows`` rows was written."""
        with self._lock:
            if self._load_bar is not None:
                self._load_bar.set_postfix_str(table, refresh=False)
                self._load_bar.update(rows)
            else:
                self._line(f"  {table}: {rows:,} rows written")

    def message(self, text: str) -> None:
        """A plain line, printed above any bar."""
        with self._lock:
            self._line(text)

    def close(self) -> None:
        """Remove any bar."""
        with self._lock:
            self._close_bar()
            if self._load_bar is not None:
                self._load_bar.close()
                self._load_bar = None

    def _close_bar(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def _line(self, text: str) -> None:
        if self.bars:
            tqdm.write(text, file=self.stream)
        else:
            print(text, file=self.stream, flush=True)
