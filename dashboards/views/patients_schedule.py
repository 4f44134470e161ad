"""Patients and schedule: new and active patients, appointment outcomes (broken, no-shows,
cancellations), hygiene re-appointment, and the two front-desk lists (new patients, recalls due).
Figures come from mart_kpis_monthly; the lists from mart_new_patients and mart_recall_due."""

from __future__ import annotations

import filters
import layout
import pandas as pd
import queries
import streamlit as st

KPIS = "mart_kpis_monthly"

choice = filters.current()
month = choice.report_month
st.title("Patients & schedule")
st.caption(f"Months of {choice.start:%Y-%m-%d} to {choice.end:%Y-%m-%d}; active patients as of "
           f"{layout.month_label(month)}, the last whole month.")

period = queries.kpis_for_period(choice).iloc[0]
active = queries.kpis_by_month(choice, month, month)
active_patients = active.iloc[0]["active_patients"] if not active.empty else None
cards = st.columns(4)
cards[0].metric("New patients", layout.count(period["new_patients"]), border=True)
cards[1].metric(f"Active patients ({layout.month_label(month)})", layout.count(active_patients), border=True)
cards[2].metric("Visits", layout.count(period["visits"]), border=True)
cards[3].metric("Hygiene re-appointment", layout.percent(period["hygiene_reappointment_rate"]), border=True)
cards = st.columns(4)
cards[0].metric("Scheduled appointments", layout.count(period["scheduled_appointments"]), border=True)
cards[1].metric("Broken appointment rate", layout.percent(period["broken_appointment_rate"]), border=True)
cards[2].metric("No-show rate", layout.percent(period["no_show_rate"]), border=True)
cards[3].metric("Cancellation rate", layout.percent(period["cancellation_rate"]), border=True)
layout.footnote(*(f"{KPIS}.{column}" for column in (
    "new_patients", "visits", "hygiene_visits_reappointed", "hygiene_visits", "scheduled_appointments",
    "broken_appointments", "no_show_appointments", "cancelled_appointments")),
    f"{queries.kpi_source(choice)}.active_patients")

trend = queries.kpis_by_month(choice, choice.start.replace(day=1), choice.end)
source = queries.kpi_source(choice)
if trend.empty:
    layout.no_data("monthly KPIs")
else:
    left, right = st.columns(2)
    with left:
        layout.monthly_trend(trend, {"new_patients": "New patients"}, title="New patients", y_format=",.0f",
                             bars=True)
        layout.footnote(f"{source}.new_patients")
        layout.monthly_trend(trend, {"broken_appointment_rate": "Broken", "no_show_rate": "No-show",
                                     "cancellation_rate": "Cancellation"},
                             title="Broken appointments, no-shows and cancellations", y_format=".1%")
        layout.footnote(f"{source}.broken_appointment_rate", f"{source}.no_show_rate",
                        f"{source}.cancellation_rate")
    with right:
        layout.monthly_trend(trend, {"active_patients": "Active patients"}, title="Active patients",
                             y_format=",.0f")
        layout.footnote(f"{source}.active_patients")
        layout.monthly_trend(trend, {"hygiene_reappointment_rate": "Hygiene re-appointment"},
                             title="Hygiene re-appointment", y_format=".0%")
        layout.footnote(f"{source}.hygiene_reappointment_rate")

providers, clinics = filters.providers(), filters.clinics()

st.subheader("New patients")
arrivals = queries.new_patients(choice)
if arrivals.empty:
    layout.no_data("new patients")
else:
    st.dataframe(filters.with_practice(pd.DataFrame({
        "Patient id": arrivals["patient_id"].astype(int),
        "First visit": arrivals["first_visit_date"],
        "Primary provider": filters.named(arrivals, "primary_provider_id", providers),
        "Clinic": filters.named(arrivals, "clinic_id", clinics),
        "Referral source": arrivals["referral_source"],
        "First visit production": [layout.money(amount) for amount in arrivals["first_visit_production"]],
        "First-year production": [layout.money(amount) for amount in arrivals["first_year_production"]],
    }), arrivals), hide_index=True)
layout.footnote("mart_new_patients.patient_id", "mart_new_patients.first_visit_date",
                "mart_new_patients.referral_source", "mart_new_patients.first_visit_production",
                "mart_new_patients.first_year_production")

st.subheader("Recalls due")
recalls = queries.recalls_due(choice)
if recalls.empty:
    layout.no_data("recalls due")
else:
    st.caption(f"As of {pd.Timestamp(recalls['as_of_date'].iloc[0]):%Y-%m-%d}: patients without a future "
               "appointment whose recall is overdue or due soon, for recalls due within the chosen dates.")
    st.dataframe(filters.with_practice(pd.DataFrame({
        "Patient id": recalls["patient_id"].astype(int),
        "Recall": recalls["recall_type_name"],
        "Due": recalls["due_date"],
        "Days overdue": recalls["days_overdue"].astype(int),
        "State": recalls["recall_state"],
        "Status": recalls["recall_status"],
        "Primary provider": filters.named(recalls, "primary_provider_id", providers),
        "Clinic": filters.named(recalls, "clinic_id", clinics),
    }), recalls), hide_index=True)
layout.footnote("mart_recall_due.patient_id", "mart_recall_due.recall_type_name", "mart_recall_due.due_date",
                "mart_recall_due.days_overdue", "mart_recall_due.recall_state")
