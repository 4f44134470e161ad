"""Production & Income: OpenDental's P&I report for the chosen dates, clinics and providers, with the
write-off dating the mart uses, split by provider, by clinic and by month (mart_production_income_daily)."""

from __future__ import annotations

import filters
import layout
import pandas as pd
import queries
import streamlit as st

MART = "mart_production_income_daily"
LABELS = {
    "gross_production": "Gross production",
    "adjustments": "Adjustments",
    "writeoffs": "Write-offs",
    "net_production": "Net production",
    "patient_income": "Patient income",
    "unearned_income": "Unearned income",
    "insurance_income": "Insurance income",
    "total_income": "Total income",
}

choice = filters.current()
st.title("Production & Income")
st.caption(f"{choice.start:%Y-%m-%d} to {choice.end:%Y-%m-%d}, as OpenDental's Production & Income report.")

options = queries.writeoff_dating(choice)
if options:
    st.info(f"Write-offs are dated by **{' and '.join(options)}** (OpenDental's write-off option for the "
            "Production & Income report: the practice's setting, or the dbt var `writeoff_dating`).")
    layout.footnote(f"{MART}.writeoff_option_name")

totals = queries.production_income(choice)
row = totals.iloc[0] if not totals.empty else pd.Series(dtype=object)
for start in (0, 4):
    columns = list(LABELS)[start:start + 4]
    for card, column in zip(st.columns(4), columns, strict=True):
        card.metric(LABELS[column], layout.money(row.get(column)), border=True)
layout.footnote(*(f"{MART}.{column}" for column in LABELS))


def table(frame: pd.DataFrame, key: str, names: dict[filters.Key, str], heading: str) -> None:
    """One row per provider or clinic, money formatted, with a total that equals the cards above."""
    shown = pd.DataFrame({heading: filters.named(frame, key, names)})
    for column, label in LABELS.items():
        shown[label] = [layout.money(value) for value in frame[column]]
    st.dataframe(shown, hide_index=True)


st.subheader("By provider")
by_provider = queries.production_income(choice, by="provider")
if by_provider.empty:
    layout.no_data("production or income")
else:
    table(by_provider, "provider_id", filters.providers(), "Provider")
layout.footnote(*(f"{MART}.{column}" for column in LABELS), f"{MART}.provider_id")

st.subheader("By clinic")
by_clinic = queries.production_income(choice, by="clinic")
if by_clinic.empty:
    layout.no_data("production or income")
else:
    table(by_clinic, "clinic_id", filters.clinics(), "Clinic")
layout.footnote(*(f"{MART}.{column}" for column in LABELS), f"{MART}.clinic_id")

st.subheader("By month")
by_month = queries.production_income(choice, by="month")
if by_month.empty:
    layout.no_data("production or income")
else:
    series = {"gross_production": "Gross production", "net_production": "Net production",
              "total_income": "Total income"}
    layout.monthly_trend(by_month, series, title="Production and income by month")
    layout.footnote(f"{MART}.gross_production", f"{MART}.net_production", f"{MART}.total_income")
