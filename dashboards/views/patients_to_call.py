"""Patients to call: patients in status Patient, seen in the last 18 months, who are lapsing (no visit for
a year) or overdue for hygiene and have nothing booked, from mart_patients_to_call (the latest month end of
mart_patient_features). Listed by PatNum with the family balance: names and chart numbers are PHI that the
loader's default policy leaves at the source."""

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
st.caption(f"As of {pd.Timestamp(calls['as_of_date'].iloc[0]):%Y-%m-%d} (the latest month end): lapsing "
           "patients (last visit over a year ago) and patients overdue for hygiene, with no appointment "
           "booked. By PatNum: names and chart numbers stay in OpenDental under the PHI policy.")
providers, clinics = queries.providers(), queries.clinics()
cards = st.columns(2)
cards[0].metric("Lapsing", layout.count((calls["call_reason"] == "lapsing").sum()), border=True)
overdue = (calls["call_reason"] == "hygiene overdue").sum()
cards[1].metric("Hygiene overdue", layout.count(overdue), border=True)
st.dataframe(pd.DataFrame({
    "PatNum": calls["patient_id"].astype(int),
    "Reason": calls["call_reason"],
    "Last visit": calls["last_visit_date"],
    "Days since": calls["days_since_last_visit"].astype(int),
    "Last hygiene visit": calls["last_hygiene_visit_date"],
    "Open treatment": [layout.money(amount) for amount in calls["open_treatment_plan_amount"]],
    "Family balance": [layout.money(amount) for amount in calls["family_balance"]],
    "Aging": calls["family_aging_bucket"],
    "Primary provider": [providers.get(int(i), f"#{i}") for i in calls["primary_provider_id"]],
    "Clinic": [clinics.get(int(i), f"#{i}") for i in calls["clinic_id"]],
}), hide_index=True)
layout.footnote(*(f"{SOURCE}.{column}" for column in (
    "patient_id", "call_reason", "days_since_last_visit", "open_treatment_plan_amount", "family_balance")))
