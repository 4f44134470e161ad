"""Schedule & chairs: how full the providers' schedules and the operatories were (booked and completed
minutes over scheduled minutes), by weekday x hour, operatory, provider, hygiene vs doctor time, and
production per scheduled hour. Figures come from mart_schedule_utilization (day x operatory x provider)
and mart_schedule_utilization_hourly; definitions in DECISIONLOG.md, R1."""

from __future__ import annotations

import altair as alt
import filters
import layout
import pandas as pd
import queries
import streamlit as st

DAILY = "mart_schedule_utilization"
WEEKDAYS = {1: "Mon", 2: "Tue", 3: "Wed", 4: "Thu", 5: "Fri", 6: "Sat", 7: "Sun"}

choice = filters.current()
st.title("Schedule & chairs")
st.caption(f"Days {choice.start:%Y-%m-%d} to {choice.end:%Y-%m-%d}. Scheduled time: providers' open "
           "schedules in their operatories, blockouts excluded; booked: appointment time inside it "
           "(kept, scheduled or lost to a break).")

totals = queries.utilization(choice, "hygiene")
if totals.empty or not totals["scheduled_minutes"].astype(float).sum():
    layout.no_data("provider schedules")
    st.stop()
scheduled = float(totals["scheduled_minutes"].astype(float).sum())
booked = float(totals["booked_minutes"].astype(float).sum())
completed = float(totals["completed_minutes"].astype(float).sum())
production = float(totals["gross_production"].astype(float).sum())
cards = st.columns(4)
cards[0].metric("Scheduled hours", layout.count(scheduled / 60), border=True)
cards[1].metric("Booked utilization", layout.percent(booked / scheduled), border=True)
cards[2].metric("Completed utilization", layout.percent(completed / scheduled), border=True)
cards[3].metric("Production per scheduled hour", layout.money(production * 60 / scheduled), border=True)
layout.footnote(*(f"{DAILY}.{column}" for column in (
    "scheduled_minutes", "booked_minutes", "completed_minutes", "gross_production")))

st.subheader("Booked utilization by weekday and hour")
grid = queries.utilization_by_weekday_hour(choice)
if grid.empty:
    layout.no_data("scheduled hours")
else:
    grid = grid.assign(
        weekday=grid["iso_day_of_week"].astype(int).map(WEEKDAYS),
        hour=grid["hour_of_day"].astype(int).map(lambda hour: f"{hour:02d}:00"),
        utilization=pd.to_numeric(grid["booked_utilization_rate"], errors="coerce").astype(float),
        scheduled_hours=grid["scheduled_minutes"].astype(float) / 60,
    )
    heatmap = alt.Chart(grid).mark_rect().encode(
        x=alt.X("hour:O", title=None),
        y=alt.Y("weekday:O", title=None, sort=list(WEEKDAYS.values())),
        color=alt.Color("utilization:Q", title="Booked", scale=alt.Scale(domain=[0, 1], scheme="blues"),
                        legend=alt.Legend(format=".0%")),
        tooltip=[alt.Tooltip("weekday:O"), alt.Tooltip("hour:O"),
                 alt.Tooltip("utilization:Q", format=".1%"),
                 alt.Tooltip("scheduled_hours:Q", format=",.0f", title="scheduled hours")],
    )
    st.altair_chart(heatmap, width="stretch")
layout.footnote("mart_schedule_utilization_hourly.booked_minutes",
                "mart_schedule_utilization_hourly.scheduled_minutes")

providers = filters.providers()


def _table(frame: pd.DataFrame, label: str, names: list[str]) -> pd.DataFrame:
    return pd.DataFrame({
        label: names,
        "Scheduled hours": [layout.count(float(minutes) / 60) for minutes in frame["scheduled_minutes"]],
        "Booked": [layout.percent(rate) for rate in frame["booked_utilization_rate"]],
        "Completed": [layout.percent(rate) for rate in frame["completed_utilization_rate"]],
        "Broken hours": [layout.count(float(minutes) / 60) for minutes in frame["broken_minutes"]],
        "Booked outside the schedule (h)": [
            layout.count(float(minutes) / 60) for minutes in frame["booked_minutes_outside_schedule"]],
        "Production": [layout.money(amount) for amount in frame["gross_production"]],
        "Production per scheduled hour": [
            layout.money(amount) for amount in frame["production_per_scheduled_hour"]],
    })


left, right = st.columns(2)
with left:
    st.subheader("Hygiene and doctor time")
    kinds = ["Hygiene" if int(flag) else "Doctor" for flag in totals["is_hygiene"]]
    st.dataframe(_table(totals, "Time", kinds), hide_index=True)
with right:
    st.subheader("By operatory")
    by_operatory = queries.utilization(choice, "operatory")
    operatories = [f"Op #{int(op)}" for op in by_operatory["operatory_id"]]
    st.dataframe(filters.with_practice(_table(by_operatory, "Operatory", operatories), by_operatory),
                 hide_index=True)
st.subheader("By provider")
by_provider = queries.utilization(choice, "provider")
names = filters.named(by_provider, "provider_id", providers)
st.dataframe(_table(by_provider, "Provider", names), hide_index=True)
layout.footnote(*(f"{DAILY}.{column}" for column in (
    "booked_minutes", "completed_minutes", "broken_minutes", "booked_minutes_outside_schedule",
    "production_per_scheduled_hour")))
