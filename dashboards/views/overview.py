"""Practice overview: the month's headline KPIs against last month and the same month last year, and
their 13-month trends. Every figure is a column of the monthly KPI marts (queries.kpis_by_month)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import filters
import layout
import pandas as pd
import queries
import streamlit as st

# (label, column, format, format of a change, higher is better)
HEADLINES: tuple[tuple[str, str, Callable[[Any], str], Callable[[Any], str], bool], ...] = (
    ("Gross production", "gross_production", layout.money, layout.money, True),
    ("Net production", "net_production", layout.money, layout.money, True),
    ("Collections", "collections", layout.money, layout.money, True),
    ("Collection ratio", "collection_ratio", layout.percent, layout.points, True),
    ("New patients", "new_patients", layout.count, layout.count, True),
    ("A/R over 90 days", "ar_over_90", layout.money, layout.money, False),
)

choice = filters.current()
month = choice.report_month
last_month, last_year = filters.add_months(month, -1), filters.add_months(month, -12)
source = queries.kpi_source(choice)
kpis = queries.kpis_by_month(choice, last_year, month)
by_month = {pd.Timestamp(row["month_start_date"]).date(): row for _, row in kpis.iterrows()}


def value(column: str, when: date) -> Any:
    """The KPI of one month, or None when the mart has no row for it or, for a rate, when the rate's
    denominator is zero or negative (a collection ratio over a negative net production)."""
    if when not in by_month:
        return None
    row = by_month[when]
    rate = queries.KPI_RATES.get(column)
    return row[column] if rate is None else layout.defined_rate(row[column], row[rate[1]])


def month_name(when: date) -> str:
    """The month's name, marked "(month in progress)" when it had not ended at the practice's as-of date."""
    complete = when not in by_month or bool(by_month[when]["is_complete_month"])
    return layout.report_month_label(when, complete)


st.title("Practice overview")
st.caption(f"{month_name(month)}, the last whole month of the chosen dates, against "
           f"{layout.month_label(last_month)} and {layout.month_label(last_year)}; trends over the 13 months "
           f"to {layout.month_label(month)}.")

card_slots = [slot for _ in range(2) for slot in st.columns(3)]
for card, (label, column, show, show_change, higher_is_better) in zip(card_slots, HEADLINES, strict=True):
    card.metric(label, show(value(column, month)),
                delta=layout.change(value(column, month), value(column, last_month), show_change,
                                    layout.month_label(last_month)),
                delta_color="normal" if higher_is_better else "inverse",
                help=f"{layout.month_label(last_year)}: {show(value(column, last_year))}", border=True)
layout.footnote(*(f"{source}.{column}" for _, column, *_ in HEADLINES))

st.subheader("This month, last month, same month last year")
st.table(pd.DataFrame(
    {month_name(when): [show(value(column, when)) for _, column, show, *_ in HEADLINES]
     for when in (month, last_month, last_year)},
    index=[label for label, *_ in HEADLINES],
))
layout.footnote(*(f"{source}.{column}" for _, column, *_ in HEADLINES))

st.subheader("13-month trends")
if kpis.empty:
    layout.no_data("monthly KPIs")
else:
    left, right = st.columns(2)
    with left:
        production = {"gross_production": "Gross production", "net_production": "Net production",
                      "collections": "Collections"}
        layout.monthly_trend(kpis, production, title="Production and collections")
        layout.footnote(f"{source}.gross_production", f"{source}.net_production", f"{source}.collections")
        layout.monthly_trend(kpis, {"new_patients": "New patients"}, title="New patients", y_format=",.0f",
                             bars=True)
        layout.footnote(f"{source}.new_patients")
    with right:
        layout.monthly_trend(kpis, {"collection_ratio": "Collection ratio"}, title="Collection ratio",
                             y_format=".0%")
        layout.footnote(f"{source}.collection_ratio")
        layout.monthly_trend(kpis, {"ar_over_90": "A/R over 90 days"}, title="A/R over 90 days")
        layout.footnote(f"{source}.ar_over_90")
