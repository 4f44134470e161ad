"""Run one command per practice, a few at a time, each in its own process (``mdc load``, ``mdc dbt``).

A child process per practice keeps practices apart: its own MDC_* environment (its source, raw schema
and mart schema), its own dlt state and dbt target folder, its own memory. One practice failing, or its
server being down, never stops the others; the caller reports which failed and exits 1.
Children's output is passed on line by line, each line prefixed with ``[<practice id>]``.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from mdc.practices import Practice

DEFAULT_JOBS = 2


@dataclass(frozen=True)
class PracticeRun:
    """How one practice's command ended."""

    practice: Practice
    exit_code: int
    seconds: float

    @property
    def ok(self) -> bool:
        """True when the command exited 0."""
        return self.exit_code == 0


def run_per_practice(
    practices: Sequence[Practice],
    command_for: Callable[[Practice], tuple[list[str], dict[str, str]]],
    jobs: int = DEFAULT_JOBS,
    out: TextIO | None = None,
    cwd: Path | None = None,
) -> list[PracticeRun]:
    """Run ``command_for(practice)`` (argv, environment) in ``cwd`` for every practice, ``jobs`` at a time.

    Returns the results in the order of ``practices``.
    """
    stream = out or sys.stdout
    lock = threading.Lock()

    def one(practice: Practice) -> PracticeRun:
        argv, env = command_for(practice)
        started = time.monotonic()
        try:
            child = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, bufsize=1)
        except OSError as exc:
            with lock:
                print(f"[{practice.id}] cannot start {argv[0]}: {exc}", file=stream, flush=True)
            return PracticeRun(practice, 127, time.monotonic() - started)
        assert child.stdout is not None
        for line in child.stdout:
            with lock:
                print(f"[{practice.id}] {line.rstrip()}", file=stream, flush=True)
        code = child.wait()
        return PracticeRun(practice, code, time.monotonic() - started)

    with ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="practice") as pool:
        return list(pool.map(one, practices))


KEEPS_LAST_DATA = "the others are done; a failed practice keeps its last good data"


def report(command: str, runs: Sequence[PracticeRun], out: TextIO | None = None,
           consequence: str = KEEPS_LAST_DATA) -> int:
    """Print one line per practice and a verdict naming the failed ones; return the exit code (0 or 1)."""
    stream = out or sys.stdout
    print(f"{command}: by practice", file=stream)
    for run in runs:
        status = "ok" if run.ok else f"FAILED (exit {run.exit_code})"
        print(f"  {run.practice.id:<24} {run.seconds:>8.1f} s  {status}", file=stream)
    failed = [run.practice.id for run in runs if not run.ok]
    if failed:
        print(f"{command}: {len(failed)} of {len(runs)} practice(s) failed: {', '.join(failed)}"
              + (f" ({consequence})" if consequence else ""), file=stream, flush=True)
        return 1
    print(f"{command}: all {len(runs)} practice(s) ok", file=stream, flush=True)
    return 0


def mdc_command(*args: str) -> list[str]:
    """argv of ``mdc <args>`` run by this Python (the project's venv)."""
    return [sys.executable, "-m", "mdc.cli", *args]
