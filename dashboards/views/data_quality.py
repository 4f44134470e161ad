"""Data quality: what the latest build found odd in the practice's own data (mart_data_quality), how much
money it involves, and what to do about it in OpenDental. The checks never stop the build; this page is
where they are seen. The date and clinic/provider filters do not apply: the checks look at the whole
database; in a group, the practice filter does."""

from __future__ import annotations

import filters
import layout
import pandas as pd
import queries
import streamlit as st

MART = "mart_data_quality"

st.title("Data quality")
checks = queries.data_quality(filters.current().practice_ids)
practices = filters.practice_names()
found = checks[checks["rows_affected"] > 0]
st.caption("Odd rows in the practice's OpenDental database that the figures leave out or take at face "
           "value, measured on every build (whole database: the filters do not apply). "
           "docs/data-quality.md explains each check.")
if checks.empty:
    layout.no_data("data-quality checks")
    st.stop()

cards = st.columns(3)
cards[0].metric("Checks that found something", layout.count(found["check_name"].nunique()), border=True)
cards[1].metric("Warnings", layout.count(int((found["severity"] != "info").sum())), border=True)
cards[2].metric("Money involved", layout.money(found["amount_affected"].fillna(0).abs().sum()), border=True)

if found.empty:
    st.success("Every check is zero: nothing odd found.")
else:
    st.subheader("What was found")
    for _, row in found.iterrows():
        amount = "" if pd.isna(row["amount_affected"]) else f", {layout.money(row['amount_affected'])}"
        practice = practices.get(str(row["practice_id"]), str(row["practice_id"]))
        whose = f"{practice}: " if len(practices) > 1 else ""
        with st.expander(f"{whose}{row['severity']}: {row['check_name']} in {row['table_name']}: "
                         f"{layout.count(row['rows_affected'])}{amount}"):
            st.write(row["description"])
            if row["example_keys"]:
                st.write(f"Examples: {row['example_keys']}")
            st.write(f"What to do in OpenDental: {row['how_to_fix']}")

st.subheader("Every check")
SHOWN = ["check_name", "severity", "table_name", "rows_affected", "amount_affected", "example_keys"]
st.dataframe(filters.with_practice(checks[SHOWN].copy(), checks), hide_index=True)
layout.footnote(f"{MART}.rows_affected", f"{MART}.amount_affected", f"{MART}.checked_at")
