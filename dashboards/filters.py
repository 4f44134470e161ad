"""The filters every page honours: a date range, clinics and providers (sidebar, shared by all pages).

The widgets live in the entry script (app.py), which Streamlit runs before every page, so a choice made on
one page holds on the next. An empty clinic or provider choice means "all".
"""

from __future__ import annotations

import queries
import streamlit as st
from period import TREND_MONTHS, Filters, add_months, default_range

__all__ = ["TREND_MONTHS", "Filters", "add_months", "current", "default_range", "sidebar"]

DATES_KEY = "filter_dates"
CLINICS_KEY = "filter_clinics"
PROVIDERS_KEY = "filter_providers"
STATE_KEY = "filters"


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
        as_of = queries.as_of_date()
        # Every page: the practice's "today" (the last successful load, or the dbt var practice_as_of_date).
        st.caption(f"Data as of {as_of:%Y-%m-%d}" if as_of else "Data as of: unknown (build the marts)")
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
