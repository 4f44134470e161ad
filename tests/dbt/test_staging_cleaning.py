"""The staging layer on real MariaDB: a raw schema shaped exactly like the loader's (OpenDental DDL minus
the catalogue's PHI drops, plus ``_loaded_at``) holding hand-made edge cases, built with dbt.

Each value check would fail if the cleaning were wrong: blank and zero dates, -1 sentinels, 0 references,
DOUBLE money, untrimmed or NULL strings, codes and their labels. The last tests prove that the label tests
and source freshness actually fail when they should.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from loaders.opendental.settings import load_catalogue
from loaders.opendental.warehouse import METADATA_DDL
from mdc.dbt_runner import PROJECT_DIR, dbt_environment, dbt_executable, ensure_profile
from synth.ddl import create_tables
from testdb import SERVER_URL, server_connection

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("staging_cleaning")]

# What dbt builds here: the OpenDental sources (their tests), the staging views and the code seeds.
SELECTION = ["source:opendental", "source:mdc_loader", "path:models/staging", "path:seeds/opendental"]

# Hand-made raw rows. Columns left out get OpenDental's implicit defaults (0, '' or a zero date,
# inserted under sql_mode='' as OpenDental does).
RAW_ROWS: dict[str, list[dict[str, Any]]] = {
    "definition": [
        {"DefNum": 15, "Category": 10, "ItemName": "Check", "ItemOrder": 0},
        {"DefNum": 30, "Category": 29, "ItemName": "Prepayment", "ItemValue": None},
    ],
    "preference": [
        {"PrefNum": 1, "PrefName": "PayPlansVersion", "ValueString": "2"},
        {"PrefNum": 2, "PrefName": "ReportsPPOwriteoffDefaultToProcDate", "ValueString": " 1 "},
        {"PrefNum": 3, "PrefName": "DataBaseVersion", "ValueString": "24.3.10.0"},
    ],
    "userod": [{"UserNum": 1, "UserName": "admin"}],
    "patient": [
        {
            "PatNum": 10,
            "Guarantor": 10,
            "PatStatus": 0,
            "Gender": 1,
            "ClinicNum": 0,
            "PriProv": 1,
            "SecProv": 0,
            "State": None,
            "StudentStatus": None,
            "HasIns": "I",
            "BalTotal": 0.1 + 0.2,
        },
        {
            "PatNum": 11,
            "Guarantor": 10,
            "PatStatus": 4,
            "Gender": 0,
            "ClinicNum": 2,
            "PriProv": 1,
            "State": "  OR ",
            "StudentStatus": "F",
            "HasIns": "",
        },
    ],
    "procedurelog": [
        {
            "ProcNum": 1,
            "PatNum": 10,
            "AptNum": 0,
            "ProcDate": "0001-01-01",
            "ProcFee": 0.1 + 0.2,
            "ProcStatus": 2,
            "ClinicNum": 0,
            "CodeNum": 5,
            "Surf": None,
            "ToothNum": " 8 ",
            "DateTP": "0000-00-00",
            "DateComplete": "2024-02-00",
            "UnitQty": 1,
        },
        {
            "ProcNum": 2,
            "PatNum": 10,
            "AptNum": 7,
            "ProcDate": "2024-03-15",
            "ProcFee": 2.675,
            "ProcStatus": 1,
            "ClinicNum": 3,
            "CodeNum": 5,
            "DateTP": "1879-12-31",
            "UnitQty": 1,
        },
        {"ProcNum": 3, "PatNum": 10, "ProcDate": "2024-03-15", "ProcFee": 0.1, "ProcStatus": 2, "UnitQty": 1},
        {"ProcNum": 4, "PatNum": 10, "ProcDate": "2024-03-15", "ProcFee": 0.1, "ProcStatus": 2, "UnitQty": 1},
    ],
    "claimproc": [
        {
            "ClaimProcNum": 1,
            "ProcNum": 1,
            "ClaimNum": 1,
            "PatNum": 10,
            "Status": 1,
            "InsPayAmt": 12.34,
            "WriteOff": 0.1,
            "WriteOffEst": -1,
            "CopayAmt": -1,
            "Percentage": -1,
            "PercentOverride": 80,
            "DedEst": 0,
            "DateCP": "2024-03-20",
        },
        {"ClaimProcNum": 2, "ProcNum": 2, "PatNum": 10, "Status": 6, "WriteOffEst": 25.5, "Percentage": 0},
    ],
    "claim": [
        {
            "ClaimNum": 1,
            "PatNum": 10,
            "ClaimStatus": "R",
            "ClaimType": "Preauth",
            "IsProsthesis": "N",
            "AccidentRelated": "",
            "DateSent": "0001-01-01",
        },
        {
            "ClaimNum": 2,
            "PatNum": 10,
            "ClaimStatus": "S",
            "ClaimType": "P",
            "IsProsthesis": "I",
            "AccidentRelated": None,
            "DateSent": "2024-03-16",
        },
    ],
    "insplan": [
        {"PlanNum": 1, "PlanType": ""},
        {"PlanNum": 2, "PlanType": "p"},
        {"PlanNum": 3, "PlanType": None},
    ],
    "payment": [
        {"PayNum": 1, "PayType": 0, "PayAmt": 0, "PatNum": 10, "PayDate": "0000-00-00"},
        {"PayNum": 2, "PayType": 15, "PayAmt": 50.0, "PatNum": 10, "PayDate": "2024-03-20"},
    ],
    "paysplit": [
        {"SplitNum": 1, "SplitAmt": 50.0, "PatNum": 10, "PayNum": 2, "UnearnedType": 0, "ProvNum": 1},
        {"SplitNum": 2, "SplitAmt": -0.005, "PatNum": 10, "PayNum": 2, "UnearnedType": 30, "ProvNum": 0},
    ],
    "benefit": [{"BenefitNum": 1, "PlanNum": 1, "Percent": -1, "MonetaryAmt": -1}],
    "appointment": [
        {
            "AptNum": 7,
            "PatNum": 10,
            "AptStatus": 5,
            "AptDateTime": "2024-03-15 09:00:00",
            "DateTimeArrived": "0001-01-01 00:00:00",
            "DateTimeSeated": "0000-00-00 00:00:00",
            "ClinicNum": 3,
        },
    ],
    "statement": [
        {"StatementNum": 1, "PatNum": 10, "DateRangeTo": "2200-01-01", "StatementType": "NotSet"},
        {"StatementNum": 2, "PatNum": 10, "DateRangeTo": "2024-01-31", "StatementType": "LimitedStatement"},
    ],
    "commlog": [
        {"CommlogNum": 1, "PatNum": 10, "CommSource": None, "Mode_": 3},
        {"CommlogNum": 2, "PatNum": 0, "CommSource": 1, "Mode_": 5, "ReferralNum": 4},
    ],
    "clinic": [{"ClinicNum": 3, "Description": " Main ", "InsBillingProv": -1}],
}


@dataclass(frozen=True)
class Warehouse:
    """The databases one test module works in."""

    raw: str
    dbt: str

    @property
    def staging(self) -> str:
        """Where dbt puts staging views and seeds (`<MDC_DBT_SCHEMA>_staging`)."""
        return f"{self.dbt}_staging"


def _create_raw(database: str) -> None:
    """OpenDental's tables as the loader writes them: PHI columns dropped, ``_loaded_at`` added."""
    catalogue = load_catalogue()
    with server_connection(database) as conn, conn.cursor() as cur:
        create_tables(conn)
        for table, spec in catalogue.tables.items():
            changes = [f"DROP COLUMN `{column}`" for column, action in spec.phi.items() if action == "drop"]
            changes += [f"ADD COLUMN `{name}` {kind} NULL" for name, (kind, _) in spec.derived.items()]
            changes.append("ADD COLUMN `_loaded_at` DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6)")
            cur.execute(f"ALTER TABLE `{table}` {', '.join(changes)}")
        for ddl in METADATA_DDL.values():
            cur.execute(ddl.format(schema=f"`{database}`"))
        cur.execute("SET SESSION sql_mode=''")
        for table, rows in RAW_ROWS.items():
            for row in rows:
                names = ", ".join(f"`{name}`" for name in row)
                cur.execute(
                    f"INSERT INTO `{table}` ({names}) VALUES ({', '.join(['%s'] * len(row))})",
                    list(row.values()),
                )
        cur.execute(
            "INSERT INTO `_mdc_load_runs` (run_id, started_at, finished_at, status)"
            " VALUES ('run-1', UTC_TIMESTAMP(6) - INTERVAL 1 MINUTE, UTC_TIMESTAMP(6), 'success')"
        )


def run_dbt(warehouse: Warehouse, work: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run dbt in dbt_project/ on this module's databases, with its own target and log folders."""
    ensure_profile()
    env = dbt_environment(
        {
            **os.environ,
            "MDC_WAREHOUSE_URL": SERVER_URL,
            "MDC_RAW_SCHEMA": warehouse.raw,
            "MDC_DBT_SCHEMA": warehouse.dbt,
        }
    )
    command = [
        dbt_executable(),
        *args,
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
    ]
    return subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=1200)


@pytest.fixture(scope="module")
def warehouse(make_module_database: Any) -> Iterator[Warehouse]:
    """Raw and dbt databases for this module; dbt's `_staging` database is dropped afterwards."""
    made = Warehouse(raw=make_module_database("stgraw"), dbt=make_module_database("stgdbt"))
    _create_raw(made.raw)
    yield made
    with server_connection() as conn, conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS `{made.staging}`")


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dbt's target and log folders for this module (shared, so later runs parse partially: faster)."""
    return tmp_path_factory.mktemp("dbt")


@pytest.fixture(scope="module")
def build(warehouse: Warehouse, work: Path) -> dict[str, Any]:
    """`dbt build` of the sources' tests, the staging views and the seeds; returns run_results.json."""
    result = run_dbt(warehouse, work, "build", "--select", *SELECTION, "--indirect-selection", "cautious")
    assert result.returncode == 0, result.stdout[-6000:]
    results: dict[str, Any] = json.loads((work / "target" / "run_results.json").read_text())
    return results


def query(warehouse: Warehouse, sql: str) -> list[dict[str, Any]]:
    """Rows of ``sql`` run in dbt's staging database, as dicts."""
    with server_connection(warehouse.staging) as conn, conn.cursor() as cur:
        cur.execute(sql)
        names = [column[0] for column in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def by_key(warehouse: Warehouse, model: str, key: str) -> dict[Any, dict[str, Any]]:
    """A staging model's rows by their key."""
    return {row[key]: row for row in query(warehouse, f"SELECT * FROM `stg_opendental__{model}`")}


def test_build_has_no_failures_and_no_warnings(build: dict[str, Any]) -> None:
    statuses = {result["unique_id"]: result["status"] for result in build["results"]}
    kinds = {unique_id.split(".")[0] for unique_id in statuses}
    assert kinds == {"model", "seed", "test"}
    assert sum(unique_id.startswith("model.") for unique_id in statuses) == 57
    bad = {unique_id: status for unique_id, status in statuses.items() if status not in ("success", "pass")}
    assert not bad


def test_blank_and_zero_dates_become_null(warehouse: Warehouse, build: dict[str, Any]) -> None:
    procedures = by_key(warehouse, "procedurelog", "procedure_id")
    assert procedures[1]["procedure_date"] is None  # 0001-01-01
    assert procedures[1]["treatment_planned_date"] is None  # 0000-00-00
    assert procedures[1]["completed_date"] is None  # 2024-02-00
    assert procedures[2]["treatment_planned_date"] is None  # 1879-12-31: before 1880 is blank
    assert procedures[2]["procedure_date"] == dt.date(2024, 3, 15)
    appointment = by_key(warehouse, "appointment", "appointment_id")[7]
    assert appointment["appointment_at"] == dt.datetime(2024, 3, 15, 9, 0)
    assert appointment["arrived_at"] is None and appointment["seated_at"] is None
    payments = by_key(warehouse, "payment", "payment_id")
    assert payments[1]["payment_date"] is None and payments[2]["payment_date"] == dt.date(2024, 3, 20)
    statements = by_key(warehouse, "statement", "statement_id")
    assert statements[1]["range_end_date"] is None  # 2200-01-01 means open-ended
    assert statements[2]["range_end_date"] == dt.date(2024, 1, 31)


def test_minus_one_sentinels_become_null(warehouse: Warehouse, build: dict[str, Any]) -> None:
    lines = by_key(warehouse, "claimproc", "claim_procedure_id")
    assert lines[1]["write_off_estimate"] is None
    assert lines[1]["copay_amount"] is None
    assert lines[1]["coverage_percent"] is None
    assert lines[1]["coverage_percent_override"] == 80
    assert lines[1]["deductible_estimate"] == Decimal("0.00")  # 0 is a real estimate, not a sentinel
    assert lines[2]["write_off_estimate"] == Decimal("25.50") and lines[2]["coverage_percent"] == 0
    benefit = by_key(warehouse, "benefit", "benefit_id")[1]
    assert benefit["coverage_percent"] is None and benefit["monetary_amount"] is None


def test_money_is_an_exact_decimal(warehouse: Warehouse, build: dict[str, Any]) -> None:
    procedures = by_key(warehouse, "procedurelog", "procedure_id")
    assert procedures[1]["procedure_fee"] == Decimal("0.30")  # DOUBLE 0.1 + 0.2 = 0.30000000000000004
    assert procedures[2]["procedure_fee"] == Decimal("2.68")  # what OpenDental shows for 2.675
    (total,) = query(
        warehouse,
        "SELECT SUM(procedure_fee) AS fee FROM stg_opendental__procedurelog WHERE procedure_id IN (1, 3, 4)",
    )
    assert total["fee"] == Decimal("0.50")
    assert by_key(warehouse, "patient", "patient_id")[10]["balance_total"] == Decimal("0.30")
    assert by_key(warehouse, "paysplit", "payment_split_id")[2]["split_amount"] == Decimal("-0.01")
    (column,) = query(
        warehouse,
        "SELECT data_type, numeric_scale FROM information_schema.columns"
        f" WHERE table_schema = '{warehouse.staging}'"
        " AND table_name = 'stg_opendental__procedurelog' AND column_name = 'procedure_fee'",
    )
    assert (column["data_type"], column["numeric_scale"]) == ("decimal", 2)


def test_codes_are_kept_and_labelled(warehouse: Warehouse, build: dict[str, Any]) -> None:
    procedures = by_key(warehouse, "procedurelog", "procedure_id")
    assert (procedures[1]["procedure_status_code"], procedures[1]["procedure_status"]) == (2, "Complete")
    assert procedures[2]["procedure_status"] == "Treatment planned"
    assert procedures[1]["prosthesis_code"] == "" and procedures[1]["prosthesis"] == "No"
    lines = by_key(warehouse, "claimproc", "claim_procedure_id")
    assert (lines[1]["claim_procedure_status"], lines[2]["claim_procedure_status"]) == (
        "Received",
        "Estimate",
    )
    claims = by_key(warehouse, "claim", "claim_id")
    assert claims[1]["claim_status"] == "Received" and claims[2]["claim_status"] == "Sent"
    assert claims[1]["claim_type_code"] == "Preauth" and claims[1]["claim_type"] == "Preauthorization"
    assert claims[1]["accident_related"] == claims[2]["accident_related"] == "Not accident related"
    assert (claims[1]["prosthesis"], claims[2]["prosthesis"]) == ("No", "Initial placement")
    plans = by_key(warehouse, "insplan", "insurance_plan_id")
    assert [plans[n]["plan_type"] for n in (1, 2, 3)] == [
        "Category percentage",
        "PPO percentage",
        "Category percentage",
    ]
    patients = by_key(warehouse, "patient", "patient_id")
    assert (patients[11]["patient_status"], patients[11]["gender"]) == ("Deleted", "Male")
    assert (patients[10]["student_status"], patients[11]["student_status"]) == (
        "Non-student",
        "Full-time student",
    )
    assert by_key(warehouse, "definition", "definition_id")[15]["category"] == "Payment types"
    assert by_key(warehouse, "appointment", "appointment_id")[7]["appointment_status"] == "Broken"
    commlogs = by_key(warehouse, "commlog", "commlog_id")
    assert commlogs[1]["communication_source_code"] is None and commlogs[1]["communication_source"] is None
    assert commlogs[2]["communication_mode"] == "Text"
    preferences = {
        row["preference_name"]: row["preference_value_label"]
        for row in query(warehouse, "SELECT * FROM stg_opendental__preference")
    }
    assert preferences == {
        "PayPlansVersion": "Age credits and debits (version 2)",
        "ReportsPPOwriteoffDefaultToProcDate": "Procedure date",
        "DataBaseVersion": None,
    }


def test_empty_references_become_null_but_clinic_zero_stays(
    warehouse: Warehouse, build: dict[str, Any]
) -> None:
    procedures = by_key(warehouse, "procedurelog", "procedure_id")
    assert procedures[1]["appointment_id"] is None and procedures[2]["appointment_id"] == 7
    assert procedures[1]["clinic_id"] == 0 and procedures[2]["clinic_id"] == 3
    assert by_key(warehouse, "claimproc", "claim_procedure_id")[2]["claim_id"] is None
    payments = by_key(warehouse, "payment", "payment_id")
    assert payments[1]["payment_type_def_id"] is None and payments[1]["is_income_transfer"] == 1
    assert payments[2]["payment_type_def_id"] == 15 and payments[2]["is_income_transfer"] == 0
    splits = by_key(warehouse, "paysplit", "payment_split_id")
    assert (splits[1]["unearned_type_def_id"], splits[1]["is_unearned"]) == (None, 0)
    assert (splits[2]["unearned_type_def_id"], splits[2]["is_unearned"]) == (30, 1)
    assert splits[2]["provider_id"] is None
    assert by_key(warehouse, "commlog", "commlog_id")[2]["patient_id"] is None
    clinic = by_key(warehouse, "clinic", "clinic_id")[3]
    assert clinic["insurance_billing_provider_id"] is None and clinic["is_treating_provider_billed"] == 1


def test_strings_are_trimmed_and_never_null(warehouse: Warehouse, build: dict[str, Any]) -> None:
    procedures = by_key(warehouse, "procedurelog", "procedure_id")
    assert procedures[1]["surface"] == "" and procedures[1]["tooth_number"] == "8"
    patients = by_key(warehouse, "patient", "patient_id")
    assert (patients[10]["address_state"], patients[11]["address_state"]) == ("", "OR")
    assert (patients[10]["has_insurance"], patients[11]["has_insurance"]) == (1, 0)
    assert by_key(warehouse, "clinic", "clinic_id")[3]["clinic_name"] == "Main"
    (nulls,) = query(
        warehouse, "SELECT COUNT(*) AS n FROM stg_opendental__definition WHERE item_value IS NULL"
    )
    assert nulls["n"] == 0


def test_an_unlabelled_code_warns_through_the_label_test(
    warehouse: Warehouse, build: dict[str, Any], work: Path
) -> None:
    """A procedure status missing from the seed leaves the label NULL, and the label test says so.

    As a warning (docs/dbt.md, "Test severity"): an unknown code is the practice's data (a newer
    OpenDental), so the build goes on.
    """
    with server_connection(warehouse.raw) as conn, conn.cursor() as cur:
        cur.execute("SET SESSION sql_mode=''")
        cur.execute("INSERT INTO procedurelog (ProcNum, PatNum, ProcStatus) VALUES (99, 10, 9)")
    try:
        result = run_dbt(warehouse, work, "test", "--select", "stg_opendental__procedurelog")
    finally:
        with server_connection(warehouse.raw) as conn, conn.cursor() as cur:
            cur.execute("DELETE FROM procedurelog WHERE ProcNum = 99")
    assert result.returncode == 0
    results = json.loads((work / "target" / "run_results.json").read_text())["results"]
    warned = [r["unique_id"] for r in results if r["status"] != "pass"]
    assert len(warned) == 1 and ".not_null_stg_opendental__procedurelog_procedure_status." in warned[0]
    assert [r["status"] for r in results if r["unique_id"] == warned[0]] == ["warn"]


def test_freshness_follows_the_load_log(warehouse: Warehouse, build: dict[str, Any], work: Path) -> None:
    """A successful run a minute ago passes; when the newest success is 60 hours old, freshness errors."""
    fresh = run_dbt(warehouse, work, "source", "freshness")
    assert fresh.returncode == 0, fresh.stdout[-3000:]
    with server_connection(warehouse.raw) as conn, conn.cursor() as cur:
        cur.execute("UPDATE _mdc_load_runs SET finished_at = UTC_TIMESTAMP(6) - INTERVAL 60 HOUR")
        cur.execute(
            "INSERT INTO _mdc_load_runs (run_id, started_at, finished_at, status)"
            " VALUES ('run-2', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'failed')"
        )
    try:
        stale = run_dbt(warehouse, work, "source", "freshness")
    finally:
        with server_connection(warehouse.raw) as conn, conn.cursor() as cur:
            cur.execute("DELETE FROM _mdc_load_runs WHERE run_id = 'run-2'")
            cur.execute("UPDATE _mdc_load_runs SET finished_at = UTC_TIMESTAMP(6)")
    assert stale.returncode == 1
    sources = json.loads((work / "target" / "sources.json").read_text())["results"]
    statuses = {result["unique_id"].rsplit(".", 1)[-1]: result["status"] for result in sources}
    assert statuses["_mdc_load_runs"] == "error"
    assert {statuses[name] for name in ("definition", "preference", "userod")} == {"pass"}
