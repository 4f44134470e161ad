"""``--advance-days``: rebuild the simulation's state from an existing database and continue it.

Everything the day loop needs is read back from the 57 OpenDental tables: the practice set-up,
patients and families (balances from the guarantors' stored aging), coverage and recalls,
treatment-planned work, future appointments and the unscheduled list, open claims, open payment
plans, future schedules and what each family still owes per procedure. Rows the new days may
change are adopted by the store, so they are written back as UPDATEs of the changed columns (with
the change column moved to the simulated time) or hard DELETEs.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from typing import Any

from pymysql.connections import Connection
from pymysql.cursors import DictCursor

from . import aging, catalog, engine, housekeeping, schedules, scheduling
from .db import AGING_TIME, connect, count_rows, database_name
from .practice import BILLING_TYPES, UNEARNED_TYPES, Practice, stable_fraction
from .report import SynthReport
from .sim import Charge, ClaimState, Coverage, Family, Patient, Proc, Sim, cents
from .store import Store
from .writer import BulkWriter

REFERENCE_TABLES = (
    "definition",
    "clinic",
    "provider",
    "operatory",
    "procedurecode",
    "feesched",
    "fee",
    "carrier",
    "insplan",
    "benefit",
    "covcat",
    "recalltype",
    "appointmenttype",
    "userod",
    "employee",
    "referral",
    "preference",
    "discountplan",
)


def _rows(connection: Connection, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    with connection.cursor(DictCursor) as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def advance_database(url: str, days: int, seed: int | None) -> SynthReport:
    """Continue the practice in ``url`` for ``days`` days, then age it; see module docstring."""
    started = time.perf_counter()
    connection = connect(url)
    try:
        prefs = {r["PrefName"]: r["ValueString"] for r in _rows(connection, "SELECT * FROM preference")}
        if "DateLastAging" not in prefs:
            raise ValueError(
                f"{database_name(url)} has no preference DateLastAging: is it an OpenDental database "
                "made by `mdc synth`?"
            )
        today = dt.date.fromisoformat(prefs["DateLastAging"])
        practice = Practice.from_rows(
            {t: _rows(connection, f"SELECT * FROM `{t}`") for t in REFERENCE_TABLES}
        )
        scale = _scale_of(practice)
        if seed is None:
            last_log = _rows(connection, "SELECT COALESCE(MAX(SecurityLogNum), 0) AS n FROM securitylog")[0][
                "n"
            ]
            seed = today.toordinal() * 1_000_003 + int(last_log)
        store = Store(BulkWriter(connection, scale.chunk_rows), connection, keep_all=True)
        for table in store.defs:
            key = store.defs[table].primary_key
            highest = _rows(connection, f"SELECT COALESCE(MAX(`{key}`), 0) AS n FROM `{table}`")[0]["n"]
            store.start_keys_after(table, int(highest))
        for table in ("fee", "provider", "operatory", "referral"):
            store.adopt(table, _rows(connection, f"SELECT * FROM `{table}`"))
        sim = Sim(
            rng=random.Random(seed),
            store=store,
            practice=practice,
            scale=scale,
            start=_first_day(connection),
            end=today + dt.timedelta(days=days),
            today=today,
        )
        _restore(sim, connection, today, days)
        first = today + dt.timedelta(days=1)
        housekeeping.adopt_candidates(sim, connection, today)
        sim.schedule(first, "cleanup")
        engine.run(sim, first, today + dt.timedelta(days=days))
        store.finish()
        last = today + dt.timedelta(days=days)
        changed = aging.run(connection, last, dt.datetime.combine(last, AGING_TIME))
        return SynthReport(
            database=database_name(url),
            scale=scale.name,
            seed=seed,
            first_day=first,
            last_day=last,
            rows=count_rows(connection),
            inserted=dict(store.inserted),
            updated=dict(store.updated),
            deleted=dict(store.deleted),
            deleted_in_history=dict(store.dropped),
            aging_rows_changed=changed,
            events=dict(sorted(sim.counters.items())),
            seconds=round(time.perf_counter() - started, 2),
        )
    finally:
        connection.close()


def _scale_of(practice: Practice) -> catalog.Scale:
    """The configured scale with the practice's number of dentists (the database holds no scale name)."""
    dentists = len([p for p in practice.providers.values() if p.kind == "dentist" and not p.hidden])
    return min(catalog.scales().values(), key=lambda s: (abs(s.dentists - dentists), s.months))


def _first_day(connection: Connection) -> dt.date:
    row = _rows(connection, "SELECT MIN(SecDateEntry) AS d FROM patient WHERE SecDateEntry > '1880-01-01'")[0]
    return row["d"] or dt.date(2000, 1, 1)


def _restore(sim: Sim, connection: Connection, today: dt.date, days: int) -> None:
    _patients(sim, connection, today)
    _treatment(sim, connection, today)
    _schedules(sim, connection, today)  # first: the chair time the book is filled against
    _appointments(sim, connection, today)
    _claims(sim, connection, today)
    _money(sim, connection, today, days)
    _outreach(sim, connection, today, days)
    sim.active = sorted(pat_num for pat_num, patient in sim.patients.items() if patient.status == 0)


def _patients(sim: Sim, connection: Connection, today: dt.date) -> None:
    rows = _rows(connection, "SELECT * FROM patient ORDER BY PatNum")
    sim.store.adopt("patient", rows)
    collection = {
        sim.practice.def_num(BILLING_TYPES, "Collection"),
        sim.practice.def_num(BILLING_TYPES, "Collection E-bill"),
    }
    discount = {
        r["PatNum"]
        for r in _rows(
            connection,
            "SELECT PatNum FROM discountplansub WHERE DateTerm < '1880-01-01' OR DateTerm > %s",
            (today,),
        )
    }
    last_visits = {
        r["PatNum"]: r["d"]
        for r in _rows(
            connection,
            "SELECT PatNum, MAX(ProcDate) AS d FROM procedurelog WHERE ProcStatus = 2 GROUP BY PatNum",
        )
    }
    for row in rows:
        pat_num = int(row["PatNum"])
        birth = row["Birthdate"] if isinstance(row["Birthdate"], dt.date) else dt.date(1, 1, 1)
        sim.patients[pat_num] = Patient(
            pat_num=pat_num,
            guarantor=int(row["Guarantor"]),
            birthdate=birth,
            clinic_num=int(row["ClinicNum"]),
            pri_prov=int(row["PriProv"]),
            sec_prov=int(row["SecProv"]),
            status=int(row["PatStatus"]),
            discount=pat_num in discount,
            name=f"{row['FName'] or ''} {row['LName'] or ''}".strip(),
            fee_sched=int(row["FeeSched"]),
            last_visit=last_visits.get(pat_num),
        )
    for row in rows:
        guarantor = int(row["Guarantor"])
        family = sim.families.get(guarantor)
        if family is None:
            head = (
                next((r for r in rows if r["PatNum"] == guarantor), row)
                if guarantor != row["PatNum"]
                else row
            )
            family = sim.families[guarantor] = Family(
                guarantor=guarantor,
                members=[],
                billing_type=int(head["BillingType"]),
                bal=cents(head["BalTotal"]),
                ins_est=cents(head["InsEst"]),
                collections=int(head["BillingType"]) in collection,
            )
        family.members.append(int(row["PatNum"]))
    for row in _rows(
        connection,
        """
            SELECT pp.PatPlanNum, pp.PatNum, pp.Ordinal, pp.Relationship, pp.InsSubNum, s.PlanNum
            FROM patplan pp JOIN inssub s ON s.InsSubNum = pp.InsSubNum ORDER BY pp.PatNum, pp.Ordinal""",
    ):
        patient = sim.patients.get(int(row["PatNum"]))
        if patient is not None:
            patient.coverage.append(
                Coverage(
                    int(row["PatPlanNum"]),
                    int(row["InsSubNum"]),
                    int(row["PlanNum"]),
                    int(row["Ordinal"]),
                    int(row["Relationship"]),
                )
            )
    sim.store.adopt("patplan", _rows(connection, "SELECT * FROM patplan"))
    sim.store.adopt("inssub", _rows(connection, "SELECT * FROM inssub"))
    verify = _rows(connection, "SELECT * FROM insverify")
    sim.store.adopt("insverify", verify)
    sim.insverify = {int(r["FKey"]): int(r["InsVerifyNum"]) for r in verify if r["VerifyType"] == 2}
    recalls = _rows(connection, "SELECT * FROM recall ORDER BY RecallNum")
    sim.store.adopt("recall", recalls)
    for row in recalls:
        patient = sim.patients.get(int(row["PatNum"]))
        if patient is not None:
            patient.recalls[int(row["RecallTypeNum"])] = int(row["RecallNum"])
    sim.patient_referrals = {
        int(r["PatNum"]): int(r["ReferralNum"]) for r in sim.store.rows("referral") if r["PatNum"]
    }
    for row in _rows(
        connection, "SELECT PatNum, MAX(DateSent) AS d FROM statement WHERE IsReceipt = 0 GROUP BY PatNum"
    ):
        if int(row["PatNum"]) in sim.families:
            sim.families[int(row["PatNum"])].last_statement = row["d"]


def _treatment(sim: Sim, connection: Connection, today: dt.date) -> None:
    since = today - dt.timedelta(days=3 * 365)
    procs = _rows(
        connection,
        "SELECT * FROM procedurelog WHERE ProcStatus = 1 AND DateTP >= %s ORDER BY ProcNum",
        (since,),
    )
    sim.store.adopt("procedurelog", procs)
    codes = sim.practice.codes_by_num
    for row in procs:
        code = codes.get(int(row["CodeNum"]))
        patient = sim.patients.get(int(row["PatNum"]))
        if code is None or patient is None:
            continue
        proc = Proc(
            proc_num=int(row["ProcNum"]),
            pat_num=patient.pat_num,
            code=code.spec.code,
            fee=cents(row["ProcFee"]),
            units=int(row["UnitQty"]) + int(row["BaseUnits"]),
            prov_num=int(row["ProvNum"]),
            clinic_num=int(row["ClinicNum"]),
            status=1,
            apt_num=int(row["AptNum"]),
            planned_apt=int(row["PlannedAptNum"]),
            tp_date=row["DateTP"],
        )
        sim.procs[proc.proc_num] = proc
        patient.tp.append(proc.proc_num)
    estimates = _rows(
        connection,
        """
        SELECT cp.* FROM claimproc cp JOIN procedurelog p ON p.ProcNum = cp.ProcNum
        WHERE p.ProcStatus = 1 AND p.DateTP >= %s AND cp.Status IN (6, 8) ORDER BY cp.ClaimProcNum""",
        (since,),
    )
    sim.store.adopt("claimproc", estimates)
    for row in estimates:
        planned = sim.procs.get(int(row["ProcNum"]))
        if planned is not None:
            planned.estimates.append(int(row["ClaimProcNum"]))
    attaches = _rows(connection, "SELECT * FROM treatplanattach ORDER BY TreatPlanAttachNum")
    sim.store.adopt("treatplanattach", attaches)
    sim.attaches = {int(r["ProcNum"]): int(r["TreatPlanAttachNum"]) for r in attaches}
    plans = _rows(connection, "SELECT * FROM treatplan WHERE TPStatus = 1 ORDER BY TreatPlanNum")
    sim.store.adopt("treatplan", plans)
    for row in plans:
        patient = sim.patients.get(int(row["PatNum"]))
        if patient is not None:
            patient.active_tp = int(row["TreatPlanNum"])


def _appointments(sim: Sim, connection: Connection, today: dt.date) -> None:
    rows = _rows(
        connection,
        """
        SELECT * FROM appointment WHERE (AptStatus IN (1, 7) AND AptDateTime > %s) OR AptStatus = 3
        ORDER BY AptNum""",
        (dt.datetime.combine(today, dt.time(23, 59, 59)),),
    )
    sim.store.adopt("appointment", rows)
    for row in rows:
        apt_num = int(row["AptNum"])
        patient = sim.patients.get(int(row["PatNum"]))
        if patient is None:
            continue
        if row["AptStatus"] == 3:
            sim.unscheduled.append(apt_num)
            if sim.chance(0.02):
                sim.schedule(today + dt.timedelta(days=sim.rng.randrange(1, 30)), "unsched_call", apt_num)
            continue
        start: dt.datetime = row["AptDateTime"]
        sim.agenda.setdefault(start.date(), []).append(apt_num)
        if row["AptStatus"] == 1:
            patient.next_apt = apt_num
            grid = scheduling.day_grid(sim, int(row["Op"]), start.date())
            first = (start.hour - 8) * 12 + start.minute // 5
            for index in range(max(first, 0), min(first + len(row["Pattern"] or ""), len(grid))):
                grid[index] = 1
            lead = (start.date() - today).days
            if 3 <= lead <= 6:
                sim.schedule(today + dt.timedelta(days=1), "apt_confirm", apt_num)
            elif lead > 6 and sim.chance(0.02):
                sim.schedule(
                    today + dt.timedelta(days=sim.rng.randrange(1, min(lead, 30))), "apt_move", apt_num
                )


def _claims(sim: Sim, connection: Connection, today: dt.date) -> None:
    claims = _rows(
        connection,
        """
        SELECT * FROM claim WHERE ClaimStatus IN ('U', 'H', 'W', 'S', 'I')
           OR ClaimNum IN (SELECT ClaimNum FROM claimproc WHERE Status IN (1, 4) AND ClaimPaymentNum = 0
                           AND ClaimNum <> 0)
        ORDER BY ClaimNum""",
    )
    sim.store.adopt("claim", claims)
    numbers = tuple(int(r["ClaimNum"]) for r in claims) or (0,)
    marks = ",".join(["%s"] * len(numbers))
    lines = _rows(
        connection, f"SELECT * FROM claimproc WHERE ClaimNum IN ({marks}) ORDER BY ClaimProcNum", numbers
    )
    sim.store.adopt("claimproc", lines)
    by_claim: dict[int, list[int]] = defaultdict(list)
    for row in lines:
        by_claim[int(row["ClaimNum"])].append(int(row["ClaimProcNum"]))
    primaries: dict[tuple[int, dt.date], int] = {}
    for row in claims:
        claim_num = int(row["ClaimNum"])
        state = ClaimState(
            claim_num=claim_num,
            pat_num=int(row["PatNum"]),
            plan_num=int(row["PlanNum"]),
            inssub_num=int(row["InsSubNum"]),
            kind=str(row["ClaimType"]),
            claimprocs=by_claim[claim_num],
            status=str(row["ClaimStatus"]),
            created=row["SecDateEntry"] if isinstance(row["SecDateEntry"], dt.date) else today,
            sent=row["DateSent"] if row["DateSent"].year > 1880 else None,
        )
        sim.claims[claim_num] = state
        if state.kind == "P":
            primaries[(state.pat_num, row["DateService"])] = claim_num
        if state.status == "S":
            expected = (state.sent or today) + dt.timedelta(days=sim.rng.randrange(8, 40))
            state.receive_on = max(expected, today + dt.timedelta(days=1 + sim.rng.randrange(0, 10)))
            sim.schedule(state.receive_on, "claim_received", claim_num)
        elif state.status == "R":
            sim.schedule(today + dt.timedelta(days=1), "claim_finalize", claim_num)
        elif state.status in ("U", "I"):
            sim.schedule(today + dt.timedelta(days=sim.rng.randrange(1, 8)), "claim_ready", claim_num)
    for row in claims:
        if row["ClaimStatus"] == "H":
            primary = primaries.get((int(row["PatNum"]), row["DateService"]))
            if primary is not None:
                sim.claims[primary].secondary = int(row["ClaimNum"])
            else:
                sim.claims[int(row["ClaimNum"])].status = "H"
                sim.schedule(today + dt.timedelta(days=1), "claim_ready", int(row["ClaimNum"]))
    year_start = dt.date(today.year, 1, 1)
    for row in _rows(
        connection,
        """
            SELECT InsSubNum, PatNum, SUM(CASE WHEN Status = 0 THEN InsPayEst ELSE InsPayAmt END) AS used,
                   SUM(DedApplied) AS ded
            FROM claimproc WHERE Status IN (0, 1, 3, 4) AND ProcDate >= %s GROUP BY InsSubNum, PatNum""",
        (year_start,),
    ):
        sim.benefits[(int(row["InsSubNum"]), int(row["PatNum"]), today.year)] = [
            cents(row["used"] or 0),
            cents(row["ded"] or 0),
        ]


def _money(sim: Sim, connection: Connection, today: dt.date, days: int) -> None:
    since = today - dt.timedelta(days=730)
    by_proc: dict[int, Charge] = {}
    for row in _rows(
        connection,
        """
            SELECT p.ProcNum, p.PatNum, p.ProvNum, p.ClinicNum, p.ProcDate,
                   ROUND(p.ProcFee * 100) * (p.UnitQty + p.BaseUnits) + COALESCE(a.cents, 0)
                   - COALESCE(i.cents, 0) - COALESCE(s.cents, 0) AS remaining
            FROM procedurelog p
            LEFT JOIN (SELECT ProcNum, SUM(ROUND(AdjAmt * 100)) AS cents FROM adjustment WHERE ProcNum <> 0
                       GROUP BY ProcNum) a ON a.ProcNum = p.ProcNum
            LEFT JOIN (SELECT ProcNum, SUM(ROUND(CASE WHEN Status = 0 THEN InsPayEst ELSE InsPayAmt END * 100)
                                           + ROUND(WriteOff * 100)) AS cents
                       FROM claimproc WHERE Status IN (0, 1, 4, 7) AND ProcNum <> 0 GROUP BY ProcNum) i
                   ON i.ProcNum = p.ProcNum
            LEFT JOIN (SELECT ProcNum, SUM(ROUND(SplitAmt * 100)) AS cents FROM paysplit WHERE ProcNum <> 0
                       GROUP BY ProcNum) s ON s.ProcNum = p.ProcNum
            WHERE p.ProcStatus = 2 AND p.ProcDate >= %s
            HAVING remaining > 0 ORDER BY p.ProcDate, p.ProcNum""",
        (since,),
    ):
        if int(row["PatNum"]) not in sim.patients:
            continue
        charge = Charge(
            pat_num=int(row["PatNum"]),
            prov_num=int(row["ProvNum"]),
            clinic_num=int(row["ClinicNum"]),
            day=row["ProcDate"],
            remaining=int(row["remaining"]),
            proc_num=int(row["ProcNum"]),
        )
        sim.family_of(charge.pat_num).charges.append(charge)
        by_proc[charge.proc_num] = charge
    for row in _rows(
        connection,
        """
            SELECT a.AdjNum, a.PatNum, a.ProvNum, a.ClinicNum, a.AdjDate,
                   ROUND(a.AdjAmt * 100) - COALESCE(s.cents, 0) AS remaining
            FROM adjustment a LEFT JOIN (SELECT AdjNum, SUM(ROUND(SplitAmt * 100)) AS cents FROM paysplit
                                         WHERE AdjNum <> 0 GROUP BY AdjNum) s ON s.AdjNum = a.AdjNum
            WHERE a.ProcNum = 0 AND a.AdjAmt > 0 AND a.AdjDate >= %s HAVING remaining > 0
            ORDER BY a.AdjDate, a.AdjNum""",
        (since,),
    ):
        if int(row["PatNum"]) in sim.patients:
            sim.family_of(int(row["PatNum"])).charges.append(
                Charge(
                    pat_num=int(row["PatNum"]),
                    prov_num=int(row["ProvNum"]),
                    clinic_num=int(row["ClinicNum"]),
                    day=row["AdjDate"],
                    remaining=int(row["remaining"]),
                    adj_num=int(row["AdjNum"]),
                )
            )
    for state in sim.claims.values():
        for claimproc_num in state.claimprocs:
            line = sim.store.get("claimproc", claimproc_num)
            owed = by_proc.get(int(line["ProcNum"]))
            if owed is not None:
                state.charges[claimproc_num] = owed
    prepay = sim.practice.def_num(UNEARNED_TYPES, "Prepayment")
    hidden = sim.practice.def_num(UNEARNED_TYPES, "Treatment Plan Prepayment")
    for row in _rows(
        connection,
        """
            SELECT p.Guarantor, s.UnearnedType, SUM(ROUND(s.SplitAmt * 100)) AS cents
            FROM paysplit s JOIN patient p ON p.PatNum = s.PatNum
            WHERE s.UnearnedType IN (%s, %s) GROUP BY p.Guarantor, s.UnearnedType""",
        (prepay, hidden),
    ):
        family = sim.families.get(int(row["Guarantor"]))
        if family is not None and row["cents"] > 0:
            if int(row["UnearnedType"]) == hidden:
                family.tp_prepaid = int(row["cents"])
            else:
                family.prepaid = int(row["cents"])
    end = today + dt.timedelta(days=days)
    plans = _rows(connection, "SELECT * FROM payplan WHERE IsClosed = 0 ORDER BY PayPlanNum")
    sim.store.adopt("payplan", plans)
    for plan in plans:
        if int(plan["Guarantor"]) in sim.families:
            sim.families[int(plan["Guarantor"])].payplan = int(plan["PayPlanNum"])
        charges = _rows(
            connection,
            """
            SELECT c.* FROM payplancharge c WHERE c.PayPlanNum = %s AND c.ChargeType = 0
              AND NOT EXISTS (SELECT 1 FROM paysplit s WHERE s.PayPlanChargeNum = c.PayPlanChargeNum)
            ORDER BY c.ChargeDate""",
            (plan["PayPlanNum"],),
        )
        for index, installment in enumerate(charges):
            due = max(installment["ChargeDate"], today + dt.timedelta(days=1))
            if due <= end and stable_fraction(int(installment["PayPlanChargeNum"])) < 0.85:
                sim.schedule(
                    due,
                    "payplan_payment",
                    int(plan["PayPlanNum"]),
                    int(installment["PayPlanChargeNum"]),
                    cents(installment["Principal"]) + cents(installment["Interest"]),
                    index == len(charges) - 1,
                )


def _schedules(sim: Sim, connection: Connection, today: dt.date) -> None:
    last = _rows(connection, "SELECT MAX(SchedDate) AS d FROM schedule")[0]["d"]
    # weeks are planned whole (Monday to Friday rows), so the last planned week ends on its Sunday:
    # the last row's own day would make the next Monday's planning plan that week a second time
    planned = isinstance(last, dt.date)
    sim.schedules_through = last + dt.timedelta(days=6 - last.weekday()) if planned else today
    rows = _rows(connection, "SELECT * FROM schedule WHERE SchedDate > %s ORDER BY ScheduleNum", (today,))
    sim.store.adopt("schedule", rows)
    numbers = tuple(int(r["ScheduleNum"]) for r in rows) or (0,)
    marks = ",".join(["%s"] * len(numbers))
    ops = _rows(
        connection, f"SELECT * FROM scheduleop WHERE ScheduleNum IN ({marks}) ORDER BY ScheduleOpNum", numbers
    )
    sim.store.adopt("scheduleop", ops)
    ops_of: dict[int, list[int]] = defaultdict(list)
    for row in ops:
        ops_of[int(row["ScheduleNum"])].append(int(row["OperatoryNum"]))
    for row in rows:
        if row["SchedType"] == 1:
            sim.day_schedules.setdefault((row["SchedDate"], int(row["ProvNum"])), []).append(
                (int(row["ScheduleNum"]), ops_of[int(row["ScheduleNum"])])
            )
            provider = sim.practice.providers.get(int(row["ProvNum"]))
            if provider is not None and row["Status"] == 0:
                for op in ops_of[int(row["ScheduleNum"])]:
                    sim.chair_hours.setdefault((op, row["SchedDate"]), []).append(
                        (schedules.grid_slot(row["StartTime"]), schedules.grid_slot(row["StopTime"]))
                    )
    # each provider's booked minutes of the last weeks (appointments created, by the week they were made)
    weeks = schedules.FLOW_WEEKS
    created = _rows(
        connection,
        """SELECT CASE WHEN h.IsHygiene = 1 AND h.ProvHyg > 0 THEN h.ProvHyg ELSE h.ProvNum END AS ProvNum,
                  DATEDIFF(%s, DATE(h.HistDateTStamp)) DIV 7 AS ago, SUM(LENGTH(h.Pattern)) * 5 AS minutes
           FROM histappointment h
           WHERE h.HistApptAction = 0 AND h.AptStatus = 1
             AND h.HistDateTStamp >= %s AND h.HistDateTStamp < %s
           GROUP BY 1, 2""",
        (today, today - dt.timedelta(days=7 * weeks - 1), today + dt.timedelta(days=1)),
    )
    for provider in sim.practice.providers.values():
        if provider.ops:
            flow = [0] * weeks
            for row in created:
                if int(row["ProvNum"]) == provider.prov_num and 0 <= int(row["ago"]) < weeks:
                    flow[weeks - 1 - int(row["ago"])] += int(row["minutes"] or 0)
            sim.chair_flow[provider.prov_num] = flow


def _outreach(sim: Sim, connection: Connection, today: dt.date, days: int) -> None:
    """Events that would have been pending: recalls coming due, treatment follow-ups, statements."""
    end = today + dt.timedelta(days=days)
    cleaning = {
        sim.practice.recall_types[name][0]
        for name in ("Prophy", "Child Prophy", "Perio")
        if name in sim.practice.recall_types
    }
    for row in sim.store.rows("recall"):
        patient = sim.patients.get(int(row["PatNum"]))
        if patient is None or patient.status != 0 or patient.next_apt or row["IsDisabled"]:
            continue
        if int(row["RecallTypeNum"]) not in cleaning or not isinstance(row["DateDue"], dt.date):
            continue
        due = row["DateDue"] - dt.timedelta(days=28)
        if due <= end and stable_fraction(int(row["RecallNum"]), today.toordinal()) < 0.08 * days:
            sim.schedule(max(due, today + dt.timedelta(days=1)), "recall_due", patient.pat_num)
    waiting = sorted({proc.pat_num for proc in sim.procs.values() if not proc.apt_num})
    for pat_num in waiting:
        if sim.chance(min(0.004 * days, 0.5)):
            sim.schedule(today + dt.timedelta(days=sim.rng.randrange(1, days + 1)), "tp_followup", pat_num)
    for family in sim.families.values():
        if (
            family.last_statement
            and (today - family.last_statement).days < 30
            and family.patient_due >= 500
            and family.reliability > 0.25
            and sim.chance(0.04 * days)
        ):
            sim.schedule(
                today + dt.timedelta(days=sim.rng.randrange(1, days + 1)),
                "statement_payment",
                family.guarantor,
                0,
                1.0,
            )
