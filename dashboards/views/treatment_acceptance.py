"""Treatment acceptance: procedures presented on saved treatment plans and how many were scheduled or
completed (case acceptance, by count and by amount), by month and by provider, and the presented work
still unscheduled. Figures from mart_kpis_monthly; the list from fct_treatment_plan_procedures."""

from __future__ import annotations

import filters
import layout
import pandas as pd
import queries
import streamlit as st

KPIS = "mart_kpis_monthly"
COLUMNS = {
    "presented_procedures": ("Presented procedures", layout.count),
    "accepted_procedures": ("Accepted procedures", layout.count),
    "case_acceptance_rate": ("Case acceptance", layout.percent),
    "presented_amount": ("Presented amount", layout.money),
    "accepted_amount": ("Accepted amount", layout.money),
    "case_acceptance_amount_rate": ("Case acceptance ($)", layout.percent),
}

choice = filters.current()
st.title("Treatment acceptance")
st.caption(f"Procedures first presented in the months of {choice.start:%Y-%m-%d} to {choice.end:%Y-%m-%d}; "
           "accepted = scheduled or completed since (OpenDental's TP Presentation Statistics).")

period = queries.kpis_for_period(choice).iloc[0]
for card, (column, (label, show)) in zip(st.columns(len(COLUMNS)), COLUMNS.items(), strict=True):
    card.metric(label, show(period[column]), border=True)
layout.footnote(*(f"{KPIS}.{column}" for column in COLUMNS))

trend = queries.kpis_by_month(choice, choice.start.replace(day=1), choice.end)
source = queries.kpi_source(choice)
if trend.empty:
    layout.no_data("presented treatment")
else:
    rates = {"case_acceptance_rate": "By count", "case_acceptance_amount_rate": "By amount"}
    layout.monthly_trend(trend, rates, title="Case acceptance by month of presentation", y_format=".0%")
    layout.footnote(f"{source}.case_acceptance_rate", f"{source}.case_acceptance_amount_rate")

st.subheader("By provider")
by_provider = queries.kpis_for_period(choice, by="provider")
providers = filters.providers()
if by_provider.empty:
    layout.no_data("presented treatment")
else:
    shown = pd.DataFrame({"Provider": filters.named(by_provider, "provider_id", providers)})
    for column, (label, show) in COLUMNS.items():
        shown[label] = [show(value) for value in by_provider[column]]
    st.dataframe(shown, hide_index=True)
layout.footnote(*(f"{KPIS}.{column}" for column in COLUMNS), f"{KPIS}.provider_id")

st.subheader("Presented, not yet scheduled")
waiting = queries.unaccepted_treatment(choice)
if waiting.empty:
    layout.no_data("unscheduled presented treatment")
else:
    st.dataframe(filters.with_practice(pd.DataFrame({
        "Patient id": waiting["patient_id"].astype(int),
        "Presented": waiting["presented_date"],
        "Code": waiting["procedure_code"],
        "Procedure": waiting["procedure_description"],
        "Provider": filters.named(waiting, "provider_id", providers),
        "Amount": [layout.money(amount) for amount in waiting["procedure_amount"]],
    }), waiting), hide_index=True)
layout.footnote(*(f"fct_treatment_plan_procedures.{column}" for column in (
    "acceptance_status", "is_first_presentation", "procedure_amount")))
