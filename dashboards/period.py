"""The period and selection a page shows: dates, practices, clinics and providers, and the month arithmetic.

Plain data and date math, no Streamlit and no queries, so both the sidebar (filters.py) and the queries
(queries.py) import it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

TREND_MONTHS = 13
# The practice_id of a warehouse that holds one practice (no MDC_PRACTICES): queries.rel() adds it as a
# constant column, so one SQL text serves both a single practice and a group.
SINGLE_PRACTICE = "practice"
# A clinic or provider is (practice_id, id): OpenDental numbers collide across the practices of a group.
Key = tuple[str, int]


@dataclass(frozen=True)
class Filters:
    """The current choice: dates inclusive; empty clinic / provider tuples mean every clinic / provider of
    ``practice_ids``, the practices shown (always explicit: a login may see only some; none means none)."""

    start: date
    end: date
    clinic_ids: tuple[Key, ...] = ()
    provider_ids: tuple[Key, ...] = ()
    practice_ids: tuple[str, ...] = (SINGLE_PRACTICE,)

    @property
    def report_month(self) -> date:
        """First day of the last whole calendar month inside the range (the overview's "this month")."""
        return month_start(last_whole_month_end(self.end))


def month_start(day: date) -> date:
    """First day of ``day``'s month."""
    return day.replace(day=1)


def month_end(day: date) -> date:
    """Last day of ``day``'s month."""
    return add_months(month_start(day), 1) - timedelta(days=1)


def add_months(first_of_month: date, months: int) -> date:
    """The first day of the month ``months`` after (or before) ``first_of_month``."""
    index = first_of_month.year * 12 + first_of_month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def last_whole_month_end(day: date) -> date:
    """``day`` if it ends its month, else the last day of the month before."""
    return day if day == month_end(day) else month_start(day) - timedelta(days=1)


def default_range(latest: date) -> tuple[date, date]:
    """The last whole month on or before ``latest`` and the twelve before it."""
    end = last_whole_month_end(latest)
    return add_months(month_start(end), 1 - TREND_MONTHS), end
