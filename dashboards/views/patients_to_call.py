"""Patients to call: patients in status Patient, seen in the last 18 months, who are lapsing (no visit for
a year) or overdue for hygiene and have nothing booked, from mart_patients_to_call (the latest month end of
mart_patient_features). Listed by PatNum, chart number and family balance. The chart number and names are PHI
that the loader's default policy leaves at the source: their columns are shown only when they hold values (the
practice's catalogue keeps them)."""

from __future__ import annotations

import filters
import layout
import pandas as pd
import queries
import streamlit as st

SOURCE = "mart_patients_to_call"

choice = filters.current()
st.title("Patients to call")
calls = queries.patients_to_call(choice)
if calls.empty:
    layout.no_data("patients to call")
    st.stop()
# PHI columns a practice may keep (NULL under the default policy): shown only when they hold values
IDENTIFIERS = {"chart_number": "Chart number", "last_name": "Last name", "first_name": "First name",
               "preferred_name": "Preferred name"}
shown_identifiers = [column for column in IDENTIFIERS if calls[column].notna().any()]
st.caption(f"As of {pd.Timestamp(calls['as_of_date'].iloc[0]):%Y-%m-%d} (the latest month end): lapsing "
           "patients (last visit over a year ago) and patients overdue for hygiene, with no appointment "
           "booked." + ("" if shown_identifiers else
                        " By PatNum: names and chart numbers stay in OpenDental under the PHI policy."))
providers, clinics = filters.providers(), filters.clinics()
cards = st.columns(2)
cards[0].metric("Lapsing", layout.count((calls["call_reason"] == "lapsing").sum()), border=True)
overdue = (calls["call_reason"] == "hygiene overdue").sum()
cards[1].metric("Hygiene overdue", layout.count(overdue), border=True)
st.dataframe(filters.with_practice(pd.DataFrame({
    "PatNum": calls["patient_id"].astype(int),
    **{IDENTIFIERS[column]: calls[column] for column in shown_identifiers},
    "Reason": calls["call_reason"],
    "Last visit": calls["last_visit_date"],
    "Days since": calls["days_since_last_visit"].astype(int),
    "Last hygiene visit": calls["last_hygiene_visit_date"],
    "Open treatment": [layout.money(amount) for amount in calls["open_treatment_plan_amount"]],
    "Family balance": [layout.money(amount) for amount in calls["family_balance"]],
    "Aging": calls["family_aging_bucket"],
    "Primary provider": filters.named(calls, "primary_provider_id", providers),
    "Clinic": filters.named(calls, "clinic_id", clinics),
}), calls), hide_index=True)
layout.footnote(*(f"{SOURCE}.{column}" for column in (
    "patient_id", *shown_identifiers, "call_reason", "days_since_last_visit", "open_treatment_plan_amount",
    "family_balance")))
