"""Practice KPIs on a hand-built OpenDental practice whose right answers are worked out below.

The fixture is a real OpenDental 24.3 source database (the project's DDL, rows inserted under
``sql_mode=''``), copied by the loader and modelled by a real ``dbt run``; the assertions compare the
practice marts with values computed by hand. The month under test is March 2025; the as-of date is
2025-04-15 (dbt var ``practice_as_of_date``). Two clinics (1 Main, 2 North), provider 1 a dentist,
provider 2 a hygienist. Six patients, all their own guarantors:

====  ==========  =======  ======  =====================================================
pat   status      PriProv  clinic  history
====  ==========  =======  ======  =====================================================
1     Patient     1        1       first visit 2024-09-10; hygiene visit 2025-03-03
2     Patient     1        1       NEW 2025-03-05 (referred by "Google Ads"); hygiene 03-19
3     Patient     1        2       no-show 2025-02-20 (D9986 charted); NEW 2025-03-12
4     Patient     1        1       one visit 2023-06-01, never paid
5     Inactive    1        1       one visit 2025-01-10
6     Patient     1        2       first visit 2024-11-15; no-show, cancellation, hygiene
====  ==========  =======  ======  =====================================================

March 2025 by cell (clinic, provider); "practice" is the whole practice:

* Gross production (completed procedures by provider and clinic of the procedure):
  (1,1) 50 D0120 + 90 D0150 + 150 D2391 + 2 x 30 D0274 = 350; (1,2) 100 + 60 + 100 + 100 = 360;
  (2,1) 90. Practice 800. Hygiene-coded (D1110, D0274): (1,1) 60, (1,2) 360 -> practice 420/800.
* Net production: (1,1) 350 - 20 discount = 330; (1,2) 360 - 15 PPO write-off = 345 (the
  write-off's procedure, snapshot and payment dates all fall in March, so every write-off option
  agrees); (2,1) 90. Practice 765. Collections: (1,1) 100 patient payment; (1,2) 50 insurance
  check. Practice 150 -> collection ratio 150/765.
* Visits (patient-days with completed procedures, D9986/D9987 excluded), each credited to the
  provider with the most production that day: P1 03-03 (hygienist 160 vs dentist 50) -> (1,2);
  P2 03-05 -> (1,1); P3 03-12 -> (2,1); P2 03-19 -> (1,2); P6 03-26 -> (1,2). (1,1) 1, (1,2) 3,
  (2,1) 1; practice 5, so production per visit 800/5 = 160.
* New patients (credited to the patient's primary provider and clinic, as OpenDental's New
  Patients report filters): P2 (1,1), P3 (2,1). P3's February D9986 does not make her new then.
* Active patients at 2025-03-31 (status Patient, a visit in the 18 months Oct 2023 - Mar 2025):
  P1, P2 (1,1); P3, P6 (2,1). P4's last visit is June 2023; P5 is inactive. Practice 4.
* Appointment slots (kept or still scheduled appointments, plus every slot lost to a break):
  (1,1) A2 kept, A4 cancelled 18 h ahead (short notice), A8 no-show, A9 cancelled 7 days ahead
  -> 4 slots, 3 broken, 1 no-show, 2 cancellations, 1 short notice; (1,2) A1, A3, A10 kept;
  (2,1) A6 kept. Practice 8 slots, 3 broken. A8 was rescheduled to April after its no-show (same
  AptNum): it is one broken March slot and one April slot. Planned (A14), note (A15) and
  unscheduled-list (A16) appointments hold no slot.
* Hygiene re-appointment (1,2): A1 yes (A5 booked at checkout), A3 no (A7 booked six days
  later; A17 that day is a dentist visit), A10 yes (A11 booked that afternoon, deleted in April:
  she still left with it) -> 2/3.
* Case acceptance (first presentation of each procedure on a saved plan): (1,1) 3 presented
  (one scheduled 150, one completed 150, one crown 1000 still unscheduled) -> 2/3, 300/1300;
  (2,1) 1 presented, since deleted -> 0/1. The crown's second presentation and a line with no
  procedure do not count. Practice 2/4, 300/1450.
* A/R at 2025-03-31 by guarantor (credited to the guarantor's primary provider and clinic):
  P1 145 (0-30), P2 280 (0-30), P4 150 (>90), P5 50 (61-90) -> (1,1) 625, 150 over 90;
  P3 130 (40 in 31-60, 90 in 0-30), P6 150 (50 >90, 100 0-30) -> (2,1) 280, 50 over 90.
* Claim lag (claims sent in March; preauths and unsent claims excluded): service -> sent
  (1,2) 2 and 0 days -> median 1; (1,1) 1; (2,1) 4; practice median of 0,1,2,4 = 1.5 (not the
  mean of the cell medians). Sent -> paid: one claim, 15 days, (1,2).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import decimal
import io
import json
import os
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from dbt_support import DbtWork, output_tail

from synth.ddl import create_tables
from testdb import SERVER_URL, database_url, server_connection

AS_OF = "2025-04-15"
MARCH = dt.date(2025, 3, 1)

Row = dict[str, Any]


# ---------------------------------------------------------------------------------------------
# The practice, table by table

def _procedure(num: int, pat: int, day: str, code: int, fee: float, status: int, prov: int, clinic: int,
               apt: int = 0, units: int = 1) -> Row:
    return {"ProcNum": num, "PatNum": pat, "ProcDate": day, "CodeNum": code, "ProcFee": fee,
            "ProcStatus": status, "ProvNum": prov, "ClinicNum": clinic, "AptNum": apt, "UnitQty": units,
            "BaseUnits": 0, "DateTP": day, "DateEntryC": day if status == 2 else "0001-01-01",
            "DateComplete": day if status == 2 else "0001-01-01"}


def _appointment(num: int, pat: int, at: str, status: int, prov: int, clinic: int, *, hyg: int = 0,
                 hygiene: int = 0, new: int = 0, created: str = "2025-01-02 09:00:00",
                 pattern: str = "/XXXXXX/") -> Row:
    return {"AptNum": num, "PatNum": pat, "AptDateTime": at, "AptStatus": status, "ProvNum": prov,
            "ProvHyg": hyg, "ClinicNum": clinic, "IsHygiene": hygiene, "IsNewPatient": new,
            "SecDateTEntry": created, "Pattern": pattern, "Op": clinic}


def _history(num: int, apt: Row, action: int, when: str, **state: Any) -> Row:
    """A histappointment row: the appointment's state (``apt`` changed by ``state``) at ``when``."""
    copied = {key: value for key, value in apt.items() if key != "SecDateTEntry"}
    return {**copied, **state, "HistApptNum": num, "HistApptAction": action, "HistDateTStamp": when,
            "SecDateTEntry": apt["SecDateTEntry"]}


APPOINTMENTS = {
    1: _appointment(1, 1, "2025-03-03 09:00:00", 2, 1, 1, hyg=2, hygiene=1, created="2024-09-10 10:00:00",
                    pattern="//XXXX//"),
    2: _appointment(2, 2, "2025-03-05 10:00:00", 2, 1, 1, new=1, created="2025-02-20 10:00:00"),
    # hygiene by its procedures: the IsHygiene flag was left unset
    3: _appointment(3, 2, "2025-03-19 14:00:00", 2, 1, 1, hyg=2, created="2025-03-05 11:00:00"),
    4: _appointment(4, 1, "2025-03-24 09:00:00", 5, 1, 1, created="2025-03-03 09:30:00"),
    5: _appointment(5, 1, "2025-09-03 09:00:00", 1, 1, 1, hyg=2, hygiene=1, created="2025-03-03 10:00:00"),
    6: _appointment(6, 3, "2025-03-12 09:00:00", 2, 1, 2, new=1, created="2025-03-01 09:00:00"),
    7: _appointment(7, 2, "2025-09-19 14:00:00", 1, 1, 1, hyg=2, hygiene=1, created="2025-03-25 11:00:00"),
    # no-show on 2025-03-10 11:00, then unscheduled list, then rebooked (same AptNum) for April
    8: _appointment(8, 6, "2025-04-02 10:00:00", 1, 1, 1, created="2025-02-01 10:00:00"),
    9: _appointment(9, 6, "2025-03-17 09:00:00", 5, 1, 1, created="2025-02-15 10:00:00"),
    10: _appointment(10, 6, "2025-03-26 13:00:00", 2, 1, 1, hyg=2, hygiene=1, created="2024-11-15 10:00:00"),
    12: _appointment(12, 3, "2025-02-20 09:00:00", 5, 1, 2, created="2025-02-01 09:00:00"),
    # broken with no history (a legacy row): counted as a broken slot of unknown kind
    13: _appointment(13, 6, "2025-01-15 09:00:00", 5, 1, 1, created="2025-01-02 09:00:00"),
    14: _appointment(14, 2, "0001-01-01 00:00:00", 6, 1, 1, created="2025-03-05 10:30:00"),
    15: _appointment(15, 1, "2025-03-20 08:00:00", 7, 1, 1, created="2025-03-18 10:00:00", pattern="//"),
    16: _appointment(16, 4, "2025-03-21 10:00:00", 3, 1, 1, created="2025-03-01 10:00:00"),
    17: _appointment(17, 2, "2025-04-08 10:00:00", 1, 1, 1, created="2025-03-05 11:00:00"),
}
# Appointment 11 exists only in the history: booked for P6 on the afternoon of her 03-26 hygiene
# visit, deleted in April.
DELETED_APPOINTMENT = _appointment(11, 6, "2025-09-26 13:00:00", 1, 1, 1, hyg=2, hygiene=1,
                                   created="2025-03-26 16:00:00")

HISTORY = [
    _history(1, APPOINTMENTS[4], 0, "2025-03-03 09:30:00", AptStatus=1),
    _history(2, APPOINTMENTS[4], 3, "2025-03-23 15:00:00"),
    _history(3, APPOINTMENTS[5], 0, "2025-03-03 10:00:00"),
    _history(4, APPOINTMENTS[7], 0, "2025-03-25 11:00:00"),
    _history(5, APPOINTMENTS[8], 0, "2025-02-01 10:00:00", AptDateTime="2025-03-10 11:00:00"),
    _history(6, APPOINTMENTS[8], 2, "2025-03-10 11:15:00", AptDateTime="2025-03-10 11:00:00", AptStatus=5),
    _history(7, APPOINTMENTS[8], 1, "2025-03-10 11:20:00", AptDateTime="2025-03-10 11:00:00", AptStatus=3),
    _history(8, APPOINTMENTS[8], 1, "2025-03-12 10:00:00"),
    _history(9, APPOINTMENTS[9], 0, "2025-02-15 10:00:00", AptStatus=1),
    _history(10, APPOINTMENTS[9], 3, "2025-03-10 09:00:00"),
    _history(11, DELETED_APPOINTMENT, 0, "2025-03-26 16:00:00"),
    _history(12, DELETED_APPOINTMENT, 4, "2025-04-10 09:00:00"),
    _history(13, APPOINTMENTS[12], 2, "2025-02-20 09:20:00"),
    _history(14, APPOINTMENTS[17], 0, "2025-03-05 11:00:00"),
]

# CodeNum -> (ProcCode, IsHygiene)
CODES = {1: ("D0120", 0), 2: ("D1110", 1), 3: ("D2391", 0), 4: ("D9986", 0), 5: ("D0274", 1),
         6: ("D0150", 0), 7: ("D2740", 0)}

PROCEDURES = [
    _procedure(10, 1, "2024-09-10", 1, 50, 2, 1, 1),
    _procedure(11, 1, "2025-03-03", 2, 100, 2, 2, 1, apt=1),
    _procedure(12, 1, "2025-03-03", 1, 50, 2, 1, 1, apt=1),
    _procedure(13, 1, "2025-03-03", 5, 60, 2, 2, 1, apt=1),
    _procedure(14, 1, "2025-03-03", 2, 100, 1, 2, 1, apt=5),
    _procedure(20, 2, "2025-03-05", 6, 90, 2, 1, 1, apt=2),
    _procedure(21, 2, "2025-03-05", 3, 150, 2, 1, 1, apt=2),
    # radiographs by the dentist: a hygiene code on a visit that is not a hygiene appointment
    _procedure(22, 2, "2025-03-05", 5, 30, 2, 1, 1, apt=2, units=2),
    _procedure(23, 2, "2025-03-19", 2, 100, 2, 2, 1, apt=3),
    _procedure(24, 2, "2025-03-05", 3, 150, 1, 1, 1, apt=17),
    _procedure(25, 2, "2025-03-05", 7, 1000, 1, 1, 1),
    _procedure(26, 2, "2025-03-19", 2, 100, 1, 2, 1, apt=7),
    _procedure(30, 3, "2025-02-20", 4, 40, 2, 1, 2, apt=12),
    _procedure(31, 3, "2025-03-12", 6, 90, 2, 1, 2, apt=6),
    _procedure(32, 3, "2025-03-12", 3, 150, 6, 1, 2),
    _procedure(40, 4, "2023-06-01", 3, 150, 2, 1, 1),
    _procedure(50, 5, "2025-01-10", 1, 50, 2, 1, 1),
    _procedure(60, 6, "2024-11-15", 1, 50, 2, 1, 2),
    _procedure(61, 6, "2025-03-26", 2, 100, 2, 2, 1, apt=10),
]


def _claim(num: int, pat: int, service: str, sent: str, status: str, prov: int, clinic: int,
           kind: str = "P") -> Row:
    return {"ClaimNum": num, "PatNum": pat, "DateService": service, "DateSent": sent, "DateSentOrig": sent,
            "ClaimStatus": status, "ClaimType": kind, "ProvTreat": prov, "ProvBill": 1, "ClinicNum": clinic,
            "PlanNum": 1, "InsSubNum": 1}


ROWS: dict[str, list[Row]] = {
    "clinic": [{"ClinicNum": 1, "Description": "Main", "Abbr": "MAIN"},
               {"ClinicNum": 2, "Description": "North", "Abbr": "NORTH"}],
    "provider": [{"ProvNum": 1, "Abbr": "DOC", "LName": "Dent", "IsSecondary": 0, "ProvStatus": 0},
                 {"ProvNum": 2, "Abbr": "HYG", "LName": "Hyg", "IsSecondary": 1, "ProvStatus": 0}],
    "operatory": [{"OperatoryNum": 1, "OpName": "Op 1", "ClinicNum": 1},
                  {"OperatoryNum": 2, "OpName": "Op 2", "ClinicNum": 2}],
    "definition": [
        {"DefNum": 101, "Category": 1, "ItemName": "Discount", "ItemValue": "-"},
        {"DefNum": 102, "Category": 10, "ItemName": "Check", "ItemValue": ""},
        {"DefNum": 103, "Category": 29, "ItemName": "Prepayment", "ItemValue": ""},
        {"DefNum": 104, "Category": 13, "ItemName": "Call back", "ItemValue": ""},
        {"DefNum": 105, "Category": 32, "ItemName": "Check", "ItemValue": ""},
        {"DefNum": 106, "Category": 11, "ItemName": "General", "ItemValue": ""},
    ],
    "preference": [
        {"PrefNum": n, "PrefName": name, "ValueString": value} for n, (name, value) in enumerate([
            ("DataBaseVersion", "24.3.10.0"), ("ReportsPPOwriteoffDefaultToProcDate", "0"),
            ("DateLastAging", AS_OF), ("AgingCalculatedMonthlyInsteadOfDaily", "0"), ("PayPlansVersion", "1"),
            ("AgingProcLifo", "0"), ("BrokenApptProcedure", "3"), ("BadDebtAdjustmentTypes", ""),
            ("RecallExcludeIfAnyFutureAppt", "1"), ("RecallTypesShowingInList", "1,2"),
            ("ReportPandIschedProdSubtractsWO", "1"),
        ], start=1)
    ],
    "procedurecode": [{"CodeNum": num, "ProcCode": code, "Descript": code, "AbbrDesc": code, "IsHygiene": hyg,
                       "ProcCat": 106, "ProcTime": "/X/"} for num, (code, hyg) in CODES.items()],
    "patient": [{"PatNum": pat, "LName": f"Patient{pat}", "FName": "Test", "PatStatus": status,
                 "Guarantor": pat, "PriProv": 1, "SecProv": 2, "ClinicNum": clinic}
                for pat, status, clinic in [(1, 0, 1), (2, 0, 1), (3, 0, 2), (4, 0, 1), (5, 2, 1),
                                            (6, 0, 2)]],
    "procedurelog": PROCEDURES,
    "appointment": list(APPOINTMENTS.values()),
    "histappointment": HISTORY,
    "adjustment": [{"AdjNum": 1, "PatNum": 2, "AdjDate": "2025-03-05", "AdjAmt": -20, "AdjType": 101,
                    "ProvNum": 1, "ClinicNum": 1, "ProcDate": "2025-03-05", "DateEntry": "2025-03-05"}],
    "payment": [{"PayNum": 1, "PatNum": 1, "PayDate": "2024-09-10", "PayAmt": 50, "PayType": 102,
                 "ClinicNum": 1},
                {"PayNum": 2, "PatNum": 2, "PayDate": "2025-03-05", "PayAmt": 100, "PayType": 102,
                 "ClinicNum": 1}],
    "paysplit": [{"SplitNum": 1, "PayNum": 1, "PatNum": 1, "SplitAmt": 50, "DatePay": "2024-09-10",
                  "DateEntry": "2024-09-10", "ProvNum": 1, "ClinicNum": 1, "ProcNum": 10},
                 {"SplitNum": 2, "PayNum": 2, "PatNum": 2, "SplitAmt": 100, "DatePay": "2025-03-05",
                  "DateEntry": "2025-03-05", "ProvNum": 1, "ClinicNum": 1, "ProcNum": 21}],
    "carrier": [{"CarrierNum": 1, "CarrierName": "Acme Dental"}],
    "insplan": [{"PlanNum": 1, "CarrierNum": 1, "PlanType": ""}],
    "inssub": [{"InsSubNum": 1, "PlanNum": 1, "Subscriber": 1}],
    "patplan": [{"PatPlanNum": 1, "PatNum": 1, "InsSubNum": 1, "Ordinal": 1}],
    "claim": [
        {**_claim(1, 1, "2025-03-03", "2025-03-05", "R", 2, 1), "ClaimFee": 100, "InsPayAmt": 50,
         "WriteOff": 15, "DateReceived": "2025-03-20"},
        _claim(2, 2, "2025-03-05", "2025-03-06", "S", 1, 1),
        _claim(3, 3, "2025-03-12", "2025-03-16", "S", 1, 2),
        _claim(4, 6, "2025-03-26", "2025-03-26", "S", 2, 1),
        _claim(5, 2, "0001-01-01", "2025-03-10", "S", 1, 1, kind="PreAuth"),
        _claim(6, 1, "2025-03-03", "0001-01-01", "U", 1, 1),
    ],
    "claimproc": [
        {"ClaimProcNum": 1, "ProcNum": 11, "ClaimNum": 1, "PatNum": 1, "ProvNum": 2, "ClinicNum": 1,
         "PlanNum": 1, "InsSubNum": 1, "Status": 1, "FeeBilled": 100, "InsPayEst": 50, "InsPayAmt": 50,
         "WriteOff": 15, "WriteOffEst": -1, "WriteOffEstOverride": -1, "DateCP": "2025-03-20",
         "ProcDate": "2025-03-03", "ClaimPaymentNum": 1, "DateEntry": "2025-03-20",
         "DateSuppReceived": "2025-03-20"},
    ],
    "claimpayment": [{"ClaimPaymentNum": 1, "CheckDate": "2025-03-20", "CheckAmt": 50, "ClinicNum": 1,
                      "CarrierName": "Acme Dental", "PayType": 105}],
    "claimsnapshot": [{"ClaimSnapshotNum": 1, "ProcNum": 11, "ClaimProcNum": 1, "ClaimType": "P",
                       "Writeoff": 15, "InsPayEst": 50, "Fee": 100, "DateTEntry": "2025-03-04 09:00:00"}],
    "treatplan": [
        {"TreatPlanNum": 1, "PatNum": 2, "DateTP": "2025-03-05", "TPStatus": 0, "UserNumPresenter": 1},
        {"TreatPlanNum": 2, "PatNum": 2, "DateTP": "2025-03-20", "TPStatus": 0, "UserNumPresenter": 1},
        {"TreatPlanNum": 3, "PatNum": 3, "DateTP": "2025-03-12", "TPStatus": 0, "UserNumPresenter": 1},
        {"TreatPlanNum": 4, "PatNum": 3, "DateTP": "2025-03-12", "TPStatus": 1},
    ],
    "proctp": [
        {"ProcTPNum": num, "TreatPlanNum": plan, "PatNum": pat, "ProcNumOrig": proc, "ProcCode": code,
         "FeeAmt": fee, "ProvNum": 1, "ClinicNum": clinic, "DateTP": day, "ItemOrder": num}
        for num, plan, pat, proc, code, fee, clinic, day in [
            (1, 1, 2, 24, "D2391", 150, 1, "2025-03-05"),
            (2, 1, 2, 21, "D2391", 150, 1, "2025-03-05"),
            (3, 1, 2, 25, "D2740", 1000, 1, "2025-03-05"),
            (4, 1, 2, 0, "", 0, 1, "2025-03-05"),
            (5, 2, 2, 25, "D2740", 1000, 1, "2025-03-20"),
            (6, 3, 3, 32, "D2391", 150, 2, "2025-03-12"),
        ]
    ],
    "treatplanattach": [{"TreatPlanAttachNum": 1, "TreatPlanNum": 4, "ProcNum": 32}],
    "recalltype": [{"RecallTypeNum": 1, "Description": "Prophy", "DefaultInterval": 393216},
                   {"RecallTypeNum": 2, "Description": "Perio", "DefaultInterval": 196608},
                   {"RecallTypeNum": 3, "Description": "Bitewing", "DefaultInterval": 16777216}],
    "recall": [
        {"RecallNum": num, "PatNum": pat, "RecallTypeNum": kind, "RecallInterval": interval, "DateDue": due,
         "DateDueCalc": due, "IsDisabled": disabled, "DisableUntilDate": until, "DateScheduled": scheduled}
        for num, pat, kind, interval, due, disabled, until, scheduled in [
            (1, 1, 1, 393216, "2025-09-03", 0, "0001-01-01", "2025-09-03"),
            (2, 4, 1, 393216, "2023-12-01", 0, "0001-01-01", "0001-01-01"),
            (3, 6, 1, 393216, "2025-04-30", 0, "2025-04-01", "0001-01-01"),
            (4, 5, 1, 393216, "2025-03-01", 0, "0001-01-01", "0001-01-01"),
            (5, 2, 1, 393216, "2025-04-01", 0, "0001-01-01", "0001-01-01"),
            (6, 3, 1, 393216, "2025-03-01", 1, "0001-01-01", "0001-01-01"),
            (7, 3, 2, 196608, "2025-05-20", 0, "0001-01-01", "0001-01-01"),
            (8, 6, 2, 196608, "2025-01-01", 0, "2025-06-01", "0001-01-01"),
            (9, 4, 3, 16777216, "2024-01-01", 0, "0001-01-01", "0001-01-01"),
            (10, 4, 2, 196608, "0001-01-01", 0, "0001-01-01", "0001-01-01"),
        ]
    ],
    "referral": [{"ReferralNum": 1, "LName": "Google Ads", "NotPerson": 1},
                 {"ReferralNum": 2, "LName": "Oral Surgeon", "FName": "Sam", "IsDoctor": 1}],
    "refattach": [{"RefAttachNum": 1, "ReferralNum": 1, "PatNum": 2, "RefType": 1, "RefDate": "2025-03-01",
                   "ItemOrder": 1},
                  {"RefAttachNum": 2, "ReferralNum": 2, "PatNum": 2, "RefType": 0, "RefDate": "2025-03-06",
                   "ItemOrder": 0}],
}


def create_source(database: str) -> None:
    """Create the OpenDental tables in ``database`` and insert the practice above."""
    with server_connection(database) as conn:
        create_tables(conn)
        with conn.cursor() as cur:
            cur.execute("SET SESSION sql_mode=''")
            for table, rows in ROWS.items():
                for row in rows:
                    columns = ", ".join(f"`{name}`" for name in row)
                    marks = ", ".join(["%s"] * len(row))
                    cur.execute(f"INSERT INTO `{table}` ({columns}) VALUES ({marks})", tuple(row.values()))


# ---------------------------------------------------------------------------------------------
# The pipeline: load, dbt run, dbt test

@dataclass
class Warehouse:
    """A loaded and modelled copy of the fixture practice."""

    marts: str
    test_exit_code: int
    test_output: str

    def rows(self, sql: str) -> list[dict[str, Any]]:
        """Rows of ``sql`` (``{marts}`` is replaced by the marts database) as dicts."""
        with server_connection() as conn, conn.cursor() as cur:
            cur.execute(sql.format(marts=f"`{self.marts}`"))
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def build_warehouse(source: str, raw: str, marts: str, work: Path) -> Warehouse:
    """Load ``source`` into ``raw``, then build and test the practice marts into ``marts``."""
    from loaders import opendental_pipeline

    env = {"MDC_SOURCE_URL": database_url(source), "MDC_SOURCE_REPLICA_URL": "",
           "MDC_WAREHOUSE_URL": SERVER_URL, "MDC_RAW_SCHEMA": raw, "MDC_DBT_SCHEMA": marts,
           "MDC_CATALOGUE": "", "MDC_STATE_DIR": str(work / "state")}
    parser = argparse.ArgumentParser()
    opendental_pipeline.add_arguments(parser)
    out = io.StringIO()
    with mock.patch.dict(os.environ, env), contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = opendental_pipeline.run(parser.parse_args(["--no-progress"]))
    assert code == 0, out.getvalue()

    dbt = DbtWork(work, dbt_schema=marts, raw_schema=raw, warehouse_url=SERVER_URL)
    as_of = ["--vars", json.dumps({"practice_as_of_date": AS_OF})]
    built = dbt.run("build", "--select", "+path:models/marts/practice", "--exclude", "resource_type:test",
                    *as_of)
    assert built.returncode == 0, output_tail(built)
    tested = dbt.run("test", "--select", "path:models/marts/practice", "path:tests/practice", *as_of)
    return Warehouse(marts, tested.returncode, tested.stdout + tested.stderr)


@pytest.fixture(scope="module")
def warehouse(make_module_database: Callable[[str], str],
              tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warehouse]:
    """The fixture practice, loaded and modelled once for the module."""
    source = make_module_database("kpisrc")
    create_source(source)
    suffix = uuid.uuid4().hex[:10]
    raw, marts = f"mdct_kpiraw_{suffix}", f"mdct_kpidbt_{suffix}"
    try:
        yield build_warehouse(source, raw, marts, tmp_path_factory.mktemp("kpis"))
    finally:
        with server_connection() as conn, conn.cursor() as cur:
            for name in (raw, f"{raw}_staging", marts, f"{marts}_staging"):
                cur.execute(f"DROP DATABASE IF EXISTS `{name}`")


def _number(value: Any) -> Any:
    """Numbers as floats (decimals included), anything else as it is."""
    return float(value) if isinstance(value, decimal.Decimal | int | float) else value


def _march(warehouse: Warehouse, table: str, where: str = "") -> dict[tuple[Any, ...], dict[str, Any]]:
    """March 2025 rows of a KPI mart keyed by (clinic_id, provider_id) or (rollup_level, clinic_id)."""
    keys = ("clinic_id", "provider_id") if table == "mart_kpis_monthly" else ("rollup_level", "clinic_id")
    rows = warehouse.rows(f"select * from {{marts}}.{table} where month_start_date = '{MARCH}' {where}")
    return {tuple(row[key] for key in keys): {k: _number(v) for k, v in row.items()} for row in rows}


# (clinic, provider) -> the hand-computed March values (module docstring)
EXPECTED_CELLS: dict[tuple[int, int], dict[str, float | None]] = {
    (1, 1): {"gross_production": 350, "adjustments": -20, "writeoffs": 0, "net_production": 330,
             "collections": 100, "collection_ratio": 0.303, "new_patients": 1, "active_patients": 2,
             "visits": 1, "production_per_visit": 350, "hygiene_production": 60,
             "hygiene_production_share": 0.1714, "hygiene_visits": 0, "hygiene_reappointment_rate": None,
             "scheduled_appointments": 4, "broken_appointments": 3, "no_show_appointments": 1,
             "cancelled_appointments": 2, "short_notice_cancellations": 1, "broken_appointment_rate": 0.75,
             "no_show_rate": 0.25, "cancellation_rate": 0.5, "short_notice_cancellation_rate": 0.25,
             "presented_procedures": 3, "accepted_procedures": 2, "case_acceptance_rate": 0.6667,
             "presented_amount": 1300, "accepted_amount": 300, "case_acceptance_amount_rate": 0.2308,
             "ar_total": 625, "ar_over_90": 150, "ar_over_90_share": 0.24,
             "claims_sent": 1, "median_days_service_to_sent": 1, "claims_paid": 0,
             "median_days_sent_to_paid": None},
    (1, 2): {"gross_production": 360, "writeoffs": -15, "net_production": 345, "collections": 50,
             "collection_ratio": 0.1449, "new_patients": 0, "active_patients": 0, "visits": 3,
             "production_per_visit": 120, "hygiene_production": 360, "hygiene_production_share": 1,
             "hygiene_visits": 3, "hygiene_visits_reappointed": 2, "hygiene_reappointment_rate": 0.6667,
             "scheduled_appointments": 3, "broken_appointments": 0, "broken_appointment_rate": 0,
             "presented_procedures": 0, "case_acceptance_rate": None, "ar_total": 0, "ar_over_90_share": None,
             "claims_sent": 2, "median_days_service_to_sent": 1, "claims_paid": 1,
             "median_days_sent_to_paid": 15},
    (2, 1): {"gross_production": 90, "net_production": 90, "collections": 0, "collection_ratio": 0,
             "new_patients": 1, "active_patients": 2, "visits": 1, "production_per_visit": 90,
             "hygiene_production_share": 0, "scheduled_appointments": 1, "broken_appointments": 0,
             "presented_procedures": 1, "accepted_procedures": 0, "case_acceptance_rate": 0,
             "presented_amount": 150, "ar_total": 280, "ar_over_90": 50, "ar_over_90_share": 0.1786,
             "claims_sent": 1, "median_days_service_to_sent": 4},
}

EXPECTED_PRACTICE: dict[str, float | None] = {
    "gross_production": 800, "net_production": 765, "collections": 150, "collection_ratio": 0.1961,
    "new_patients": 2, "active_patients": 4, "visits": 5, "production_per_visit": 160,
    "hygiene_production": 420, "hygiene_production_share": 0.525, "hygiene_visits": 3,
    "hygiene_visits_reappointed": 2, "hygiene_reappointment_rate": 0.6667, "scheduled_appointments": 8,
    "broken_appointments": 3, "no_show_appointments": 1, "cancelled_appointments": 2,
    "short_notice_cancellations": 1, "broken_appointment_rate": 0.375, "no_show_rate": 0.125,
    "cancellation_rate": 0.25, "short_notice_cancellation_rate": 0.125, "presented_procedures": 4,
    "accepted_procedures": 2, "case_acceptance_rate": 0.5, "presented_amount": 1450, "accepted_amount": 300,
    "case_acceptance_amount_rate": 0.2069, "ar_total": 905, "ar_over_90": 200, "ar_over_90_share": 0.221,
    "claims_sent": 4, "median_days_service_to_sent": 1.5, "claims_paid": 1, "median_days_sent_to_paid": 15,
}


def _differences(actual: dict[str, Any], expected: dict[str, float | None]) -> dict[str, tuple[Any, Any]]:
    return {name: (actual.get(name), value) for name, value in expected.items()
            if actual.get(name) != (None if value is None else pytest.approx(value, abs=1e-9))}


def test_dbt_tests_pass_on_the_fixture(warehouse: Warehouse) -> None:
    """The YAML tests and the singular roll-up/recount tests of the practice marts all pass."""
    assert warehouse.test_exit_code == 0, warehouse.test_output[-5000:]
    assert re.search(r"PASS=\d+ WARN=0 ERROR=0 SKIP=0", warehouse.test_output), warehouse.test_output[-2000:]
    for singular in ("assert_kpis_monthly_rollups_add_up", "assert_kpis_monthly_practice_matches_sources"):
        assert f"PASS {singular}" in warehouse.test_output, singular


def test_march_cells_match_hand_computed_kpis(warehouse: Warehouse) -> None:
    cells = _march(warehouse, "mart_kpis_monthly")
    assert sorted(cells) == sorted(EXPECTED_CELLS)
    for key, expected in EXPECTED_CELLS.items():
        assert not _differences(cells[key], expected), (key, _differences(cells[key], expected))


def test_march_practice_row_recomputes_rates_and_medians(warehouse: Warehouse) -> None:
    practice = _march(warehouse, "mart_kpis_monthly_practice")[("practice", None)]
    assert not _differences(practice, EXPECTED_PRACTICE), _differences(practice, EXPECTED_PRACTICE)
    # The practice median (1.5 days) is not the mean of the cells' medians (1, 1, 4 -> 2).
    cells = _march(warehouse, "mart_kpis_monthly")
    assert practice["median_days_service_to_sent"] != sum(
        c["median_days_service_to_sent"] for c in cells.values()) / len(cells)


def test_clinic_rows_are_their_clinics_totals(warehouse: Warehouse) -> None:
    clinics = _march(warehouse, "mart_kpis_monthly_practice", "and rollup_level = 'clinic'")
    assert not _differences(clinics[("clinic", 1)], {
        "gross_production": 710, "visits": 4, "production_per_visit": 177.5, "scheduled_appointments": 7,
        "broken_appointment_rate": 0.4286, "case_acceptance_rate": 0.6667, "ar_over_90_share": 0.24,
        "median_days_service_to_sent": 1})
    assert not _differences(clinics[("clinic", 2)], {
        "gross_production": 90, "visits": 1, "ar_total": 280, "median_days_service_to_sent": 4,
        "median_days_sent_to_paid": None})


def test_other_months_edge_cases(warehouse: Warehouse) -> None:
    """February: a charted no-show is production but neither a visit nor a new patient. January: a
    Broken appointment with no history is broken of unknown kind. April (as-of month): A8's rebooked
    slot is scheduled, not broken, and the month is flagged incomplete."""
    rows = {row["month_start_date"]: row for row in warehouse.rows(
        "select * from {marts}.mart_kpis_monthly_practice where rollup_level = 'practice'")}
    february, january, april = rows[dt.date(2025, 2, 1)], rows[dt.date(2025, 1, 1)], rows[dt.date(2025, 4, 1)]
    assert (february["gross_production"], february["visits"], february["new_patients"]) == (40, 0, 0)
    assert february["production_per_visit"] is None
    assert (february["no_show_appointments"], february["broken_appointments"]) == (1, 1)
    assert (january["broken_appointments"], january["no_show_appointments"],
            january["cancelled_appointments"]) == (1, 0, 0)
    assert (april["scheduled_appointments"], april["broken_appointments"],
            april["is_complete_month"]) == (2, 0, 0)
    assert max(rows) == dt.date(2025, 4, 1), "no KPI month after the as-of date"


def test_appointments_classification(warehouse: Warehouse) -> None:
    rows = {row["appointment_id"]: row for row in warehouse.rows("select * from {marts}.fct_appointments")}
    assert 11 not in rows, "a hard-deleted appointment lives only in the history"
    assert [a for a, r in sorted(rows.items()) if r["is_hygiene_appointment"]] == [1, 3, 5, 7, 10]
    assert rows[1]["credited_provider_id"] == 2 and rows[2]["credited_provider_id"] == 1
    assert rows[1]["length_minutes"] == 40 and rows[15]["length_minutes"] == 10
    assert (rows[4]["last_break_type"], float(rows[4]["last_break_notice_hours"]),
            rows[4]["is_last_break_short_notice_cancellation"]) == ("cancellation", 18.0, 1)
    assert (rows[9]["last_break_type"],
            rows[9]["is_last_break_short_notice_cancellation"]) == ("cancellation", 0)
    # rebooked after a no-show: not Broken now, but its history keeps the break
    assert (rows[8]["is_broken"], rows[8]["break_count"], rows[8]["last_break_type"]) == (0, 1, "no_show")
    assert (rows[13]["is_broken"], rows[13]["break_count"], rows[13]["last_break_type"]) == (1, 0, "unknown")
    assert [a for a, r in sorted(rows.items()) if r["is_first_visit"]] == [2, 6]


def test_treatment_plan_procedures(warehouse: Warehouse) -> None:
    rows = {row["treatment_plan_procedure_id"]: row
            for row in warehouse.rows("select * from {marts}.fct_treatment_plan_procedures")}
    assert {line: rows[line]["acceptance_status"] for line in rows} == {
        1: "scheduled", 2: "completed", 3: "not scheduled", 4: "not linked", 5: "not scheduled", 6: "deleted"}
    assert [line for line in sorted(rows) if rows[line]["is_first_presentation"]] == [1, 2, 3, 6]
    assert float(rows[6]["procedure_amount"]) == 150.0, "a deleted procedure keeps its fee"


def test_new_patients_are_counted_once_at_their_first_visit(warehouse: Warehouse) -> None:
    rows = {row["patient_id"]: row for row in warehouse.rows("select * from {marts}.mart_new_patients")}
    assert sorted(rows) == [1, 2, 3, 4, 5, 6]
    assert {p: str(r["first_visit_date"]) for p, r in rows.items()} == {
        1: "2024-09-10", 2: "2025-03-05", 3: "2025-03-12", 4: "2023-06-01", 5: "2025-01-10", 6: "2024-11-15"}
    assert {p: float(r["first_year_production"]) for p, r in rows.items()} == {
        1: 260.0, 2: 400.0, 3: 90.0, 4: 150.0, 5: 50.0, 6: 150.0}
    assert float(rows[3]["lifetime_production"]) == 130.0, "lifetime includes the earlier D9986"
    assert (rows[2]["referral_source"], rows[2]["referral_source_type"]) == ("Google Ads", "other")
    assert rows[1]["referral_source"] is None
    assert (rows[1]["first_visit_provider_id"], rows[3]["first_visit_clinic_id"]) == (1, 2)
    total = warehouse.rows("select sum(new_patients) as n from {marts}.mart_kpis_monthly")[0]["n"]
    assert total == len(rows)


def test_recall_list(warehouse: Warehouse) -> None:
    rows = warehouse.rows("select * from {marts}.mart_recall_due order by recall_id")
    assert [(r["recall_id"], r["recall_state"], r["days_overdue"]) for r in rows] == [
        (2, "overdue", 501), (3, "due", -15)]
    assert (rows[0]["interval_years"], rows[0]["interval_months"],
            rows[0]["recall_type_name"]) == (0, 6, "Prophy")


def test_kpi_marts_are_indexed_for_dashboard_filters(warehouse: Warehouse) -> None:
    indexes = warehouse.rows(
        "select table_name, index_name, group_concat(column_name order by seq_in_index) as cols"
        " from information_schema.statistics where table_schema = '{schema}'"
        " and table_name = 'mart_kpis_monthly' group by table_name, index_name".replace(
            "{schema}", warehouse.marts))
    leading = {row["cols"].split(",")[0] for row in indexes}
    assert {"month_start_date", "clinic_id", "provider_id"} <= leading
