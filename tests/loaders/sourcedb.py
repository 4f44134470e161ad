"""A small OpenDental source database for loader tests: the project's DDL plus hand-written dirty rows."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

DDL_PATH = Path(__file__).resolve().parents[2] / "loaders" / "synth" / "opendental_24_3.sql"


def ddl_statements() -> list[str]:
    """CREATE TABLE statements of the 57 core tables from the project's DDL copy."""
    text = "\n".join(line for line in DDL_PATH.read_text().splitlines() if not line.lstrip().startswith("--"))
    return [s.strip() for s in re.split(r";\s*\n", text) if s.strip().upper().startswith("CREATE TABLE")]


def create_schema(conn: Any) -> None:
    """Create every core table in the connection's database (sql_mode='' like OpenDental)."""
    with conn.cursor() as cur:
        cur.execute("SET SESSION sql_mode=''")
        for statement in ddl_statements():
            cur.execute(statement)


LONG_TEXT = "Zahnärztliche Behandlung – ĉu ŝi? 日本語 \\ back\\slash\t tab\nnew line \"quoted\" 'single' " * 900
# Rows that exercise every awkward value the loader must carry exactly. Columns not named take the
# table's implicit defaults (sql_mode='').
DIRTY_ROWS: dict[str, list[dict[str, Any]]] = {
    "patient": [
        {"PatNum": 1, "LName": "Smith", "FName": "Ann", "SSN": "123-45-6789", "Birthdate": "1980-02-29",
         "Address": "1 Main St", "Email": "ann@example.com", "PatStatus": 0, "Guarantor": 1, "State": "OR",
         "EstBalance": 0.1 + 0.2, "BalTotal": -1234.56, "ChartNumber": "C-1", "SchoolName": "X", "Title": None,
         "SchedBeforeTime": None, "DateFirstVisit": "0000-00-00", "Language": "Deutsch für Anfänger ✓"},
        {"PatNum": 2, "LName": "Jones", "FName": "Bob", "SSN": "", "Birthdate": "0001-01-01", "PatStatus": 4,
         "Guarantor": 1, "State": None, "EstBalance": 1e-300, "BalTotal": 1.7976931348623157e308,
         "ChartNumber": "", "SchoolName": "", "Language": "NULL"},
    ],
    "procedurelog": [
        {"ProcNum": 10, "PatNum": 1, "ProcDate": "2024-03-01", "ProcFee": 123.45, "ProcStatus": 2,
         "DateTP": "0000-00-00", "ProcTime": "838:59:59", "ProcTimeEnd": "-01:30:00", "DrugQty": 0.1,
         "Discount": 33.333333333333336, "ClaimNote": "private", "SecDateEntry": "0000-00-00 00:00:00",
         "OldCode": "d0120", "CodeMod1": None, "DiagnosticCode": "\\N"},
        {"ProcNum": 11, "PatNum": 2, "ProcDate": "2024-03-02", "ProcFee": 0.0, "ProcStatus": 6,
         "DateTP": "2024-02-30", "DrugQty": 3.4028234663852886e38, "Discount": -0.0, "OldCode": "D0120",
         "DiagnosticCode": "NULL"},
    ],
    "claimproc": [
        {"ClaimProcNum": 100, "ProcNum": 10, "PatNum": 1, "CopayAmt": -1, "PaidOtherIns": -1, "Percentage": -1,
         "PercentOverride": -1, "InsPayEst": 80.2, "Status": 1, "DateCP": "2024-03-10"},
        {"ClaimProcNum": 101, "ProcNum": 11, "PatNum": 2, "CopayAmt": 12.5, "Percentage": 100, "Status": 7},
    ],
    "payment": [
        {"PayNum": 5, "PatNum": 1, "PayAmt": 50.0, "PayNote": "card 4111", "Receipt": "r"},
        {"PayNum": 6, "PatNum": 2, "PayDate": "2024-01-31", "PayAmt": -25.25},
    ],
    "appointment": [
        {"AptNum": 7, "PatNum": 1, "AptStatus": 2, "AptDateTime": "2024-03-01 09:00:00",
         "ProcDescript": LONG_TEXT[:255], "Note": "sensitive", "ProcsColored": LONG_TEXT},
    ],
    "inssub": [
        {"InsSubNum": 3, "PlanNum": 1, "Subscriber": 1, "SubscriberID": "XYZ123456", "BenefitNotes": "n"},
        {"InsSubNum": 4, "PlanNum": 1, "Subscriber": 2, "SubscriberID": ""},
    ],
    "securitylog": [
        {"SecurityLogNum": 1, "PermType": 1, "LogText": "Ann Smith viewed", "LogDateTime": "0000-00-00 00:00:00"},
        {"SecurityLogNum": 2, "PermType": 2, "LogText": "x", "LogDateTime": "2024-03-01 10:00:00"},
    ],
    "preference": [
        {"PrefNum": 1, "PrefName": "DataBaseVersion", "ValueString": "24.3.10.0"},
        {"PrefNum": 2, "PrefName": "PracticeTitle", "ValueString": "Smile \t\\ Dental\n"},
    ],
    "definition": [
        {"DefNum": 1, "Category": 1, "ItemName": "Ä\tB\\C\nD", "ItemValue": None},
    ],
    "schedule": [
        {"ScheduleNum": 1, "SchedDate": "0000-00-00", "StartTime": "08:00:00", "StopTime": "17:00:00"},
    ],
    "procedurecode": [
        {"CodeNum": 1, "ProcCode": "D0120", "Descript": "Periodic oral evaluation"},
        {"CodeNum": 2, "ProcCode": "d0120", "Descript": "lower-case twin (utf8_bin)"},
    ],
}


def insert_rows(conn: Any, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Insert ``rows`` (table -> list of column dicts) under sql_mode=''."""
    with conn.cursor() as cur:
        cur.execute("SET SESSION sql_mode=''")
        for table, items in rows.items():
            for item in items:
                columns = ", ".join(f"`{c}`" for c in item)
                marks = ", ".join(["%s"] * len(item))
                cur.execute(f"INSERT INTO `{table}` ({columns}) VALUES ({marks})", tuple(item.values()))
