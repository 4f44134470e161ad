"""Practices side by side: each practice's production, collections, collection ratio, new patients,
hygiene re-appointment and share of A/R over 90 days, with the group's total, from mart_kpis_monthly
(queries.practices_compared). The total's rates come from the summed numerators and denominators."""

from __future__ import annotations

import filters
import layout
import pandas as pd
import queries
import streamlit as st

MART = "mart_kpis_monthly"

choice = filters.current()
names = filters.practice_names()
st.title("Practices side by side")
st.caption(f"Months of {choice.start:%Y-%m-%d} to {choice.end:%Y-%m-%d} added up; A/R at the end of "
           f"{layout.month_label(choice.report_month)}, the last whole month. The total's ratios are the "
           "summed collections over the summed net production (and so on), not an average of the practices'.")

compared = queries.practices_compared(choice)
if compared.empty or compared["net_production"].isna().all():
    layout.no_data("monthly KPIs")
    st.stop()
practice_rows = compared[compared["practice_id"].notna()]
total = compared[compared["practice_id"].isna()]
practice_rows = practice_rows.assign(
    practice=[names.get(str(practice_id), str(practice_id)) for practice_id in practice_rows["practice_id"]])
ordered = pd.concat([practice_rows.sort_values("practice"), total.assign(practice="Group total")])
st.table(pd.DataFrame({
    "Practice": list(ordered["practice"]),
    "Gross production": [layout.money(value) for value in ordered["gross_production"]],
    "Net production": [layout.money(value) for value in ordered["net_production"]],
    "Collections": [layout.money(value) for value in ordered["collections"]],
    "Collection ratio": [
        layout.percent(layout.defined_rate(rate, net))
        for rate, net in zip(ordered["collection_ratio"], ordered["net_production"], strict=True)],
    "New patients": [layout.count(value) for value in ordered["new_patients"]],
    "Hygiene re-appointment": [layout.percent(rate) for rate in ordered["hygiene_reappointment_rate"]],
    "A/R over 90 days": [layout.percent(rate) for rate in ordered["ar_over_90_share"]],
}).set_index("Practice"))
layout.footnote(*(f"{MART}.{column}" for column in (
    "gross_production", "net_production", "collections", "new_patients", "hygiene_visits_reappointed",
    "hygiene_visits", "ar_over_90", "ar_total")))

if len(practice_rows) > 1:
    st.subheader("Net production and collections")
    long = practice_rows.melt(id_vars="practice", value_vars=["net_production", "collections"],
                              var_name="measure", value_name="amount")
    long["measure"] = long["measure"].map({"net_production": "Net production", "collections": "Collections"})
    long["amount"] = pd.to_numeric(long["amount"]).astype(float)
    layout.bar_chart(long, "practice", "amount", color="measure")
    layout.footnote(f"{MART}.net_production", f"{MART}.collections")
