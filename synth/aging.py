"""OpenDental's family aging, re-implemented from its description, run against the database.

What it computes, per family (everyone sharing ``patient.Guarantor``), as of a date *asOf*:

1. A ledger of money events, positive = charge, negative = credit:
   * completed procedures (ProcStatus 2, ProcFee <> 0): ``+ProcFee*(UnitQty+BaseUnits)`` on ProcDate;
   * claimprocs with Status 0, 1, 4, 5 or 7 that are payments "by total" (ProcNum 0) or belong to a
     completed procedure: for Status <> 0, ``-InsPayAmt - WriteOff`` on DateCP (InsPayAmt counts 0
     when the claimproc is on an insurance payment plan); Status 0 (NotReceived) adds its InsPayEst
     and WriteOff to the family's pending insurance estimate instead;
   * adjustments: ``+AdjAmt`` on AdjDate;
   * paysplits: ``-SplitAmt`` on DatePay, except splits on payment plans (PayPlansVersion 1) and
     splits of a *hidden* unearned type (a PaySplitUnearnedType definition with a non-empty ItemValue);
   * payment plans (version 1): ``-CompletedAmt`` on PayPlanDate.
2. Each positive event dated on or before asOf goes into a bucket by age: 0-30 days (date >=
   asOf-30), 31-60, 61-90, over 90 (date < asOf-90). Every negative event dated on or before asOf
   adds to the family's total credits. Events are bucketed one by one (not netted per day).
3. Credits pay the oldest bucket first: over 90, then 61-90, 31-60, 0-30. Buckets never go negative.
4. BalTotal is the sum of all events, including future-dated ones; InsEst is the pending insurance
   (estimates plus write-off estimates), future ones included.
5. PayPlanDue is the payment-plan debits due by asOf plus PayPlansBillInAdvanceDays, minus the
   paysplits made on payment plans.

Results are written onto the guarantor's row (Bal_0_30, Bal_31_60, Bal_61_90, BalOver90, BalTotal,
InsEst, PayPlanDue) through the ``famaging`` scratch table, as OpenDental does for a full run; other
family members get zeros. Only rows whose values change are updated, and their DateTStamp is set
to the simulated time of the run. Amounts are summed in whole cents, so the stored values are exact
2-decimal numbers (OpenDental rounds its double sums to 3 decimals, which gives the same values).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pymysql.connections import Connection
from pymysql.cursors import SSCursor

OLDEST = dt.date.min


@dataclass
class FamilyAging:
    """One family's aging, in cents."""

    charges: list[int] = field(default_factory=lambda: [0, 0, 0, 0])  # 0-30, 31-60, 61-90, over 90
    credits: int = 0
    total: int = 0
    ins_est: int = 0
    payplan_due: int = 0

    def add(self, day: dt.date, amount: int, as_of: dt.date) -> None:
        """Add one money event (positive = charge, negative = credit)."""
        self.total += amount
        if day > as_of:
            return
        if amount > 0:
            age = (as_of - day).days
            self.charges[0 if age <= 30 else 1 if age <= 60 else 2 if age <= 90 else 3] += amount
        elif amount < 0:
            self.credits -= amount

    def buckets(self) -> tuple[int, int, int, int]:
        """(0-30, 31-60, 61-90, over 90) after applying the credits to the oldest charges first."""
        left = self.credits
        result = [0, 0, 0, 0]
        for index in (3, 2, 1, 0):
            result[index] = max(self.charges[index] - left, 0)
            left = max(left - self.charges[index], 0)
        return result[0], result[1], result[2], result[3]


def _cents(value: Any) -> int:
    return round(float(value) * 100)


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else OLDEST  # zero dates sort before every real date


def _stream(connection: Connection, sql: str, params: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    with connection.cursor(SSCursor) as cursor:
        cursor.execute(sql, params)
        yield from cursor


def compute(connection: Connection, as_of: dt.date) -> dict[int, FamilyAging]:
    """Age every family as of ``as_of``; returns guarantor PatNum -> aging."""
    guarantor_of = dict(_stream(connection, "SELECT PatNum, Guarantor FROM patient"))
    prefs = dict(_stream(connection, "SELECT PrefName, ValueString FROM preference"))
    advance_days = int(prefs.get("PayPlansBillInAdvanceDays") or 0)
    families: dict[int, FamilyAging] = defaultdict(FamilyAging)

    def family(pat_num: int) -> FamilyAging:
        return families[guarantor_of.get(pat_num, pat_num)]

    for pat_num, day, fee, units in _stream(
        connection,
        """
            SELECT PatNum, ProcDate, ProcFee, UnitQty + BaseUnits FROM procedurelog
            WHERE ProcStatus = 2 AND ProcFee <> 0""",
    ):
        family(pat_num).add(_day(day), _cents(fee) * int(units), as_of)
    for pat_num, day, status, paid, writeoff, estimate, payplan in _stream(
        connection,
        """
            SELECT cp.PatNum, cp.DateCP, cp.Status, cp.InsPayAmt, cp.WriteOff, cp.InsPayEst, cp.PayPlanNum
            FROM claimproc cp LEFT JOIN procedurelog p ON p.ProcNum = cp.ProcNum
            WHERE cp.Status IN (0, 1, 4, 5, 7) AND (cp.ProcNum = 0 OR p.ProcStatus = 2)""",
    ):
        if status == 0:
            family(pat_num).ins_est += _cents(estimate) + _cents(writeoff)
        else:
            family(pat_num).add(_day(day), -(0 if payplan else _cents(paid)) - _cents(writeoff), as_of)
    for pat_num, day, amount in _stream(
        connection, "SELECT PatNum, AdjDate, AdjAmt FROM adjustment WHERE AdjAmt <> 0"
    ):
        family(pat_num).add(_day(day), _cents(amount), as_of)
    for pat_num, day, amount in _stream(
        connection,
        """
            SELECT ps.PatNum, ps.DatePay, ps.SplitAmt FROM paysplit ps
            LEFT JOIN definition d ON d.DefNum = ps.UnearnedType
            WHERE ps.PayPlanNum = 0 AND (ps.UnearnedType = 0 OR COALESCE(d.ItemValue, '') = '')""",
    ):
        family(pat_num).add(_day(day), -_cents(amount), as_of)
    for pat_num, day, amount in _stream(
        connection, "SELECT PatNum, PayPlanDate, CompletedAmt FROM payplan WHERE PlanNum = 0"
    ):
        family(pat_num).add(_day(day), -_cents(amount), as_of)
    for guarantor, amount in _stream(
        connection,
        """
            SELECT pc.Guarantor, pc.Principal + pc.Interest FROM payplancharge pc
            JOIN payplan pp ON pp.PayPlanNum = pc.PayPlanNum
            WHERE pc.ChargeType = 0 AND pp.PlanNum = 0 AND pc.ChargeDate <= %s""",
        (as_of + dt.timedelta(days=advance_days),),
    ):
        family(guarantor).payplan_due += _cents(amount)
    for pat_num, amount in _stream(connection, "SELECT PatNum, SplitAmt FROM paysplit WHERE PayPlanNum <> 0"):
        family(pat_num).payplan_due -= _cents(amount)
    return dict(families)


def run(connection: Connection, as_of: dt.date, when: dt.datetime) -> int:
    """Compute the aging as of ``as_of`` and store it on the guarantors; return rows changed.

    Also records the run like OpenDental: preference DateLastAging and a securitylog row.
    """
    families = compute(connection, as_of)
    rows = []
    for guarantor, aging in sorted(families.items()):
        b0, b31, b61, b90 = aging.buckets()
        rows.append(
            (
                guarantor,
                b0 / 100,
                b31 / 100,
                b61 / 100,
                b90 / 100,
                aging.ins_est / 100,
                aging.total / 100,
                aging.payplan_due / 100,
            )
        )
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE TABLE famaging")
        cursor.executemany(
            "INSERT INTO famaging (PatNum, Bal_0_30, Bal_31_60, Bal_61_90, BalOver90, InsEst, BalTotal,"
            " PayPlanDue) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            rows,
        )
        changed = cursor.execute(
            """
            UPDATE patient p LEFT JOIN famaging f ON f.PatNum = p.PatNum AND p.Guarantor = p.PatNum
            SET p.Bal_0_30 = COALESCE(f.Bal_0_30, 0), p.Bal_31_60 = COALESCE(f.Bal_31_60, 0),
                p.Bal_61_90 = COALESCE(f.Bal_61_90, 0), p.BalOver90 = COALESCE(f.BalOver90, 0),
                p.InsEst = COALESCE(f.InsEst, 0), p.BalTotal = COALESCE(f.BalTotal, 0),
                p.PayPlanDue = COALESCE(f.PayPlanDue, 0), p.DateTStamp = %s
            WHERE NOT (p.Bal_0_30 <=> COALESCE(f.Bal_0_30, 0) AND p.Bal_31_60 <=> COALESCE(f.Bal_31_60, 0)
                   AND p.Bal_61_90 <=> COALESCE(f.Bal_61_90, 0) AND p.BalOver90 <=> COALESCE(f.BalOver90, 0)
                   AND p.InsEst <=> COALESCE(f.InsEst, 0) AND p.BalTotal <=> COALESCE(f.BalTotal, 0)
                   AND p.PayPlanDue <=> COALESCE(f.PayPlanDue, 0))""",
            (when,),
        )
        cursor.execute("TRUNCATE TABLE famaging")
        cursor.execute(
            "UPDATE preference SET ValueString = %s WHERE PrefName = 'DateLastAging'", (as_of.isoformat(),)
        )
        _log(cursor, when, f"Aging calculated as of {as_of:%m/%d/%Y}; {changed} patient rows changed.")
    return int(changed)


def _log(cursor: Any, when: dt.datetime, text: str) -> None:
    cursor.execute("SELECT COALESCE(MAX(SecurityLogNum), 0) + 1 FROM securitylog")
    (number,) = cursor.fetchone()
    cursor.execute(
        "INSERT INTO securitylog (SecurityLogNum, PermType, UserNum, LogDateTime, LogText, PatNum, CompName,"
        " FKey, LogSource, DefNum, DefNumError, DateTPrevious)"
        " VALUES (%s, 171, 0, %s, %s, 0, 'SERVER', 0, 13, 0, 0, '0001-01-01 00:00:00')",
        (number, when, text),
    )
    digest = hashlib.sha256(f"{number}|171|0|{when}|{text}|0".encode()).digest()
    cursor.execute(
        "INSERT INTO securityloghash (SecurityLogNum, LogHash) VALUES (%s, %s)",
        (number, base64.b64encode(digest).decode()),
    )
