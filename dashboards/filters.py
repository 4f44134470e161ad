"""The filters every page honours: a date range, practices, clinics and providers (sidebar, shared by all
pages).

The widgets live in the entry script (app.py), which Streamlit runs before every page, so a choice made on
one page holds on the next. An empty practice, clinic or provider choice means "all" (all the practices the
login may see: access.allowed_practices). The practice filter shows only when there is more than one.
"""

from __future__ import annotations

from collections.abc import Mapping

import access
import pandas as pd
import queries
import streamlit as st
from period import TREND_MONTHS, Filters, Key, add_months, default_range

__all__ = ["TREND_MONTHS", "Filters", "Key", "add_months", "clinics", "current", "default_range", "named",
           "practice_names", "providers", "sidebar", "with_practice"]

DATES_KEY = "filter_dates"
PRACTICES_KEY = "filter_practices"
CLINICS_KEY = "filter_clinics"
PROVIDERS_KEY = "filter_providers"
STATE_KEY = "filters"
NAMES_KEY = "filter_names"


def sidebar() -> Filters:
    """Draw the filter widgets in the sidebar and return (and remember) the current choice."""
    practices = queries.practices(access.allowed_practices())
    if not practices:
        st.error("This login may see no practice of this warehouse: ask for its `practices` in the "
                 "dashboard credentials file to be corrected.")
        st.stop()
    several = len(practices) > 1
    with st.sidebar:
        st.header("Filters")
        chosen_practices = st.multiselect("Practices", options=list(practices),
                                          format_func=practices.__getitem__, key=PRACTICES_KEY,
                                          placeholder="All practices") if several else []
    practice_ids = tuple(sorted(chosen_practices or practices))
    first, last_complete, last = queries.data_period(practice_ids)
    default_start, default_end = default_range(last_complete)

    def prefixed(names: Mapping[Key, str]) -> dict[Key, str]:
        # Clinic 1 of one practice is not clinic 1 of another: say whose it is.
        return {key: f"{practices[key[0]]}: {name}" if several else name for key, name in names.items()}

    clinics, providers = prefixed(queries.clinics(practice_ids)), prefixed(queries.providers(practice_ids))
    with st.sidebar:
        chosen = st.date_input("Dates", value=(max(default_start, first), default_end), min_value=first,
                               max_value=last, key=DATES_KEY, format="YYYY-MM-DD")
        clinic_ids = st.multiselect("Clinics", options=list(clinics), format_func=clinics.__getitem__,
                                    key=CLINICS_KEY, placeholder="All clinics")
        provider_ids = st.multiselect("Providers", options=list(providers), format_func=providers.__getitem__,
                                      key=PROVIDERS_KEY, placeholder="All providers")
        # Every page: each practice's "today" (its last successful load, or the dbt var practice_as_of_date).
        as_of = queries.as_of_dates(practice_ids)
        dates = sorted(set(as_of.values()))
        if not dates:
            st.caption("Data as of: unknown (build the marts)")
        elif len(dates) == 1:
            st.caption(f"Data as of {dates[0]:%Y-%m-%d}")
        else:
            st.caption("Data as of " + ", ".join(f"{day:%Y-%m-%d} ({practices[practice_id]})"
                                                 for practice_id, day in as_of.items()))
    # While a range is being picked the widget holds only its first day: keep the default end until then.
    picked = tuple(chosen) if isinstance(chosen, tuple | list) else (chosen,)
    start = picked[0] if picked else default_start
    end = picked[1] if len(picked) > 1 else max(start, default_end)
    # A clinic or provider of a practice no longer chosen is dropped (its widget keeps it until then).
    filters = Filters(start, end, tuple(sorted(key for key in clinic_ids if key[0] in practice_ids)),
                      tuple(sorted(key for key in provider_ids if key[0] in practice_ids)), practice_ids)
    st.session_state[STATE_KEY] = filters
    st.session_state[NAMES_KEY] = ({practice_id: practices[practice_id] for practice_id in practice_ids},
                                   clinics, providers)
    return filters


def current() -> Filters:
    """The choice made in the sidebar on this run (app.py draws the sidebar before the page)."""
    filters = st.session_state.get(STATE_KEY)
    if not isinstance(filters, Filters):
        raise RuntimeError("run the dashboards through app.py (`mdc dashboard`), which draws the filters")
    return filters


def _names() -> tuple[dict[str, str], dict[Key, str], dict[Key, str]]:
    current()
    names: tuple[dict[str, str], dict[Key, str], dict[Key, str]] = st.session_state[NAMES_KEY]
    return names


def practice_names() -> dict[str, str]:
    """Practice id -> name of the practices shown."""
    return _names()[0]


def clinics() -> dict[Key, str]:
    """(practice id, clinic id) -> the name the sidebar shows."""
    return _names()[1]


def providers() -> dict[Key, str]:
    """(practice id, provider id) -> the label the sidebar shows."""
    return _names()[2]


def named(frame: pd.DataFrame, column: str, names: Mapping[Key, str]) -> list[str]:
    """The label of each row's clinic or provider (``column``, with the row's ``practice_id``)."""
    return [names.get((str(practice_id), int(key)), f"#{int(key)}")
            for practice_id, key in zip(frame["practice_id"], frame[column], strict=True)]


def with_practice(shown: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """``shown`` (a table drawn from ``frame``) with a first column naming each row's practice, when the
    page shows several: patient and claim numbers repeat across practices."""
    names = practice_names()
    if len(names) > 1:
        shown.insert(0, "Practice", [names.get(str(practice_id), str(practice_id))
                                     for practice_id in frame["practice_id"]])
    return shown
