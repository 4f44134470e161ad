"""The filters every page honours: a date range, clinics and providers (sidebar, shared by all pages).

The widgets live in the entry script (app.py), which Streamlit runs before every page, so a choice made on
one page holds on the next. An empty clinic or provider choice means "all".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import queries
import streamlit as st

DATES_KEY = "filter_dates"
CLINICS_KEY = "filter_clinics"
PROVIDERS_KEY = "filter_providers"
STATE_KEY = "filters"
TREND_MONTHS = 13


@dataclass(frozen=True)
class Filters:
    """The current choice: dates inclusive; empty id tuples mean every clinic / provider."""

    start: date
    end: date
    clinic_ids: tuple[int, ...] = ()
    provider_ids: tuple[int, ...] = ()

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


def sidebar() -> Filters:
    """Draw the filter widgets in the sidebar and return (and remember) the current choice."""
    first, last_complete, last = queries.data_period()
    default_start, default_end = default_range(last_complete)
    clinics = queries.clinics()
    providers = queries.providers()
    with st.sidebar:
        st.header("Filters")
        chosen = st.date_input("Dates", value=(max(default_start, first), default_end), min_value=first,
                               max_value=last, key=DATES_KEY, format="YYYY-MM-DD")
        clinic_ids = st.multiselect("Clinics", options=list(clinics), format_func=clinics.__getitem__,
                                    key=CLINICS_KEY, placeholder="All clinics")
        provider_ids = st.multiselect("Providers", options=list(providers), format_func=providers.__getitem__,
                                      key=PROVIDERS_KEY, placeholder="All providers")
    # While a range is being picked the widget holds only its first day: keep the default end until then.
    dates = tuple(chosen) if isinstance(chosen, tuple | list) else (chosen,)
    start = dates[0] if dates else default_start
    end = dates[1] if len(dates) > 1 else max(start, default_end)
    filters = Filters(start, end, tuple(sorted(clinic_ids)), tuple(sorted(provider_ids)))
    st.session_state[STATE_KEY] = filters
    return filters


def current() -> Filters:
    """The choice made in the sidebar on this run (app.py draws the sidebar before the page)."""
    filters = st.session_state.get(STATE_KEY)
    if not isinstance(filters, Filters):
        raise RuntimeError("run the dashboards through app.py (`mdc dashboard`), which draws the filters")
    return filters
