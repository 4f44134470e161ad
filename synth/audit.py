"""Audit trails OpenDental writes alongside the work: securitylog (+hash), entrylog, commlog."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from typing import Any

from .practice import COMMLOG_TYPES
from .sim import Sim

# EnumPermType values (securitylog.PermType).
PROC_COMPL_CREATE, PAYMENT_CREATE, PAYMENT_EDIT, ADJUSTMENT_CREATE = 23, 15, 16, 17
APPOINTMENT_CREATE, APPOINTMENT_MOVE, APPOINTMENT_EDIT = 25, 26, 27
INS_PAY_CREATE, TREAT_PLAN_EDIT, COMMLOG_EDIT, PROC_DELETE = 36, 38, 43, 49
BILLING, USER_LOG_ON_OFF, CLAIM_SEND, PATIENT_CREATE, PATIENT_EDIT = 62, 83, 104, 106, 108
CLAIM_DELETE, AGING_RAN, PROC_EDIT, INS_PLAN_CREATE = 118, 171, 100, 109
PAT_PLAN_CREATE, RECALL_EDIT, FEE_SCHED_EDIT, APPOINTMENT_DELETE, PAYPLAN_EDIT = 128, 156, 92, 237, 149
SCHEDULES = 12
COMPUTERS = ("FRONTDESK1", "FRONTDESK2", "OP1-PC", "OP2-PC", "HYG1-PC", "MGR-PC")

# LogSources
WEB_SCHED, AUTO_CONFIRMATIONS = 1, 8


def security(
    sim: Sim,
    perm: int,
    text: str,
    when: dt.datetime,
    *,
    pat_num: int = 0,
    fkey: int = 0,
    user: int | None = None,
    previous: dt.datetime | None = None,
    source: int = 0,
) -> int:
    """Write one securitylog row (and its securityloghash); return its SecurityLogNum."""
    user_num = 0 if source in (WEB_SCHED, AUTO_CONFIRMATIONS) else (user if user is not None else sim.user())
    row = sim.store.insert(
        "securitylog",
        {
            "PermType": perm,
            "UserNum": user_num,
            "LogDateTime": when,
            "LogText": text,
            "PatNum": pat_num,
            "CompName": "SERVER" if user_num == 0 else COMPUTERS[user_num % len(COMPUTERS)],
            "FKey": fkey,
            "LogSource": source,
            "DateTPrevious": previous or dt.datetime(1, 1, 1),
        },
        when,
    )
    digest = hashlib.sha256(
        f"{row['SecurityLogNum']}|{perm}|{user_num}|{when}|{text}|{pat_num}".encode()
    ).digest()
    sim.store.insert(
        "securityloghash",
        {"SecurityLogNum": row["SecurityLogNum"], "LogHash": base64.b64encode(digest).decode()},
        when,
    )
    return int(row["SecurityLogNum"])


def entry(sim: Sim, apt_num: int, when: dt.datetime, user: int, source: int = 0) -> None:
    """entrylog row for a new appointment."""
    sim.store.insert(
        "entrylog",
        {"UserNum": user, "FKeyType": 0, "FKey": apt_num, "LogSource": source, "EntryDateTime": when},
        when,
    )


def commlog(
    sim: Sim,
    pat_num: int,
    when: dt.datetime,
    kind: str,
    note: str,
    *,
    mode: int = 3,
    sent: int = 1,
    source: int | None = 0,
    user: int | None = None,
    referral: int = 0,
    duration_minutes: int = 0,
) -> dict[str, Any]:
    """Write a commlog row of CommLogTypes ``kind`` (a definition name; '' for none)."""
    comm_type = sim.practice.def_num(COMMLOG_TYPES, kind) if kind else 0
    end = when + dt.timedelta(minutes=duration_minutes) if duration_minutes else dt.datetime(1, 1, 1)
    return sim.store.insert(
        "commlog",
        {
            "PatNum": pat_num,
            "CommDateTime": when,
            "CommType": comm_type,
            "Note": note,
            "Mode_": mode,
            "SentOrReceived": sent,
            "UserNum": 0 if source in (3, 4) else (user if user is not None else sim.user()),
            "Signature": "",
            "SigIsTopaz": 0,
            "DateTimeEnd": end,
            "CommSource": source,
            "ProgramNum": 0,
            "DateTEntry": when,
            "ReferralNum": referral,
            "CommReferralBehavior": 0,
        },
        when,
    )
