"""Insurance claims: claims by status with the ones still waiting for the carrier, and claim lag
(median days from service to sent and from sent to paid). Lists from fct_claims; lag from the monthly
KPI marts, whose medians exist for the whole practice, one clinic, or one clinic and one provider."""

from __future__ import annotations

import filters
import layout
import pandas as pd
import queries
import streamlit as st

CLAIMS = "fct_claims"

choice = filters.current()
month = choice.report_month
st.title("Insurance claims")
st.caption(f"Claims with a date of service from {choice.start:%Y-%m-%d} to {choice.end:%Y-%m-%d} "
           "(preauthorizations left out); clinic and provider are the claim's clinic and treating provider.")

by_status = queries.claims_by_status(choice)
sent = by_status[by_status["claim_status_code"] == "S"]
sent_row = sent.iloc[0] if not sent.empty else pd.Series({"claims": 0, "claim_fee": 0,
                                                           "insurance_payment_estimate": 0})
cards = st.columns(3)
cards[0].metric("Sent, awaiting payment", layout.count(sent_row["claims"]), border=True)
cards[1].metric("Fees awaiting payment", layout.money(sent_row["claim_fee"]), border=True)
cards[2].metric("Insurance estimate awaiting payment", layout.money(sent_row["insurance_payment_estimate"]),
                border=True)
layout.footnote(f"{CLAIMS}.claim_status", f"{CLAIMS}.claim_fee", f"{CLAIMS}.insurance_payment_estimate")

st.subheader("Claim lag")
source = queries.kpi_source(choice)
lag = queries.kpis_by_month(choice, choice.start.replace(day=1), choice.end)
if queries.kpi_level(choice) in ("sum", "practices"):
    st.info("Median claim lags exist for one whole practice, one clinic, or one clinic with one provider: "
            "medians of several practices, clinics or providers cannot be added up. Narrow the filters to "
            "see them.")
elif lag.empty:
    layout.no_data("claims")
else:
    last = lag[pd.to_datetime(lag["month_start_date"]).dt.date == month]
    row = last.iloc[0] if not last.empty else pd.Series(dtype=object)
    cards = st.columns(4)
    cards[0].metric(f"Claims sent ({layout.month_label(month)})", layout.count(row.get("claims_sent")),
                    border=True)
    cards[1].metric("Median days service to sent", layout.days(row.get("median_days_service_to_sent")),
                    border=True)
    cards[2].metric(f"Claims paid ({layout.month_label(month)})", layout.count(row.get("claims_paid")),
                    border=True)
    cards[3].metric("Median days sent to paid", layout.days(row.get("median_days_sent_to_paid")), border=True)
    layout.footnote(*(f"{source}.{column}" for column in (
        "claims_sent", "median_days_service_to_sent", "claims_paid", "median_days_sent_to_paid")))
    layout.monthly_trend(lag, {"median_days_service_to_sent": "Service to sent",
                               "median_days_sent_to_paid": "Sent to paid"},
                         title="Median claim lag by month (days)", y_format=",.1f")
    layout.footnote(f"{source}.median_days_service_to_sent", f"{source}.median_days_sent_to_paid")

st.subheader("Claims by status")
if by_status.empty:
    layout.no_data("claims")
else:
    st.dataframe(pd.DataFrame({
        "Status": by_status["claim_status"],
        "Claims": by_status["claims"].astype(int),
        "Fee": [layout.money(amount) for amount in by_status["claim_fee"]],
        "Insurance estimate": [layout.money(amount) for amount in by_status["insurance_payment_estimate"]],
        "Insurance paid": [layout.money(amount) for amount in by_status["insurance_paid_amount"]],
    }), hide_index=True)
layout.footnote(*(f"{CLAIMS}.{column}" for column in (
    "claim_status", "claim_fee", "insurance_payment_estimate", "insurance_paid_amount")))

st.subheader("Sent, awaiting payment (oldest first)")
waiting = queries.sent_claims(choice)
if waiting.empty:
    layout.no_data("claims awaiting payment")
else:
    providers = filters.providers()
    st.dataframe(filters.with_practice(pd.DataFrame({
        "Claim id": waiting["claim_id"].astype(int),
        "Patient id": waiting["patient_id"].astype(int),
        "Type": waiting["claim_type"],
        "Service": waiting["service_date"],
        "Sent": waiting["sent_date"],
        "Provider": filters.named(waiting, "treating_provider_id", providers),
        "Fee": [layout.money(amount) for amount in waiting["claim_fee"]],
        "Insurance estimate": [layout.money(amount) for amount in waiting["insurance_payment_estimate"]],
    }), waiting), hide_index=True)
layout.footnote(*(f"{CLAIMS}.{column}" for column in (
    "claim_id", "claim_status", "service_date", "sent_date", "claim_fee", "insurance_payment_estimate")))
