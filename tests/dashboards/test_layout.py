"""Number formats and the filter arithmetic the pages rely on (no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import layout
import pytest
from period import Filters, add_months, default_range, last_whole_month_end, month_end


@pytest.mark.parametrize(("value", "shown"), [
    (Decimal("1234.5"), "$1,234.50"), (Decimal("-1234.567"), "-$1,234.57"), (0, "$0.00"),
    (1234567.891, "$1,234,567.89"), (Decimal("0.005"), "$0.01"), (None, "—"), (float("nan"), "—"),
])
def test_money_shows_cents_with_the_sign_first(value: object, shown: str) -> None:
    assert layout.money(value) == shown  # type: ignore[arg-type]


@pytest.mark.parametrize(("value", "shown"), [
    (Decimal("0.9735"), "97.4%"), (Decimal("1.0312"), "103.1%"), (0, "0.0%"), (0.12345, "12.3%"), (None, "—"),
])
def test_percent_shows_one_decimal(value: object, shown: str) -> None:
    assert layout.percent(value) == shown  # type: ignore[arg-type]


@pytest.mark.parametrize(("value", "denominator", "shown"), [
    (Decimal("-3.066"), Decimal("-823.33"), "—"), (Decimal("0.97"), Decimal("0"), "—"), (None, None, "—"),
    (Decimal("0.9735"), Decimal("1000.00"), "97.4%"), (Decimal("1.2"), Decimal("0.01"), "120.0%"),
])
def test_a_rate_over_a_zero_or_negative_denominator_shows_a_dash(value: object, denominator: object,
                                                                   shown: str) -> None:
    assert layout.percent(layout.defined_rate(value, denominator)) == shown  # type: ignore[arg-type]


def test_a_month_in_progress_is_labelled_as_such() -> None:
    assert layout.report_month_label(date(2026, 12, 1), complete=False) == "Dec 2026 (month in progress)"
    assert layout.report_month_label(date(2026, 11, 1), complete=True) == "Nov 2026"


def test_change_carries_the_sign_for_the_arrow() -> None:
    assert layout.change(Decimal("100"), Decimal("150.25"), layout.money, "Sep 2026") == "-$50.25 vs Sep 2026"
    assert layout.change(12, 10, layout.count, "Sep 2026") == "+2 vs Sep 2026"
    assert layout.change(Decimal("0.888"), Decimal("0.7778"), layout.points, "Sep") == "+11.0 pts vs Sep"
    assert layout.change(None, 10, layout.count, "Sep 2026") is None


@pytest.mark.parametrize(("end", "report_month"), [
    (date(2026, 10, 31), date(2026, 10, 1)), (date(2026, 10, 30), date(2026, 9, 1)),
    (date(2026, 3, 1), date(2026, 2, 1)), (date(2024, 2, 29), date(2024, 2, 1)),
])
def test_the_report_month_is_the_last_whole_month_of_the_range(end: date, report_month: date) -> None:
    assert Filters(date(2020, 1, 1), end).report_month == report_month


def test_month_arithmetic() -> None:
    assert add_months(date(2026, 1, 1), -1) == date(2025, 12, 1)
    assert add_months(date(2025, 11, 1), 14) == date(2027, 1, 1)
    assert month_end(date(2024, 2, 10)) == date(2024, 2, 29)
    assert last_whole_month_end(date(2026, 11, 27)) == date(2026, 10, 31)
    assert default_range(date(2026, 10, 31)) == (date(2025, 10, 1), date(2026, 10, 31))
