"""The demo practice (built once for this module): every status and quirk the issue lists occurs, the
money adds up, keys resolve, dates follow the workflow, and the stored aging equals an aging
computed independently in SQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from synth_support import aging_differences, connect, database_url, invariant_failures, query, scalar, values

from synth import PINNED_END_DATE, create_practice, kpis
from synth.catalog import definitions
from synth.report import SynthReport

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("synth_demo")]


@pytest.fixture(scope="module")
def demo(make_module_database: Callable[[str], str]) -> tuple[str, SynthReport]:
    name = make_module_database("demo")
    return name, create_practice(database_url(name), "demo", seed=42, end_date=PINNED_END_DATE)


def test_demo_size_matches_the_issue(demo: tuple[str, SynthReport]) -> None:
    database, report = demo
    assert report.first_day.year == PINNED_END_DATE.year - 3 and report.last_day == PINNED_END_DATE
    assert 1_800 <= report.rows["patient"] <= 2_600
    dentists = scalar(
        database,
        """select count(*) from provider p join definition d on d.DefNum = p.Specialty
                                   where d.ItemName = 'General' and p.IsHidden = 0""",
    )
    hygienists = scalar(database, "select count(*) from provider where IsSecondary = 1 and IsHidden = 0")
    assert (dentists, hygienists) == (3, 2)
    assert report.rows["procedurelog"] > 20_000 and report.rows["claimproc"] > 15_000
    # every row came through the store, except the aging run's securitylog row and its hash
    assert sum(report.rows.values()) == sum(report.inserted.values()) + 2


def test_chairs_fill_as_a_real_practices_do(demo: tuple[str, SynthReport]) -> None:
    """Providers' schedules follow the demand for them (synth/schedules.py): booked / scheduled chair
    minutes of the last whole month, recounted from schedule, scheduleop, appointment and histappointment
    (synth.kpis.chair_minutes, DECISIONLOG R1), lie in the 65-90% of dental-kpis.md for the doctors', the
    hygienists' and the whole practice's chairs (the old fixed full-time schedules gave doctors 8%)."""
    first = kpis.last_complete_month(PINNED_END_DATE)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    with connect(demo[0]) as connection:
        minutes = kpis.chair_minutes(connection, first, last)
    for group, counts in minutes.items():
        assert counts["completed"] <= counts["booked"] <= counts["scheduled"], group
        assert 0.65 <= counts["booked"] / counts["scheduled"] <= 0.90, (group, counts)
    doctor, hygiene = minutes["doctor"]["scheduled"], minutes["hygiene"]["scheduled"]
    assert minutes["practice"]["scheduled"] == doctor + hygiene
    assert minutes["doctor"]["scheduled"] >= 60 * 60  # a real doctor schedule, not a token one


def test_money_keys_and_dates_hold(demo: tuple[str, SynthReport]) -> None:
    assert invariant_failures(demo[0]) == []


def test_stored_guarantor_aging_equals_an_independent_sql_aging(demo: tuple[str, SynthReport]) -> None:
    database, _ = demo
    compared, differences = aging_differences(database)
    assert compared > 700 and differences == []
    buckets = query(
        database,
        "select sum(Bal_0_30 > 0), sum(Bal_31_60 > 0), sum(Bal_61_90 > 0), sum(BalOver90 > 0),"
        " sum(BalTotal < 0), sum(InsEst > 0), sum(PayPlanDue > 0) from patient",
    )[0]
    assert all(count and count > 0 for count in buckets), buckets  # every bucket, credits, InsEst, PayPlanDue


def test_every_status_a_practice_produces_occurs(demo: tuple[str, SynthReport]) -> None:
    database, _ = demo
    assert values(database, "select ProcStatus from procedurelog") == set(range(1, 9))
    assert values(database, "select AptStatus from appointment") >= {1, 2, 3, 5, 6, 7, 8}
    assert values(database, "select HistApptAction from histappointment") == {0, 1, 2, 3, 4}
    assert values(database, "select ClaimStatus from claim") >= {"U", "H", "W", "S", "R", "I"}
    assert values(database, "select ClaimType from claim") >= {"P", "S", "PreAuth", "Cap"}
    assert values(database, "select Status from claimproc") == set(range(10))
    assert values(database, "select PatStatus from patient") == set(range(7))
    assert values(database, "select TPStatus from treatplan") == {0, 1, 2}
    assert values(database, "select SchedType from schedule") >= {0, 1, 2, 3}
    assert values(database, "select Status from schedule") >= {0, 2}
    assert values(database, "select RefType from refattach") >= {0, 1}


def test_appointments_history_and_deletes(demo: tuple[str, SynthReport]) -> None:
    database, _ = demo
    deleted = scalar(
        database,
        """select count(distinct h.AptNum) from histappointment h
        left join appointment a on a.AptNum = h.AptNum where a.AptNum is null""",
    )
    assert deleted > 10
    assert (
        scalar(
            database,
            """select count(*) from histappointment h left join appointment a on a.AptNum = h.AptNum
        where a.AptNum is null
          and h.AptNum not in (select AptNum from histappointment where HistApptAction = 4)""",
        )
        == 0
    )
    assert scalar(database, "select count(*) from appointment where Note is not null and Note <> ''") > 100
    assert (
        scalar(
            database, "select count(*) from appointment where AptStatus = 6 and AptDateTime < '1880-01-01'"
        )
        > 0
    )
    assert (
        scalar(
            database,
            """select count(*) from procedurelog p join procedurecode c on c.CodeNum = p.CodeNum
        join appointment a on a.AptNum = p.AptNum
        where c.ProcCode in ('D9986', 'D9987') and p.ProcStatus = 2 and a.AptStatus in (3, 5)""",
        )
        > 0
    )
    assert values(
        database,
        """select c.ProcCode from procedurelog p join procedurecode c on c.CodeNum = p.CodeNum
        where p.ProcStatus = 2""",
    ) >= {"D9986", "D9987", "D0120", "D1110", "D2740", "D4341", "D4910"}
    assert (
        scalar(database, "select count(*) from recall where RecallInterval in (393216, 16777216, 196608)")
        > 500
    )
    assert scalar(database, "select count(*) from commlog") > 1_000


def test_procedures_units_treatment_plans(demo: tuple[str, SynthReport]) -> None:
    database, _ = demo
    assert scalar(database, "select count(*) from procedurelog where UnitQty > 1") > 20
    assert scalar(database, "select count(*) from procedurelog where BaseUnits > 0 and ProcStatus = 2") > 0
    assert scalar(database, "select count(*) from proctp") > 1_000
    assert (
        scalar(
            database,
            """select count(*) from treatplanattach t join procedurelog p on p.ProcNum = t.ProcNum
        where p.ProcStatus in (2, 6)""",
        )
        == 0
    )  # attachments of completed/deleted work are purged
    codes = scalar(database, "select count(*) from procedurecode where ProcCode like 'D____'")
    assert codes >= 250 and scalar(database, "select count(*) from procedurecode where IsHygiene = 1") > 20
    assert scalar(database, "select count(distinct FeeSched) from fee") >= 8


def test_insurance_claims_checks_and_writeoffs(demo: tuple[str, SynthReport]) -> None:
    database, _ = demo
    ppo_writeoffs = scalar(
        database,
        """select sum(cp.WriteOff) from claimproc cp join insplan i on i.PlanNum = cp.PlanNum
        where i.PlanType = 'p' and cp.Status = 1""",
    )
    assert ppo_writeoffs > 10_000
    assert (
        scalar(
            database,
            """select count(*) from claimproc cp join insplan i on i.PlanNum = cp.PlanNum
        where i.PlanType = 'c' and cp.Status = 7 and cp.WriteOff > 0""",
        )
        > 20
    )
    assert scalar(database, "select count(*) from claimproc where Status = 1 and ClaimPaymentNum = 0") > 0
    assert scalar(database, "select count(*) from claimproc where Status = 4 and ClaimPaymentNum <> 0") > 10
    assert (
        scalar(database, "select count(*) from claimproc where Status = 1 and ProcNum = 0") > 0
    )  # paid by total
    assert scalar(database, "select count(*) from claimproc where Status = 6 and WriteOffEst = -1") > 0
    assert scalar(database, "select count(*) from claimproc where WriteOffEstOverride <> -1") > 0
    assert scalar(database, "select count(*) from patplan where Ordinal = 2") > 20
    snapshots = query(
        database,
        """select count(*), sum(s.Writeoff = -1), sum(s.ClaimType = 'PreAuth')
        from claimsnapshot s""",
    )[0]
    assert snapshots[0] > 5_000 and snapshots[1] > 0 and snapshots[2] == 0
    assert (
        scalar(database, "select count(*) from claimpayment where CheckAmt = 0") > 0
    )  # zero checks for denials
    assert scalar(database, "select count(*) from claimtracking") > 0


def test_payments_prepayments_transfers_and_adjustments(demo: tuple[str, SynthReport]) -> None:
    database, _ = demo
    hidden = values(database, "select DefNum from definition where Category = 29 and ItemValue <> ''")
    assert len(hidden) == 1
    assert scalar(database, "select count(*) from paysplit where UnearnedType in %s", (tuple(hidden),)) > 0
    assert (
        scalar(
            database,
            """select count(*) from paysplit s join definition d on d.DefNum = s.UnearnedType
        where d.ItemValue = ''""",
        )
        > 0
    )
    assert scalar(database, "select count(*) from payment where PayType = 0") > 50  # income transfers
    assert scalar(database, "select count(*) from paysplit where ProcNum <> 0") > 1_000
    assert scalar(database, "select count(*) from paysplit where ProcNum = 0 and UnearnedType = 0") > 50
    assert scalar(database, "select count(*) from paysplit where IsDiscount <> 0") == 0
    assert scalar(database, "select count(*) from payment where PayAmt < 0") > 0  # refunds
    signs = query(
        database,
        """select d.ItemValue, sum(a.AdjAmt > 0), sum(a.AdjAmt < 0) from adjustment a
        join definition d on d.DefNum = a.AdjType group by d.ItemValue""",
    )
    by_value = {value: (positive, negative) for value, positive, negative in signs}
    assert by_value["+"][0] > 0 and by_value["-"][1] > 0 and by_value["dp"][1] > 0
    for pref in ("BrokenAppointmentAdjustmentType", "BadDebtAdjustmentTypes"):
        adj_type = int(scalar(database, "select ValueString from preference where PrefName = %s", (pref,)))
        assert scalar(database, "select count(*) from adjustment where AdjType = %s", (adj_type,)) > 0, pref
    assert scalar(database, "select count(*) from payplan") > 0 and scalar(
        database, "select count(*) from payplancharge"
    )
    assert scalar(database, "select count(*) from statement") > 500 and scalar(
        database, "select count(*) from deposit"
    )


def test_definitions_and_preferences(demo: tuple[str, SynthReport]) -> None:
    database, _ = demo
    assert values(database, "select Category from definition") == {int(c["id"]) for c in definitions()}
    numbers = [
        row[0] for row in query(database, "select DefNum from definition order by Category, ItemOrder")
    ]
    assert numbers != sorted(numbers)  # not predictable from the category order
    assert max(numbers) > len(numbers)  # gaps
    prefs = dict(query(database, "select PrefName, ValueString from preference"))
    assert (
        prefs["DataBaseVersion"].startswith("24.3.")
        and prefs["DateLastAging"] == PINNED_END_DATE.isoformat()
    )
    for name in (
        "ReportsPPOwriteoffDefaultToProcDate",
        "AgingCalculatedMonthlyInsteadOfDaily",
        "PayPlansVersion",
        "BrokenApptProcedure",
        "RecallTypesShowingInList",
        "ProgramVersion",
        "AgingProcLifo",
        "ReportPandIschedProdSubtractsWO",
        "PayPlansBillInAdvanceDays",
    ):
        assert name in prefs, name
    assert prefs["PayPlansVersion"] == "1"


def test_real_world_dirt(demo: tuple[str, SynthReport]) -> None:
    database, _ = demo
    assert scalar(database, "select count(*) from refattach where RefDate = '0000-00-00'") > 0
    assert scalar(database, "select count(*) from commlog where CommDateTime = '0000-00-00 00:00:00'") > 0
    assert scalar(database, "select count(*) from securitylog where LogDateTime = '0000-00-00 00:00:00'") > 0
    assert scalar(database, "select count(*) from patient where Birthdate = '0001-01-01'") > 0
    assert scalar(database, "select count(*) from patient where MiddleI is null or Email is null") > 50
    assert scalar(database, "select count(*) from procedurelog where CodeMod1 is null") > 50
    assert (
        scalar(
            database,
            "select count(*) from patient where LName like '%%ñ%%' or FName like '%%ë%%'"
            " or LName like '%%ø%%' or LName like '%%é%%'",
        )
        > 0
    )
    assert scalar(database, "select max(length(Note)) from commlog") > 5_000
    assert scalar(database, "select count(*) from patient where ClinicNum = 0") > 0
    assert scalar(database, "select count(distinct SuperFamily) from patient where SuperFamily <> 0") > 0
    assert scalar(database, "select count(*) from provider where IsHidden = 1") >= 2
    assert scalar(database, "select count(*) from clinic where IsHidden = 1") == 1
    assert scalar(database, "select count(*) from operatory where IsHidden = 1") >= 1
    distinct_days = scalar(database, "select count(distinct date(DateTStamp)) from appointment")
    assert distinct_days > 500  # change stamps follow the simulated history
