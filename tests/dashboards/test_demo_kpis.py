"""The demo practice looks like a real one: its KPIs in the marts lie inside the published ranges that
``mdc synth`` prints (synth/kpis.py), and what ``mdc synth`` prints is what the marts say."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from dashboard_support import DemoWarehouse

from synth import PINNED_END_DATE, kpis
from synth.db import connect

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("dashboards")]

FIRST, LAST = kpis.twelve_months(PINNED_END_DATE)
RANGES = {kpi.column: kpi for kpi in kpis.RANGES}


@pytest.fixture(scope="module")
def months(demo_warehouse: DemoWarehouse) -> list[dict[str, Any]]:
    """The practice rows of the twelve complete months that end with the practice's last day."""
    rows = demo_warehouse.rows(
        "select * from mart_kpis_monthly_practice where rollup_level = 'practice' "
        "and month_start_date between %s and %s order by month_start_date", FIRST, LAST)
    assert len(rows) == 12 and all(row["is_complete_month"] for row in rows)
    return rows


def ratio(months: list[dict[str, Any]], numerator: str, denominator: str) -> float:
    """A rate over the twelve months, from the summed numerators and denominators (never averaged)."""
    total = sum(Decimal(row[numerator]) for row in months)
    return float(total / sum(Decimal(row[denominator]) for row in months))


def mart_kpis(months: list[dict[str, Any]]) -> dict[str, float]:
    """The KPIs of :data:`synth.kpis.RANGES` as the marts give them for the twelve months."""
    return {
        "ar_over_90_share": float(months[-1]["ar_over_90_share"]),
        "hygiene_reappointment_rate": ratio(months, "hygiene_visits_reappointed", "hygiene_visits"),
        "collection_ratio": ratio(months, "collections", "net_production"),
        "broken_appointment_rate": ratio(months, "broken_appointments", "scheduled_appointments"),
        "case_acceptance_amount_rate": ratio(months, "accepted_amount", "presented_amount"),
        "hygiene_production_share": ratio(months, "hygiene_production", "gross_production"),
    }


def test_every_kpi_of_the_demo_practice_is_inside_its_published_range(months: list[dict[str, Any]]) -> None:
    outside = {name: value for name, value in mart_kpis(months).items() if not RANGES[name].holds(value)}
    assert outside == {}
    # month by month too, where a single month is meant to be inside the range
    for row in months:
        assert RANGES["ar_over_90_share"].holds(float(row["ar_over_90_share"])), row["month_start_date"]
        assert RANGES["median_days_sent_to_paid"].holds(float(row["median_days_sent_to_paid"])), \
            row["month_start_date"]
        assert row["gross_production"] > 0 and row["net_production"] > 0
        assert 0 < row["collection_ratio"] < Decimal("1.5")


def test_mdc_synth_prints_what_the_marts_say(demo_warehouse: DemoWarehouse,
                                            months: list[dict[str, Any]]) -> None:
    if not demo_warehouse.source:
        pytest.skip("a reused dbt schema (MDC_TEST_DASHBOARD_SCHEMA) has no source database to measure")
    with connect(demo_warehouse.environment()["MDC_SOURCE_URL"]) as connection:
        printed = kpis.measure(connection, PINNED_END_DATE)
    assert printed["gross_production"] == pytest.approx(float(sum(row["gross_production"] for row in months)))
    for name, value in mart_kpis(months).items():
        assert printed[name] == pytest.approx(value, abs=0.0005), name
    assert RANGES["median_days_sent_to_paid"].holds(printed["median_days_sent_to_paid"])
