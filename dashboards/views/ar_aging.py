"""A/R aging: family balances by age on the last aging date of the chosen dates, their month-end
history, the largest family balances (by guarantor id: no names leave OpenDental) and the split into
insurance and patient estimates (mart_ar_aging; clinic and provider are the guarantor's, dim_patient)."""

from __future__ import annotations

import filters
import layout
import pandas as pd
import queries
import streamlit as st

MART = "mart_ar_aging"
BUCKETS = {"bal_0_30": "0-30 days", "bal_31_60": "31-60 days", "bal_61_90": "61-90 days",
           "bal_over_90": "Over 90 days"}

choice = filters.current()
st.title("A/R aging")
as_of = queries.aging_as_of(choice)
if as_of is None:
    layout.no_data("aging")
    st.stop()
st.caption(f"Family balances aged as of {as_of:%Y-%m-%d}, the last aging date on or before "
           f"{choice.end:%Y-%m-%d}, as OpenDental's Aging of A/R report. Clinic and provider filters apply "
           "to the guarantor's clinic and primary provider.")

totals = queries.aging_totals(choice, as_of).iloc[0]
cards = st.columns(6)
for card, column in zip(cards, BUCKETS, strict=False):
    card.metric(BUCKETS[column], layout.money(totals[column]), border=True)
cards[4].metric("Total balance", layout.money(totals["bal_total"]), border=True)
cards[5].metric("Families with a balance", layout.count(totals["families"]), border=True)
layout.footnote(*(f"{MART}.{column}" for column in BUCKETS), f"{MART}.bal_total")

left, right = st.columns(2)
with left:
    st.subheader("Buckets now")
    buckets = pd.DataFrame({"bucket": list(BUCKETS.values()),
                            "amount": [float(totals[column]) for column in BUCKETS]})
    layout.bar_chart(buckets, "bucket", "amount", sort=list(BUCKETS.values()))
    layout.footnote(*(f"{MART}.{column}" for column in BUCKETS))
with right:
    st.subheader("Insurance vs patient estimate")
    estimates = pd.DataFrame({
        "share": ["Insurance estimate", "Patient estimate"],
        "amount": [float(totals["insurance_estimate"]), float(totals["patient_estimate"])],
    })
    layout.bar_chart(estimates, "share", "amount", horizontal=True)
    st.metric("Insurance estimate", layout.money(totals["insurance_estimate"]))
    st.metric("Patient estimate", layout.money(totals["patient_estimate"]))
    layout.footnote(f"{MART}.insurance_estimate", f"{MART}.patient_estimate")

st.subheader("Month-end history")
history = queries.aging_history(choice)
if history.empty:
    layout.no_data("month-end aging")
else:
    long = history.melt(id_vars="as_of_date", value_vars=list(BUCKETS), var_name="bucket",
                        value_name="amount")
    long["bucket"] = long["bucket"].map(BUCKETS)
    long["amount"] = pd.to_numeric(long["amount"]).astype(float)
    long["month end"] = pd.to_datetime(long["as_of_date"]).dt.strftime("%Y-%m-%d")
    layout.bar_chart(long, "month end", "amount", color="bucket")
    layout.footnote(*(f"{MART}.{column}" for column in BUCKETS), f"{MART}.is_month_end")

st.subheader("Largest family balances")
largest = queries.largest_balances(choice, as_of)
if largest.empty:
    layout.no_data("family balances")
else:
    shown = pd.DataFrame({"Guarantor id": largest["guarantor_id"].astype(int)})
    for column, label in {**BUCKETS, "bal_total": "Total", "insurance_estimate": "Insurance estimate",
                          "patient_estimate": "Patient estimate"}.items():
        shown[label] = [layout.money(amount) for amount in largest[column]]
    st.dataframe(filters.with_practice(shown, largest), hide_index=True)
    layout.footnote(f"{MART}.guarantor_id", *(f"{MART}.{column}" for column in queries.AGING))
