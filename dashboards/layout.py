"""How figures look: number formats, KPI cards, footnotes and the standard charts.

Nothing here computes a metric: values arrive from ``queries`` and are only formatted and drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import altair as alt
import pandas as pd
import streamlit as st

Number = Decimal | float | int


def money(value: Number | None) -> str:
    """``$1,234.56`` (cents always shown, minus sign first); an em dash for no value."""
    if value is None or pd.isna(value):
        return "—"
    amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"-${-amount:,.2f}" if amount < 0 else f"${amount:,.2f}"


def count(value: Number | None) -> str:
    """``1,234``; an em dash for no value."""
    if value is None or pd.isna(value):
        return "—"
    return f"{int(value):,}"


def percent(value: Number | None) -> str:
    """A ratio (0.973) as ``97.3%``; an em dash when undefined (zero denominator)."""
    if value is None or pd.isna(value):
        return "—"
    shown = (Decimal(str(value)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{shown}%"


def points(value: Number | None) -> str:
    """A difference of two ratios in percentage points (0.11 -> ``11.0 pts``); an em dash for no value."""
    if value is None or pd.isna(value):
        return "—"
    return percent(value).removesuffix("%") + " pts"


def days(value: Number | None) -> str:
    """A duration in days, one decimal; an em dash for no value."""
    if value is None or pd.isna(value):
        return "—"
    return f"{float(value):.1f} days"


def month_label(month: date) -> str:
    """``Mar 2025``."""
    return month.strftime("%b %Y")


def defined_rate(value: Number | None, denominator: Number | None) -> Number | None:
    """A rate, or None when its denominator is missing, zero or negative.

    A collection ratio over a month whose net production is negative (write-offs and refunds but
    hardly any visits) would read as a negative percentage; a card shows an em dash instead.
    """
    if value is None or denominator is None or pd.isna(value) or pd.isna(denominator):
        return None
    return value if Decimal(str(denominator)) > 0 else None


def report_month_label(month: date, complete: bool) -> str:
    """``Mar 2025``, or ``Dec 2026 (month in progress)`` when the month has not ended at the as-of date."""
    return month_label(month) if complete else f"{month_label(month)} (month in progress)"


def footnote(*sources: str) -> None:
    """Name the mart columns a figure shows, e.g. ``footnote("mart_kpis_monthly.net_production")``."""
    st.caption("Source: " + ", ".join(f"`{source}`" for source in sources))


def change(now: Number | None, before: Number | None, show: Callable[[Number | None], str],
           since: str) -> str | None:
    """``+$1,234.56 vs Sep 2026`` (the sign decides Streamlit's arrow); None when either value is missing."""
    if now is None or before is None or pd.isna(now) or pd.isna(before):
        return None
    difference = Decimal(str(now)) - Decimal(str(before))
    return ("+" if difference >= 0 else "-") + show(abs(difference)) + f" vs {since}"


def monthly_trend(frame: pd.DataFrame, series: dict[str, str], *, title: str, y_format: str = "$,.0f",
                  bars: bool = False) -> None:
    """Draw ``series`` (column -> legend label) of a frame with ``month_start_date`` by month."""
    long = frame.melt(id_vars="month_start_date", value_vars=list(series), var_name="measure",
                      value_name="value")
    long["measure"] = long["measure"].map(series)
    long["value"] = pd.to_numeric(long["value"], errors="coerce").astype(float)
    long["month_start_date"] = pd.to_datetime(long["month_start_date"])
    color = "measure" if len(series) > 1 else None
    if bars:
        long["month"] = long["month_start_date"].dt.strftime("%Y-%m")
        bar_chart(long, "month", "value", color=color, title=title, y_format=y_format)
    else:
        line_chart(long, "month_start_date", "value", color=color, title=title, y_format=y_format)


def titled(title: str) -> dict[str, str]:
    """Chart keyword arguments for an optional title (Vega-Lite rejects a null title)."""
    return {"title": title} if title else {}


def line_chart(frame: pd.DataFrame, x: str, y: str, *, color: str | None = None, title: str = "",
               y_title: str = "", y_format: str = "$,.0f") -> None:
    """A line chart with points; ``x`` is a date column, ``y`` numeric, ``color`` an optional series."""
    encoding: dict[str, alt.X | alt.Y | alt.Color | list[alt.Tooltip]] = {
        "x": alt.X(f"{x}:T", title=None),
        "y": alt.Y(f"{y}:Q", title=y_title or None, axis=alt.Axis(format=y_format)),
        "tooltip": [alt.Tooltip(f"{x}:T", format="%b %Y"), alt.Tooltip(f"{y}:Q", format=y_format)],
    }
    if color:
        encoding["color"] = alt.Color(f"{color}:N", title=None)
    chart = alt.Chart(frame, **titled(title)).mark_line(point=True).encode(**encoding)  # type: ignore[arg-type]
    st.altair_chart(chart, width="stretch")


def bar_chart(frame: pd.DataFrame, x: str, y: str, *, color: str | None = None, title: str = "",
              y_title: str = "", y_format: str = "$,.0f", horizontal: bool = False,
              sort: list[str] | None = None) -> None:
    """A bar chart (stacked when ``color`` is given); ``x`` is the category, ``y`` the value."""
    axis = alt.Axis(format=y_format)
    if horizontal:
        encoding: dict[str, object] = {"y": alt.Y(f"{x}:N", title=None, sort=sort),
                                       "x": alt.X(f"{y}:Q", title=y_title or None, axis=axis)}
    else:
        encoding = {"x": alt.X(f"{x}:N", title=None, sort=sort),
                    "y": alt.Y(f"{y}:Q", title=y_title or None, axis=axis)}
    encoding["tooltip"] = [alt.Tooltip(f"{x}:N"), alt.Tooltip(f"{y}:Q", format=y_format)]
    if color:
        encoding["color"] = alt.Color(f"{color}:N", title=None)
    chart = alt.Chart(frame, **titled(title)).mark_bar().encode(**encoding)  # type: ignore[arg-type]
    st.altair_chart(chart, width="stretch")


def no_data(what: str) -> None:
    """Say plainly that the filters select nothing, instead of drawing an empty chart."""
    st.info(f"No {what} for the selected dates, clinics and providers.")
