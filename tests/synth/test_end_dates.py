"""The practice ends yesterday by default, and any pinned end date (month ends, a leap day, New Year's
Eve) gives a practice whose invariants hold, ending exactly on that day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from synth_support import database_url, invariant_failures, last_aging, scalar

import synth
from synth import PINNED_END_DATE, create_practice, default_end_date, kpis


@pytest.mark.parametrize(("today", "yesterday"), [
    (dt.date(2026, 12, 6), dt.date(2026, 12, 5)), (dt.date(2027, 1, 1), dt.date(2026, 12, 31)),
    (dt.date(2028, 3, 1), dt.date(2028, 2, 29)), (dt.date(2027, 3, 1), dt.date(2027, 2, 28)),
])
def test_the_default_end_date_is_the_day_before_today(today: dt.date, yesterday: dt.date) -> None:
    assert default_end_date(today) == yesterday
    assert default_end_date() == dt.date.today() - dt.timedelta(days=1)


def test_the_pinned_end_date_stays_the_former_fixed_default() -> None:
    assert PINNED_END_DATE == synth.DEFAULT_END_DATE == dt.date(2026, 10, 31)


@pytest.mark.parametrize(("end", "first", "last"), [
    (dt.date(2026, 10, 31), dt.date(2025, 11, 1), dt.date(2026, 10, 31)),
    (dt.date(2026, 12, 6), dt.date(2025, 12, 1), dt.date(2026, 11, 30)),
    (dt.date(2027, 1, 1), dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
    (dt.date(2028, 2, 29), dt.date(2027, 3, 1), dt.date(2028, 2, 29)),
    (dt.date(2028, 2, 28), dt.date(2027, 2, 1), dt.date(2028, 1, 31)),
])
def test_the_printed_kpis_cover_the_twelve_complete_months_to_the_last_day(
    end: dt.date, first: dt.date, last: dt.date
) -> None:
    assert kpis.twelve_months(end) == (first, last)


@pytest.mark.parametrize(("end", "first"), [
    (dt.date(2026, 12, 31), dt.date(2026, 7, 1)), (dt.date(2027, 2, 28), dt.date(2026, 8, 29)),
    (dt.date(2028, 2, 29), dt.date(2027, 8, 30)),
])
def test_a_practice_ends_on_any_pinned_day_and_its_invariants_hold(
    end: dt.date, first: dt.date, make_database: Callable[[str], str]
) -> None:
    database = make_database("ends")
    report = create_practice(database_url(database), "tiny", seed=5, end_date=end)
    assert (report.first_day, report.last_day) == (first, end)  # six months of history, to the day
    assert last_aging(database) == end
    latest = scalar(database, "select max(date(AptDateTime)) from appointment where AptStatus = 2")
    assert latest <= end and (end - latest).days <= 4
    completed_later = "select count(*) from procedurelog where ProcStatus = 2 and ProcDate > %s"
    assert scalar(database, completed_later, end) == 0
    assert invariant_failures(database) == []
