"""``mdc synth``: a synthetic OpenDental 24.3 practice, for development, tests and benchmarks.

The public API is two functions and a report:

* :func:`create_practice` drops and re-creates the database named in a SQLAlchemy URL, loads
  OpenDental 24.3's DDL for the 57 core tables (``sql_mode=''``), simulates the practice's history
  up to ``end_date`` and runs OpenDental's aging as of that day (preference ``DateLastAging``).
* :func:`advance_practice` continues an existing synthetic practice for some days, writing the
  way OpenDental writes: new rows, updates that bump the change columns, hard deletes, then aging.

Both are deterministic: the same arguments give an identical database. Heavy imports happen inside
the functions so that ``mdc --help`` stays fast.
"""

from __future__ import annotations

import datetime as dt

from .report import SynthReport

# The fixed end date that tests, benchmarks and docs pin (a practice ending "yesterday" would make
# them depend on the calendar). DEFAULT_END_DATE is its former name, kept for existing callers.
PINNED_END_DATE = dt.date(2026, 10, 31)
DEFAULT_END_DATE = PINNED_END_DATE
SCALES = ("tiny", "small", "demo", "large")

__all__ = [
    "DEFAULT_END_DATE",
    "PINNED_END_DATE",
    "SCALES",
    "SynthReport",
    "advance_practice",
    "create_practice",
    "default_end_date",
]


def default_end_date(today: dt.date | None = None) -> dt.date:
    """The simulated "today" of a new practice when none is given: the day before ``today``.

    The practice's last simulated day is yesterday, so its history reaches the real calendar and
    the dashboards' last whole month has data on any day ``make demo`` runs.
    """
    return (today or dt.date.today()) - dt.timedelta(days=1)


def create_practice(
    url: str,
    scale: str = "demo",
    seed: int = 42,
    end_date: dt.date | None = None,
    *,
    shuffle_codes: bool = False,
) -> SynthReport:
    """Create a synthetic OpenDental practice in the database named in ``url``.

    Args:
        url: SQLAlchemy URL whose database is dropped and re-created (e.g.
            ``mysql+pymysql://root@127.0.0.1:3306/opendental``).
        scale: ``tiny`` (unit tests), ``demo`` (about 2,000 patients, 3 years) or ``large``
            (about 35,000 patients, 10 years, a million procedures).
        seed: random seed; the same seed, scale and end date give an identical database.
        end_date: the simulated "today" (DateLastAging); default yesterday (:func:`default_end_date`).
            Pin it (e.g. :data:`PINNED_END_DATE`) wherever a result must not depend on the calendar.
        shuffle_codes: number the procedure codes in an order drawn from ``seed`` instead of the
            file's order, so that two practices of a group (``mdc synth`` with ``MDC_PRACTICES``
            turns it on) share CodeNums that mean different codes, as two real OpenDental databases
            do. Off by default: tests and the published demo figures pin today's numbering.
            DefNums already depend on the seed (definitions are inserted shuffled, with gaps);
            PatNum, ProvNum and most other keys start at 1 in every practice.

    Returns:
        A :class:`SynthReport` with row counts and timings.
    """
    from .runner import build

    return build(url, scale, seed, end_date or default_end_date(), shuffle_codes=shuffle_codes)


def advance_practice(url: str, days: int, seed: int | None = None) -> SynthReport:
    """Continue the synthetic practice in ``url`` for ``days`` more days, then age it.

    The practice's own "today" is read from the database (preference ``DateLastAging``); the run
    inserts, updates (bumping DateTStamp/SecDateTEdit to simulated times after every existing
    value) and hard-deletes rows as OpenDental would, and the database keeps exactly the 57 tables.

    Args:
        url: SQLAlchemy URL of a database made by :func:`create_practice`.
        days: how many days to simulate (at least 1).
        seed: random seed for the new days (default: derived from the database's last day).

    Returns:
        A :class:`SynthReport` whose inserted/updated/deleted counts describe this run.
    """
    from .restore import advance_database

    if days < 1:
        raise ValueError(f"days must be at least 1, got {days}")
    return advance_database(url, days, seed)
