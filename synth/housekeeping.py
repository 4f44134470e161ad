"""Office clean-up an advance run always includes, so every run writes OpenDental's typical hard
deletes: a future appointment deleted, a payment's split re-allocated (delete + insert) and a
recently completed procedure deleted with its claimprocs and adjustments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pymysql.connections import Connection
from pymysql.cursors import DictCursor

from . import audit, billing, ledger, procedures, scheduling
from .sim import Proc, Sim, cents, money


def _rows(connection: Connection, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    with connection.cursor(DictCursor) as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def adopt_candidates(sim: Sim, connection: Connection, today: dt.date) -> None:
    """Read (and adopt) what the clean-up may change: one payment split and one procedure."""
    for split in _rows(
        connection,
        """
            SELECT s.* FROM paysplit s JOIN payment p ON p.PayNum = s.PayNum
            WHERE s.ProcNum = 0 AND s.UnearnedType = 0 AND s.PayPlanNum = 0 AND s.AdjNum = 0
              AND s.SplitAmt > 0 AND p.PayType <> 0
            ORDER BY s.SplitNum DESC LIMIT 50""",
    ):
        family = (
            sim.families.get(sim.patients[int(split["PatNum"])].guarantor)
            if int(split["PatNum"]) in sim.patients
            else None
        )
        if family and any(charge.remaining > 0 for charge in family.charges):
            sim.store.adopt("paysplit", [split])
            sim.store.adopt(
                "payment", _rows(connection, "SELECT * FROM payment WHERE PayNum = %s", (split["PayNum"],))
            )
            sim.cleanup["split"] = int(split["SplitNum"])
            break
    procs = _rows(
        connection,
        """
        SELECT p.* FROM procedurelog p
        WHERE p.ProcStatus = 2 AND p.ProcDate >= %s
          AND NOT EXISTS (SELECT 1 FROM claimproc c WHERE c.ProcNum = p.ProcNum AND c.ClaimNum <> 0)
          AND NOT EXISTS (SELECT 1 FROM paysplit s WHERE s.ProcNum = p.ProcNum)
        ORDER BY EXISTS (SELECT 1 FROM adjustment a WHERE a.ProcNum = p.ProcNum) DESC,
                 EXISTS (SELECT 1 FROM claimproc c WHERE c.ProcNum = p.ProcNum) DESC, p.ProcNum DESC
        LIMIT 1""",
        (today - dt.timedelta(days=90),),
    )
    if procs:
        proc_num = int(procs[0]["ProcNum"])
        sim.store.adopt("procedurelog", procs)
        sim.store.adopt(
            "claimproc", _rows(connection, "SELECT * FROM claimproc WHERE ProcNum = %s", (proc_num,))
        )
        sim.store.adopt(
            "adjustment", _rows(connection, "SELECT * FROM adjustment WHERE ProcNum = %s", (proc_num,))
        )
        sim.cleanup["proc"] = proc_num


def cleanup(sim: Sim) -> None:
    """Event: the clean-up of the first advanced day."""
    when = sim.at(18, 5)
    _delete_future_appointment(sim, when)
    _reallocate(sim, when + dt.timedelta(minutes=5))
    _delete_procedure(sim, when + dt.timedelta(minutes=10))


def _delete_future_appointment(sim: Sim, when: dt.datetime) -> None:
    future = [
        row
        for row in sim.store.rows("appointment")
        if row["AptStatus"] == 1
        and row["AptDateTime"].date() > sim.today + dt.timedelta(days=2)
        and sim.store.is_adopted("appointment", int(row["AptNum"]))
    ]
    if future:
        scheduling.delete(sim, int(future[-1]["AptNum"]), when)


def _reallocate(sim: Sim, when: dt.datetime) -> None:
    """A split entered without a procedure is re-allocated: deleted, replaced by allocated splits."""
    split_num = sim.cleanup.get("split")
    if not split_num or not sim.store.has("paysplit", split_num):
        return
    split = sim.store.delete("paysplit", split_num)
    payment = sim.store.get("payment", int(split["PayNum"]))
    amount = cents(split["SplitAmt"])
    ledger.post(sim, int(split["PatNum"]), balance=amount)
    family = sim.family_of(int(split["PatNum"]))
    payment["_splits"] = 0
    left = billing.allocate(sim, payment, ledger.open_charges(sim, family.guarantor), amount, when)
    if left > 0:
        billing.add_split(
            sim, payment, int(split["PatNum"]), left, int(split["ProvNum"]), int(split["ClinicNum"]), when
        )
    payment.pop("_splits")
    sim.store.update(
        "payment",
        int(payment["PayNum"]),
        when,
        PayNote=(payment["PayNote"] + " Reallocated to procedures.").strip(),
    )
    audit.security(
        sim,
        audit.PAYMENT_EDIT,
        f"Payment splits reallocated ({money(amount):.2f})",
        when,
        pat_num=int(payment["PatNum"]),
        fkey=int(payment["PayNum"]),
    )
    sim.count("payments reallocated")


def _delete_procedure(sim: Sim, when: dt.datetime) -> None:
    """A completed procedure entered in error is deleted (status D) with its claimprocs and adjustments."""
    proc_num = sim.cleanup.get("proc")
    if not proc_num or not sim.store.has("procedurelog", proc_num):
        return
    row = sim.store.get("procedurelog", proc_num)
    code = sim.practice.codes_by_num.get(int(row["CodeNum"]))
    proc = Proc(
        proc_num=proc_num,
        pat_num=int(row["PatNum"]),
        code=code.spec.code if code else "",
        fee=cents(row["ProcFee"]),
        units=int(row["UnitQty"]) + int(row["BaseUnits"]),
        prov_num=int(row["ProvNum"]),
        clinic_num=int(row["ClinicNum"]),
        status=2,
    )
    for claimproc in [r for r in sim.store.rows("claimproc") if int(r["ProcNum"]) == proc_num]:
        sim.store.delete("claimproc", int(claimproc["ClaimProcNum"]))
        if claimproc["Status"] in (1, 4, 5, 7):
            ledger.post(
                sim, proc.pat_num, balance=cents(claimproc["InsPayAmt"]) + cents(claimproc["WriteOff"])
            )
    adjustments = [int(r["AdjNum"]) for r in sim.store.rows("adjustment") if int(r["ProcNum"]) == proc_num]
    procedures.delete(sim, proc, when, adjustments)
    for family in [sim.family_of(proc.pat_num)]:
        for charge in family.charges:
            if charge.proc_num == proc_num:
                charge.remaining = 0
