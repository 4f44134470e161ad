"""Every page against the demo practice (AppTest, real MariaDB): it renders, its figures equal a query on
the mart written here independently of dashboards/queries.py, and the filters move them as the marts say.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import layout
import pytest
import queries
from dashboard_support import APP, DEFAULT_MONTH_SQL, PASSWORD, DemoWarehouse
from navigation import PAGES
from period import SINGLE_PRACTICE, add_months, default_range
from streamlit.testing.v1 import AppTest

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("dashboards")]
PAGE_PATHS = [page.path for page in PAGES]


@pytest.fixture(autouse=True)
def on_loopback(listening_on: Callable[[str], None]) -> Iterator[None]:
    """Pages render as served on 127.0.0.1 (no login)."""
    listening_on("127.0.0.1")
    yield


def render(page: str, *, dates: tuple[date, date] | None = None, clinics: list[int] | None = None,
           providers: list[int] | None = None) -> AppTest:
    """Run the app on ``page``, set the sidebar filters given, run again; fail on any exception or error."""
    app = AppTest.from_file(str(APP), default_timeout=180)
    app.switch_page(page).run()
    if dates is not None:
        app.date_input(key="filter_dates").set_value(dates)
    # A clinic or provider is (practice_id, id); the demo warehouse is a single practice.
    if clinics is not None:
        app.multiselect(key="filter_clinics").set_value([(SINGLE_PRACTICE, clinic) for clinic in clinics])
    if providers is not None:
        app.multiselect(key="filter_providers").set_value(
            [(SINGLE_PRACTICE, provider) for provider in providers])
    if dates is not None or clinics is not None or providers is not None:
        app.run()
    assert not app.exception, [item.value for item in app.exception]
    assert not app.error, [item.value for item in app.error]
    return app


def cards(app: AppTest) -> dict[str, str]:
    """KPI cards on the page: label -> value as shown."""
    return {metric.label: metric.value for metric in app.metric}


def last_full_month(warehouse: DemoWarehouse) -> date:
    month = warehouse.value(DEFAULT_MONTH_SQL)
    assert isinstance(month, date)
    return month


def default_dates(warehouse: DemoWarehouse) -> tuple[date, date]:
    """What the sidebar starts with: the 13 whole months to the last complete one."""
    return default_range(add_months(last_full_month(warehouse), 1) - timedelta(days=1))


def ratio(numerator: Any, denominator: Any, places: int = 4) -> Decimal | None:
    """A rate rounded as the marts round it."""
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal(1).scaleb(-places))


OVERVIEW = {
    "Gross production": ("gross_production", layout.money),
    "Net production": ("net_production", layout.money),
    "Collections": ("collections", layout.money),
    "Collection ratio": ("collection_ratio", layout.percent),
    "New patients": ("new_patients", layout.count),
    "A/R over 90 days": ("ar_over_90", layout.money),
}


def overview_expected(row: dict[str, Any]) -> dict[str, str]:
    shown = {label: show(row[column]) for label, (column, show) in OVERVIEW.items()}
    # a ratio over a zero or negative net production is no ratio: the card shows a dash
    ratio_shown = layout.defined_rate(row["collection_ratio"], row["net_production"])
    shown["Collection ratio"] = layout.percent(ratio_shown)
    return shown


@pytest.mark.parametrize("page", PAGE_PATHS)
def test_every_page_renders_with_footnotes_naming_marts(demo_warehouse: DemoWarehouse, page: str) -> None:
    app = render(page)
    footnotes = [caption.value for caption in app.caption if caption.value.startswith("Source: ")]
    assert footnotes, f"{page} has no footnote naming its marts"
    for footnote in footnotes:
        named = [part.strip("` ") for part in footnote.removeprefix("Source: ").split(",")]
        marts = [name.split(".")[0] for name in named if "." in name]
        assert len(marts) == len(named), footnote
        assert all(mart.startswith(("mart_", "dim_", "fct_")) for mart in marts), footnote


def test_overview_shows_the_last_full_month_of_the_practice(demo_warehouse: DemoWarehouse) -> None:
    month = last_full_month(demo_warehouse)
    (row,) = demo_warehouse.rows("select * from mart_kpis_monthly_practice where rollup_level = 'practice' "
                                 "and month_start_date = %s", month)
    app = render("views/overview.py")
    assert cards(app) == overview_expected(row)
    assert app.caption[0].value.startswith(f"{month:%b %Y}, the last whole month")
    # The comparison table: this month, last month, same month last year, from the same mart rows.
    table = app.table[0].value
    for when in (month, add_months(month, -1), add_months(month, -12)):
        (then,) = demo_warehouse.rows("select * from mart_kpis_monthly_practice "
                                      "where rollup_level = 'practice' and month_start_date = %s", when)
        assert list(table[f"{when:%b %Y}"]) == list(overview_expected(then).values())


def test_overview_for_two_providers_adds_up_their_rows(demo_warehouse: DemoWarehouse) -> None:
    month = last_full_month(demo_warehouse)
    busiest = [row["provider_id"] for row in demo_warehouse.rows(
        "select provider_id from mart_kpis_monthly where month_start_date = %s group by provider_id "
        "order by sum(net_production) desc limit 2", month)]
    (summed,) = demo_warehouse.rows(
        "select sum(gross_production) as gross_production, sum(net_production) as net_production, "
        "sum(collections) as collections, sum(net_production) as net, sum(new_patients) as new_patients, "
        "sum(ar_over_90) as ar_over_90 from mart_kpis_monthly "
        "where month_start_date = %s and provider_id in (%s, %s)", month, *busiest)
    summed["collection_ratio"] = ratio(summed["collections"], summed["net"])
    whole = cards(render("views/overview.py"))
    chosen = cards(render("views/overview.py", providers=busiest))
    assert chosen == overview_expected(summed)
    assert chosen["Net production"] != whole["Net production"]


def test_overview_for_one_clinic_shows_the_clinic_row(demo_warehouse: DemoWarehouse) -> None:
    month = last_full_month(demo_warehouse)
    (row,) = demo_warehouse.rows(
        "select * from mart_kpis_monthly_practice where rollup_level = 'clinic' and month_start_date = %s "
        "order by net_production desc limit 1", month)
    assert cards(render("views/overview.py", clinics=[row["clinic_id"]])) == overview_expected(row)


def test_overview_month_follows_the_end_of_the_date_range(demo_warehouse: DemoWarehouse) -> None:
    month = last_full_month(demo_warehouse)
    earlier = add_months(month, -3)
    # A range ending mid-month: the last whole month is the one before.
    app = render("views/overview.py", dates=(add_months(earlier, -12), earlier + timedelta(days=14)))
    (row,) = demo_warehouse.rows("select * from mart_kpis_monthly_practice where rollup_level = 'practice' "
                                 "and month_start_date = %s", add_months(earlier, -1))
    assert cards(app) == overview_expected(row)


PRODUCTION_INCOME = {
    "Gross production": "gross_production",
    "Adjustments": "adjustments",
    "Write-offs": "writeoffs",
    "Net production": "net_production",
    "Patient income": "patient_income",
    "Unearned income": "unearned_income",
    "Insurance income": "insurance_income",
    "Total income": "total_income",
}


def production_income_expected(warehouse: DemoWarehouse, dates: tuple[date, date], extra: str = "",
                               *params: Any) -> dict[str, str]:
    sums = ", ".join(f"sum({column}) as {column}" for column in PRODUCTION_INCOME.values())
    (row,) = warehouse.rows(f"select {sums} from mart_production_income_daily "
                            f"where report_date between %s and %s{extra}", *dates, *params)
    return {label: layout.money(row[column]) for label, column in PRODUCTION_INCOME.items()}


def test_production_income_equals_the_mart_with_the_writeoff_dating_shown(
        demo_warehouse: DemoWarehouse) -> None:
    dates = default_dates(demo_warehouse)
    app = render("views/production_income.py")
    assert cards(app) == production_income_expected(demo_warehouse, dates)
    options = [row["writeoff_option_name"] for row in demo_warehouse.rows(
        "select distinct writeoff_option_name from mart_production_income_daily")]
    assert len(options) == 1
    assert f"Write-offs are dated by **{options[0]}**" in app.info[0].value
    by_provider = app.dataframe[0].value
    per_provider = demo_warehouse.rows(
        "select provider_id, sum(net_production) as net from mart_production_income_daily "
        "where report_date between %s and %s group by provider_id order by net desc", *dates)
    assert list(by_provider["Net production"]) == [layout.money(row["net"]) for row in per_provider]


def test_production_income_for_one_clinic_and_other_dates(demo_warehouse: DemoWarehouse) -> None:
    clinic = demo_warehouse.value("select clinic_id from mart_production_income_daily group by clinic_id "
                                  "order by sum(net_production) desc limit 1")
    end = last_full_month(demo_warehouse) - timedelta(days=40)
    dates = (end - timedelta(days=75), end)
    app = render("views/production_income.py", dates=dates, clinics=[clinic])
    expected = production_income_expected(demo_warehouse, dates, " and clinic_id = %s", clinic)
    assert cards(app) == expected
    assert expected != production_income_expected(demo_warehouse, dates)
    assert list(app.dataframe[1].value["Net production"]) == [expected["Net production"]]


AGING = {"0-30 days": "bal_0_30", "31-60 days": "bal_31_60", "61-90 days": "bal_61_90",
         "Over 90 days": "bal_over_90", "Total balance": "bal_total"}


def aging_expected(warehouse: DemoWarehouse, as_of: date, extra: str = "", *params: Any) -> dict[str, str]:
    sums = ", ".join(f"coalesce(sum(aging.{column}), 0) as {column}" for column in AGING.values())
    (row,) = warehouse.rows(
        f"select count(*) as families, {sums} from mart_ar_aging as aging "
        f"left join dim_patient as guarantors on aging.guarantor_id = guarantors.patient_id "
        f"where aging.as_of_date = %s{extra}", as_of, *params)
    return {**{label: layout.money(row[column]) for label, column in AGING.items()},
            "Families with a balance": layout.count(row["families"])}


def test_ar_aging_on_the_last_aging_date_of_the_range(demo_warehouse: DemoWarehouse) -> None:
    end = default_dates(demo_warehouse)[1]
    as_of = demo_warehouse.value("select max(as_of_date) from mart_ar_aging where as_of_date <= %s", end)
    app = render("views/ar_aging.py")
    shown = cards(app)
    assert {label: shown[label] for label in (*AGING, "Families with a balance")} == aging_expected(
        demo_warehouse, as_of)
    # Over 90 days equals what the KPI mart reports for that month end.
    kpi = demo_warehouse.value("select ar_over_90 from mart_kpis_monthly_practice where rollup_level = "
                               "'practice' and month_end_date = %s", as_of)
    assert shown["Over 90 days"] == layout.money(kpi)
    largest = demo_warehouse.rows("select guarantor_id, bal_total from mart_ar_aging where as_of_date = %s "
                                  "order by bal_total desc, guarantor_id limit 25", as_of)
    table = app.dataframe[0].value
    assert list(table["Guarantor id"]) == [row["guarantor_id"] for row in largest]
    assert list(table["Total"]) == [layout.money(row["bal_total"]) for row in largest]


def test_ar_aging_for_one_provider_counts_the_families_of_their_guarantors(
        demo_warehouse: DemoWarehouse) -> None:
    end = default_dates(demo_warehouse)[1]
    as_of = demo_warehouse.value("select max(as_of_date) from mart_ar_aging where as_of_date <= %s", end)
    provider = demo_warehouse.value(
        "select guarantors.primary_provider_id from mart_ar_aging as aging join dim_patient as guarantors "
        "on aging.guarantor_id = guarantors.patient_id where aging.as_of_date = %s "
        "group by 1 order by sum(aging.bal_over_90) desc limit 1", as_of)
    shown = cards(render("views/ar_aging.py", providers=[provider]))
    expected = aging_expected(demo_warehouse, as_of, " and guarantors.primary_provider_id = %s", provider)
    assert {label: shown[label] for label in expected} == expected
    assert expected != aging_expected(demo_warehouse, as_of)


def test_patients_and_schedule_equal_the_kpi_and_list_marts(demo_warehouse: DemoWarehouse) -> None:
    start, end = default_dates(demo_warehouse)
    month = last_full_month(demo_warehouse)
    (period,) = demo_warehouse.rows(
        "select sum(new_patients) as new_patients, sum(visits) as visits, "
        "sum(hygiene_visits_reappointed) as reappointed, sum(hygiene_visits) as hygiene_visits, "
        "sum(broken_appointments) as broken, sum(no_show_appointments) as no_shows, "
        "sum(scheduled_appointments) as scheduled from mart_kpis_monthly "
        "where month_start_date between %s and %s", start, end)
    active = demo_warehouse.value("select active_patients from mart_kpis_monthly_practice "
                                  "where rollup_level = 'practice' and month_start_date = %s", month)
    app = render("views/patients_schedule.py")
    shown = cards(app)
    assert shown["New patients"] == layout.count(period["new_patients"])
    assert shown[f"Active patients ({month:%b %Y})"] == layout.count(active)
    assert shown["Visits"] == layout.count(period["visits"])
    assert shown["Hygiene re-appointment"] == layout.percent(ratio(period["reappointed"],
                                                                   period["hygiene_visits"]))
    assert shown["Broken appointment rate"] == layout.percent(ratio(period["broken"], period["scheduled"]))
    assert shown["No-show rate"] == layout.percent(ratio(period["no_shows"], period["scheduled"]))
    arrivals = demo_warehouse.value("select count(*) from mart_new_patients "
                                    "where first_visit_date between %s and %s", start, end)
    recalls = demo_warehouse.value("select count(*) from mart_recall_due where due_date between %s and %s",
                                   start, end)
    assert len(app.dataframe[0].value) == arrivals > 0
    assert len(app.dataframe[1].value) == recalls


def test_treatment_acceptance_equals_the_kpi_mart_and_moves_with_the_provider(
        demo_warehouse: DemoWarehouse) -> None:
    start, end = default_dates(demo_warehouse)
    query = ("select sum(presented_procedures) as presented, sum(accepted_procedures) as accepted, "
             "sum(presented_amount) as presented_amount, sum(accepted_amount) as accepted_amount "
             "from mart_kpis_monthly where month_start_date between %s and %s")
    (period,) = demo_warehouse.rows(query, start, end)
    shown = cards(render("views/treatment_acceptance.py"))
    assert shown["Presented procedures"] == layout.count(period["presented"])
    assert shown["Case acceptance"] == layout.percent(ratio(period["accepted"], period["presented"]))
    assert shown["Accepted amount"] == layout.money(period["accepted_amount"])
    provider = demo_warehouse.value(
        "select provider_id from mart_kpis_monthly where month_start_date between %s and %s "
        "group by provider_id order by sum(presented_procedures) desc limit 1", start, end)
    (one,) = demo_warehouse.rows(query + " and provider_id = %s", start, end, provider)
    narrowed = cards(render("views/treatment_acceptance.py", providers=[provider]))
    assert narrowed["Case acceptance"] == layout.percent(ratio(one["accepted"], one["presented"]))
    assert narrowed["Presented procedures"] == layout.count(one["presented"]) != shown["Presented procedures"]


def test_insurance_claims_equal_the_claims_fact_and_the_kpi_medians(demo_warehouse: DemoWarehouse) -> None:
    start, end = default_dates(demo_warehouse)
    month = last_full_month(demo_warehouse)
    (sent,) = demo_warehouse.rows(
        "select count(*) as claims, coalesce(sum(insurance_payment_estimate), 0) as estimate from fct_claims "
        "where claim_status_code = 'S' and claim_type_code != 'PreAuth' and service_date between %s and %s",
        start, end)
    (lag,) = demo_warehouse.rows(
        "select median_days_service_to_sent, median_days_sent_to_paid from mart_kpis_monthly_practice "
        "where rollup_level = 'practice' and month_start_date = %s", month)
    shown = cards(render("views/insurance_claims.py"))
    assert shown["Sent, awaiting payment"] == layout.count(sent["claims"])
    assert shown["Insurance estimate awaiting payment"] == layout.money(sent["estimate"])
    assert shown["Median days service to sent"] == layout.days(lag["median_days_service_to_sent"])
    assert shown["Median days sent to paid"] == layout.days(lag["median_days_sent_to_paid"])


@pytest.mark.parametrize("mart", ["mart_kpis_monthly", "mart_kpis_monthly_practice"])
def test_the_rate_pairs_the_pages_add_up_are_the_marts_own(demo_warehouse: DemoWarehouse, mart: str) -> None:
    rows = demo_warehouse.value(f"select count(*) from {mart}")
    assert rows > 0
    for rate, (numerator, denominator, places) in queries.KPI_RATES.items():
        differing = demo_warehouse.value(
            f"select count(*) from {mart} "
            f"where not ({rate} <=> round({numerator} / nullif({denominator}, 0), {places}))")
        assert differing == 0, f"{mart}.{rate} is not round({numerator} / {denominator}, {places})"


def test_a_signed_in_user_sees_the_overview_on_a_public_address(
        demo_warehouse: DemoWarehouse, login_file: Path, listening_on: Callable[[str], None]) -> None:
    listening_on("0.0.0.0")
    app = AppTest.from_file(str(APP), default_timeout=180).run()
    assert not app.metric
    app.text_input[0].input("alice")
    app.text_input[1].input(PASSWORD)
    app.button[0].click().run()
    assert not app.exception and not app.error
    (row,) = demo_warehouse.rows("select * from mart_kpis_monthly_practice where rollup_level = 'practice' "
                                 "and month_start_date = %s", last_full_month(demo_warehouse))
    assert cards(app) == overview_expected(row)
    assert "Signed in as alice" in [caption.value for caption in app.sidebar.caption]
