"""Insurance the way OpenDental records it: estimates, claims, snapshots, payments and checks.

Claimproc statuses produced: 6 Estimate (treatment-planned and not yet billed), 0 NotReceived
(on a claim), 1 Received, 4 Supplemental, 2 Preauth, 3 Adjustment (benefits used elsewhere),
5 CapClaim, 7 CapComplete, 8 CapEstimate and 9 InsHist. Claims go U/W/I -> S -> R, secondary
claims wait as H until the primary is received. Received payments are finalized into a
claimpayment (one check per carrier, clinic and day), some only days later.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import audit, ledger
from .practice import (
    CLAIM_PAYMENT_GROUPS,
    CLAIM_PAYMENT_TRACKING,
    CLAIM_TRACKING,
    INS_PAYMENT_TYPES,
    Code,
    Plan,
)
from .sim import Charge, ClaimState, Coverage, Patient, Proc, Sim, money

NOT_RECEIVED, RECEIVED, PREAUTH, ADJUSTMENT, SUPPLEMENTAL = 0, 1, 2, 3, 4
CAP_CLAIM, ESTIMATE, CAP_COMPLETE, CAP_ESTIMATE, INS_HIST = 5, 6, 7, 8, 9
NO_DEDUCTIBLE = {"Diagnostic", "X-Ray", "Preventive"}
BLANK_DATE = dt.date(1, 1, 1)


def plans_of(sim: Sim, patient: Patient) -> list[tuple[Coverage, Plan]]:
    """The patient's coverages with their plans, primary first."""
    return [
        (cov, sim.practice.plans[cov.plan_num]) for cov in sorted(patient.coverage, key=lambda c: c.ordinal)
    ]


def billable(proc: Proc, code: Code) -> bool:
    """Whether a procedure goes on claims (a fee, and the code is not 'do not bill insurance')."""
    return proc.amount > 0 and not code.spec.no_bill_ins


# ---- estimates ----------------------------------------------------------------------------------


def _benefits(sim: Sim, inssub: int, pat_num: int, year: int) -> list[int]:
    return sim.benefits.setdefault((inssub, pat_num, year), [0, 0])


def _estimate(
    sim: Sim, proc: Proc, cov: Coverage, plan: Plan, day: dt.date, paid_other: int
) -> dict[str, Any]:
    """Estimate columns for one procedure and one coverage (amounts in cents)."""
    code = sim.practice.code(proc.code)
    amount = proc.amount
    if plan.plan_type == "c":
        copay = sim.practice.fee(plan.copay_sched, code) * proc.units
        copay = min(copay, amount)
        return {
            "Status": CAP_ESTIMATE,
            "est": 0,
            "wo": amount - copay,
            "copay": copay,
            "pct": -1,
            "ded": 0,
            "base": 0,
        }
    allowed = amount
    if plan.plan_type == "p" and plan.fee_sched:
        allowed = min(amount, sim.practice.fee(plan.fee_sched, code, proc.clinic_num) * proc.units or amount)
    pct = plan.percents.get(code.spec.covcat, 0)
    used = _benefits(sim, cov.inssub_num, proc.pat_num, day.year)
    ded = 0
    if plan.deductible and code.spec.covcat not in NO_DEDUCTIBLE and pct > 0:
        ded = max(0, min(plan.deductible - used[1], allowed))
    base = round((allowed - ded) * pct / 100)
    est = base
    if plan.annual_max:
        est = max(0, min(base, plan.annual_max - used[0]))
    wo = amount - allowed if plan.plan_type == "p" else -1
    if cov.ordinal > 1:
        est = max(0, min(est, amount - paid_other - max(wo, 0)))
        wo = 0 if plan.plan_type == "p" else -1
    return {"Status": ESTIMATE, "est": est, "wo": wo, "copay": -1, "pct": pct, "ded": ded, "base": base}


def add_estimates(sim: Sim, proc: Proc, patient: Patient, when: dt.datetime, day: dt.date) -> None:
    """Create the Estimate (or CapEstimate) claimprocs of a procedure, one per coverage."""
    code = sim.practice.code(proc.code)
    if not billable(proc, code):
        return
    paid_other = 0
    for cov, plan in plans_of(sim, patient):
        values = _estimate(sim, proc, cov, plan, day, paid_other)
        row = sim.store.insert(
            "claimproc", _claimproc(sim, proc, cov, values, day, paid_other), when, hold=dt.date.max
        )
        proc.estimates.append(int(row["ClaimProcNum"]))
        paid_other += values["est"]
        if plan.plan_type == "c":
            break


def _claimproc(
    sim: Sim, proc: Proc, cov: Coverage, v: dict[str, Any], day: dt.date, paid_other: int
) -> dict[str, Any]:
    override = -1.0
    if v["wo"] > 0 and sim.chance(0.02):
        override = money(v["wo"] - min(v["wo"], 500))
    return {
        "ProcNum": proc.proc_num,
        "ClaimNum": 0,
        "PatNum": proc.pat_num,
        "ProvNum": proc.prov_num,
        "FeeBilled": money(proc.amount),
        "InsPayEst": money(v["est"]),
        "DedApplied": 0.0,
        "Status": v["Status"],
        "InsPayAmt": 0.0,
        "Remarks": "",
        "ClaimPaymentNum": 0,
        "PlanNum": cov.plan_num,
        "DateCP": BLANK_DATE,
        "WriteOff": 0.0,
        "CodeSent": proc.code[:15],
        "AllowedOverride": -1.0,
        "Percentage": v["pct"],
        "PercentOverride": -1,
        "CopayAmt": money(v["copay"]) if v["copay"] >= 0 else -1.0,
        "NoBillIns": 0,
        "PaidOtherIns": money(paid_other) if cov.ordinal > 1 else -1.0,
        "BaseEst": money(v["base"]),
        "CopayOverride": -1.0,
        "ProcDate": day,
        "DateEntry": BLANK_DATE,
        "LineNumber": 0,
        "DedEst": money(v["ded"]),
        "DedEstOverride": -1.0,
        "InsEstTotal": money(v["est"]),
        "InsEstTotalOverride": -1.0,
        "PaidOtherInsOverride": -1.0,
        "EstimateNote": "",
        "WriteOffEst": money(v["wo"]) if v["wo"] >= 0 else -1.0,
        "WriteOffEstOverride": override,
        "ClinicNum": proc.clinic_num,
        "InsSubNum": cov.inssub_num,
        "PaymentRow": 0,
        "PayPlanNum": 0,
        "ClaimPaymentTracking": 0,
        "SecUserNumEntry": sim.user(),
        "DateSuppReceived": BLANK_DATE,
        "DateInsFinalized": BLANK_DATE,
        "IsTransfer": 0,
        "ClaimAdjReasonCodes": "",
        "IsOverpay": 0,
        "SecurityHash": "",
    }


def _writeoff_estimate(row: dict[str, Any]) -> int:
    """The write-off estimate that counts: the override when set, else the estimate (-1 = none)."""
    value = row["WriteOffEstOverride"] if row["WriteOffEstOverride"] != -1 else row["WriteOffEst"]
    return max(round(value * 100), 0)


def drop_estimates(sim: Sim, proc: Proc) -> None:
    """Hard-delete a procedure's estimate claimprocs (plan changed, procedure deleted)."""
    for claimproc_num in proc.estimates:
        if sim.store.has("claimproc", claimproc_num):
            sim.store.delete("claimproc", claimproc_num)
    proc.estimates = []


def patient_portion(sim: Sim, proc: Proc) -> int:
    """What the patient is expected to pay for a procedure after its estimates (cents)."""
    portion = proc.amount
    for claimproc_num in proc.estimates:
        row = sim.store.get("claimproc", claimproc_num)
        portion -= round(row["InsPayEst"] * 100)
        portion -= _writeoff_estimate(row) if row["Status"] in (ESTIMATE, NOT_RECEIVED) else 0
        if row["Status"] == CAP_ESTIMATE:
            portion = round(row["CopayAmt"] * 100)
    return max(portion, 0)


# ---- billing completed work ---------------------------------------------------------------------


def bill_visit(
    sim: Sim, patient: Patient, procs: list[Proc], charges: dict[int, Charge], when: dt.datetime
) -> None:
    """After a visit: capitation lines complete, claims are created for the rest (end of day)."""
    coverages = plans_of(sim, patient)
    if not coverages:
        return
    if coverages[0][1].plan_type == "c":
        _complete_capitation(sim, patient, procs, when)
        return
    billed = [p for p in procs if p.estimates and billable(p, sim.practice.code(p.code))]
    if not billed:
        return
    if sim.chance(0.01):
        return  # the office never billed this visit: its estimates stay Status 6 on completed work
    primary = create_claim(sim, patient, billed, coverages[0][0], "P", when, charges)
    if len(coverages) > 1:
        secondary = create_claim(sim, patient, billed, coverages[1][0], "S", when, charges)
        if primary and secondary:
            sim.claims[primary].secondary = secondary


def create_claim(
    sim: Sim,
    patient: Patient,
    procs: list[Proc],
    cov: Coverage,
    kind: str,
    when: dt.datetime,
    charges: dict[int, Charge],
) -> int:
    """Attach the procedures' estimates for ``cov`` to a new claim; return its ClaimNum (0 if none)."""
    rows = []
    for proc in procs:
        for claimproc_num in proc.estimates:
            row = sim.store.get("claimproc", claimproc_num)
            if row["InsSubNum"] == cov.inssub_num and row["Status"] == ESTIMATE:
                rows.append((proc, row))
    if not rows:
        return 0
    status = "H" if kind == "S" else sim.weighted(["W", "U", "I"], [94.5, 4, 1.5])
    first = rows[0][0]
    claim = sim.store.insert(
        "claim", _claim_row(sim, patient, cov, kind, status, first, when), when, hold=dt.date.max
    )
    claim_num = int(claim["ClaimNum"])
    state = ClaimState(
        claim_num=claim_num,
        pat_num=patient.pat_num,
        plan_num=cov.plan_num,
        inssub_num=cov.inssub_num,
        kind=kind,
        claimprocs=[],
        status=status,
        created=sim.today,
    )
    used = _benefits(sim, cov.inssub_num, patient.pat_num, sim.today.year)
    for line, (proc, row) in enumerate(rows, start=1):
        writeoff = _writeoff_estimate(row)
        sim.store.update(
            "claimproc",
            int(row["ClaimProcNum"]),
            when,
            Status=NOT_RECEIVED,
            ClaimNum=claim_num,
            WriteOff=money(writeoff),
            DedApplied=row["DedEst"],
            LineNumber=line,
            ProcDate=sim.today,
        )
        estimate = round(row["InsPayEst"] * 100)
        used[0] += estimate
        used[1] += round(row["DedEst"] * 100)
        ledger.post(sim, patient.pat_num, pending=estimate + writeoff)
        state.claimprocs.append(int(row["ClaimProcNum"]))
        if proc.proc_num in charges:
            state.charges[int(row["ClaimProcNum"])] = charges[proc.proc_num]
        sim.store.insert(
            "claimsnapshot",
            {
                "ProcNum": proc.proc_num,
                "ClaimType": kind,
                "Writeoff": money(writeoff)
                if row["WriteOffEst"] != -1 or row["WriteOffEstOverride"] != -1
                else -1.0,
                "InsPayEst": row["InsPayEst"],
                "Fee": money(proc.amount),
                "DateTEntry": when,
                "ClaimProcNum": row["ClaimProcNum"],
                "SnapshotTrigger": 0,
            },
            when,
        )
    _roll_up(sim, claim_num, state, when)
    sim.claims[claim_num] = state
    if status in ("U", "I"):
        sim.schedule(
            # unsent claims wait days; held ones (attachments, missing information) weeks
            sim.next_workday(
                sim.today, sim.rng.randrange(2, 15) if status == "U" else sim.rng.randrange(20, 60)
            ),
            "claim_ready",
            claim_num,
        )
    if kind == "P" and sim.chance(0.006):
        sim.schedule(sim.today, "claim_recreate", claim_num)
    return claim_num


def _claim_row(
    sim: Sim, patient: Patient, cov: Coverage, kind: str, status: str, proc: Proc, when: dt.datetime
) -> dict[str, Any]:
    others = [c for c in patient.coverage if c.inssub_num != cov.inssub_num]
    code = sim.practice.code(proc.code)
    return {
        "PatNum": patient.pat_num,
        "DateService": sim.today,
        "DateSent": BLANK_DATE,
        "ClaimStatus": status,
        "DateReceived": BLANK_DATE,
        "PlanNum": cov.plan_num,
        "ProvTreat": proc.prov_num,
        "ClaimFee": 0.0,
        "InsPayEst": 0.0,
        "InsPayAmt": 0.0,
        "DedApplied": 0.0,
        "PreAuthString": "",
        "IsProsthesis": "I" if code.spec.prosth else "N",
        "PriorDate": BLANK_DATE,
        "ReasonUnderPaid": "",
        "ClaimNote": None if sim.chance(0.7) else "",
        "ClaimType": kind,
        "ProvBill": int(sim.practice.prefs.get("PracticeDefaultProv", proc.prov_num)),
        "ReferringProv": 0,
        "RefNumString": "",
        "PlaceService": 0,
        "AccidentRelated": "",
        "AccidentST": "",
        "EmployRelated": 0,
        "IsOrtho": int(code.spec.covcat == "Orthodontics"),
        "PatRelat": cov.relationship,
        "PlanNum2": others[0].plan_num if others else 0,
        "PatRelat2": others[0].relationship if others else 0,
        "WriteOff": 0.0,
        "Radiographs": 0,
        "ClinicNum": proc.clinic_num,
        "ClaimForm": 0,
        "AttachedImages": 0,
        "AttachedModels": 0,
        "AttachedFlags": "Mail" if sim.chance(0.5) else None,
        "AttachmentID": None,
        "CanadianMaterialsForwarded": "",
        "CanadianReferralProviderNum": "",
        "CanadianIsInitialLower": "",
        "CanadianIsInitialUpper": "",
        "InsSubNum": cov.inssub_num,
        "InsSubNum2": others[0].inssub_num if others else 0,
        "CanadaTransRefNum": "",
        "PriorAuthorizationNumber": "",
        "UniformBillType": "",
        "AdmissionTypeCode": "",
        "AdmissionSourceCode": "",
        "PatientStatusCode": "",
        "CustomTracking": 0,
        "CorrectionType": 0,
        "ClaimIdentifier": "",
        "OrigRefNum": "",
        "SecUserNumEntry": sim.user(),
        "SecurityHash": "",
        "Narrative": "",
    }


def _roll_up(sim: Sim, claim_num: int, state: ClaimState, when: dt.datetime) -> None:
    """Claim totals are the sums of its claimprocs."""
    totals = {"ClaimFee": 0, "InsPayEst": 0, "InsPayAmt": 0, "WriteOff": 0, "DedApplied": 0}
    for claimproc_num in state.claimprocs:
        row = sim.store.get("claimproc", claimproc_num)
        totals["ClaimFee"] += round(row["FeeBilled"] * 100)
        totals["InsPayEst"] += round(row["InsPayEst"] * 100)
        totals["InsPayAmt"] += round(row["InsPayAmt"] * 100)
        totals["WriteOff"] += round(row["WriteOff"] * 100)
        totals["DedApplied"] += round(row["DedApplied"] * 100)
    identifier = f"{state.pat_num}/{claim_num}"
    sim.store.update(
        "claim",
        claim_num,
        when,
        ClaimIdentifier=identifier,
        **{name: money(value) for name, value in totals.items()},
    )


def _complete_capitation(sim: Sim, patient: Patient, procs: list[Proc], when: dt.datetime) -> None:
    """Capitation: the CapEstimate becomes CapComplete with the write-off (fee minus copay)."""
    cap_lines = []
    for proc in procs:
        for claimproc_num in proc.estimates:
            row = sim.store.get("claimproc", claimproc_num)
            if row["Status"] != CAP_ESTIMATE:
                continue
            writeoff = proc.amount - round(row["CopayAmt"] * 100)
            sim.store.update(
                "claimproc",
                claimproc_num,
                when,
                Status=CAP_COMPLETE,
                WriteOff=money(writeoff),
                DateCP=sim.today,
                ProcDate=sim.today,
                DateEntry=sim.today,
            )
            ledger.post(sim, patient.pat_num, balance=-writeoff)
            cap_lines.append((proc, row))
    if cap_lines and sim.chance(0.4):
        cov = plans_of(sim, patient)[0][0]
        claim = sim.store.insert(
            "claim", _claim_row(sim, patient, cov, "Cap", "W", cap_lines[0][0], when), when, hold=dt.date.max
        )
        state = ClaimState(
            claim_num=int(claim["ClaimNum"]),
            pat_num=patient.pat_num,
            plan_num=cov.plan_num,
            inssub_num=cov.inssub_num,
            kind="Cap",
            claimprocs=[],
            status="W",
            created=sim.today,
        )
        for line, (proc, row) in enumerate(cap_lines, start=1):
            values = {
                "Status": CAP_CLAIM,
                "est": 0,
                "wo": -1,
                "copay": round(row["CopayAmt"] * 100),
                "pct": -1,
                "ded": 0,
                "base": 0,
            }
            new = _claimproc(sim, proc, cov, values, sim.today, 0)
            new.update(ClaimNum=claim["ClaimNum"], LineNumber=line, DateCP=sim.today)
            line_row = sim.store.insert("claimproc", new, when, hold=dt.date.max)
            state.claimprocs.append(int(line_row["ClaimProcNum"]))
            sim.store.insert(
                "claimsnapshot",
                {
                    "ProcNum": proc.proc_num,
                    "ClaimType": "Cap",
                    "Writeoff": -1.0,
                    "InsPayEst": 0.0,
                    "Fee": money(proc.amount),
                    "DateTEntry": when,
                    "ClaimProcNum": line_row["ClaimProcNum"],
                    "SnapshotTrigger": 0,
                },
                when,
            )
        _roll_up(sim, state.claim_num, state, when)
        sim.claims[state.claim_num] = state
    for proc, row in cap_lines:
        sim.store.settle("claimproc", int(row["ClaimProcNum"]), sim.today)
        proc.estimates.remove(int(row["ClaimProcNum"]))


# ---- claim workflow -----------------------------------------------------------------------------


def claim_ready(sim: Sim, claim_num: int) -> None:
    """Event: an unsent or held claim is put in the send queue."""
    state = sim.claims.get(claim_num)
    if state and state.status in ("U", "I"):
        state.status = "W"
        sim.store.update("claim", claim_num, sim.office_time(8, 12), ClaimStatus="W")


def send_claims(sim: Sim) -> None:
    """Morning batch: every claim waiting in the queue since before today is sent."""
    when = sim.at(8, 30)
    for state in list(sim.claims.values()):
        if state.status != "W" or state.created >= sim.today:
            continue
        claim = sim.store.get("claim", state.claim_num)
        sim.store.update(
            "claim",
            state.claim_num,
            when,
            ClaimStatus="S",
            DateSent=sim.today,
            DateSentOrig=claim["DateSentOrig"] if claim["DateSentOrig"] != BLANK_DATE else sim.today,
        )
        state.status = "S"
        state.sent = sim.today
        plan = sim.practice.plans[state.plan_num]
        slow = plan.carrier_name.startswith("State Medicaid")
        # working days to the carrier's answer: most pay electronic claims within two to four
        # weeks, a few take two months (median sent to paid about 20 days, dental-kpis.md)
        lag = sim.rng.randrange(10, 32) if slow else int(sim.rng.triangular(4, 32, 9))
        if state.kind == "Cap" and sim.chance(0.3):
            continue  # capitation encounter claims are often never answered: they stay Sent
        state.receive_on = sim.next_workday(sim.today, lag)
        sim.schedule(state.receive_on, "claim_received", state.claim_num)
        audit.security(
            sim,
            audit.CLAIM_SEND,
            f"Claim sent to {plan.carrier_name}",
            when,
            pat_num=state.pat_num,
            fkey=state.claim_num,
        )
        if sim.chance(0.05):
            sim.store.insert(
                "claimtracking",
                {
                    "ClaimNum": state.claim_num,
                    "TrackingType": "StatusHistory",
                    "UserNum": sim.user(),
                    "DateTimeEntry": when,
                    "Note": "Sent electronically",
                    "TrackingDefNum": 0,
                    "TrackingErrorDefNum": 0,
                },
                when,
            )


def claim_received(sim: Sim, claim_num: int) -> None:
    """Event: the carrier answers a claim (EOB); payments are entered per procedure."""
    state = sim.claims.get(claim_num)
    if state is None or state.status != "S":
        return
    when = sim.office_time(9, 16)
    if state.kind == "PreAuth":
        _preauth_received(sim, state, when)
        return
    plan = sim.practice.plans[state.plan_num]
    by_total = state.kind == "P" and sim.chance(0.02)
    total_paid = 0
    tracking = {
        name: sim.practice.def_num(CLAIM_PAYMENT_TRACKING, name)
        for name in ("Paid as billed", "Downgraded", "Denied - frequency", "Denied - not covered")
    }
    for claimproc_num in state.claimprocs:
        row = sim.store.get("claimproc", claimproc_num)
        if row["Status"] != NOT_RECEIVED:
            continue
        estimate = round(row["InsPayEst"] * 100)
        writeoff_est = round(row["WriteOff"] * 100)
        outcome = sim.weighted(["exact", "less", "denied", "more"], [80, 10, 5, 5])
        paid = {
            "exact": estimate,
            "less": round(estimate * sim.rng.uniform(0.55, 0.95)),
            "denied": 0,
            "more": round(estimate * sim.rng.uniform(1.02, 1.15)),
        }[outcome]
        if state.kind == "Cap":
            paid = 0
        writeoff = writeoff_est
        if plan.plan_type == "p" and writeoff_est > 0 and sim.chance(0.08):
            writeoff = max(0, writeoff_est + sim.rng.randrange(-1500, 1500))
        ded = round(row["DedApplied"] * 100)
        paid_on_line = 0 if by_total else paid
        total_paid += paid
        sim.store.update(
            "claimproc",
            claimproc_num,
            when,
            Status=RECEIVED,
            InsPayAmt=money(paid_on_line),
            WriteOff=money(writeoff),
            DateCP=sim.today,
            DateEntry=sim.today,
            DateSuppReceived=sim.today,
            DedApplied=money(ded),
            ClaimPaymentTracking=tracking[
                "Paid as billed"
                if outcome == "exact"
                else "Downgraded"
                if outcome == "less"
                else "Denied - not covered"
                if outcome == "denied"
                else "Paid as billed"
            ],
            Remarks="Not a covered benefit" if outcome == "denied" else "",
        )
        ledger.post(
            sim, state.pat_num, balance=-(paid_on_line + writeoff), pending=-(estimate + writeoff_est)
        )
        used = _benefits(sim, state.inssub_num, state.pat_num, sim.today.year)
        used[0] += paid - estimate
        charge = state.charges.get(claimproc_num)
        if charge is not None:
            charge.remaining += (estimate - paid) + (writeoff_est - writeoff)
        if outcome in ("less", "denied") and paid < estimate and sim.chance(0.15):
            sim.schedule(
                sim.next_workday(sim.today, sim.rng.randrange(15, 50)),
                "supplemental",
                claim_num,
                claimproc_num,
                round((estimate - paid) * sim.rng.uniform(0.4, 1.0)),
            )
            state.pending_supplemental += 1
    if by_total and total_paid:
        first = sim.store.get("claimproc", state.claimprocs[0])
        total_row = dict(first)
        for key in ("ClaimProcNum", "SecDateTEdit", "SecDateEntry"):
            total_row.pop(key, None)
        total_row.update(
            ProcNum=0,
            FeeBilled=0.0,
            InsPayEst=0.0,
            DedApplied=0.0,
            InsPayAmt=money(total_paid),
            WriteOff=0.0,
            CodeSent="",
            Percentage=-1,
            BaseEst=0.0,
            DedEst=-1.0,
            InsEstTotal=0.0,
            WriteOffEst=-1.0,
            WriteOffEstOverride=-1.0,
            PaidOtherIns=-1.0,
            LineNumber=0,
            Remarks="Paid as total",
            ClaimPaymentTracking=0,
            Status=RECEIVED,
        )
        row = sim.store.insert("claimproc", total_row, when, hold=dt.date.max)
        state.claimprocs.append(int(row["ClaimProcNum"]))
        ledger.post(sim, state.pat_num, balance=-total_paid)
        _spread_total(state, total_paid)
    sim.store.update("claim", claim_num, when, ClaimStatus="R", DateReceived=sim.today)
    if total_paid == 0 and state.kind != "Cap" and sim.chance(0.3):
        custom_tracking(sim, claim_num, when)
    state.status = "R"
    _roll_up(sim, claim_num, state, when)
    if sim.chance(0.88) or state.kind == "Cap":
        finalize(sim, claim_num, when)
    else:
        sim.schedule(sim.next_workday(sim.today, sim.rng.randrange(1, 11)), "claim_finalize", claim_num)
    if state.secondary:
        _release_secondary(sim, state.secondary, state, when)


def _spread_total(state: ClaimState, total: int) -> None:
    """A payment 'by total' lowers the patient portions of the claim's procedures proportionally."""
    charges = [state.charges[n] for n in state.claimprocs if n in state.charges]
    left = total
    for index, charge in enumerate(charges):
        part = left if index == len(charges) - 1 else total // len(charges)
        charge.remaining -= part
        left -= part


def _release_secondary(sim: Sim, claim_num: int, primary: ClaimState, when: dt.datetime) -> None:
    state = sim.claims.get(claim_num)
    if state is None or state.status != "H":
        return
    state.status = "W"
    state.created = sim.today
    sim.store.update("claim", claim_num, when, ClaimStatus="W")


def finalize(sim: Sim, claim_num: int, when: dt.datetime | None = None) -> None:
    """Enter the insurance check: received lines join today's claimpayment for the carrier."""
    state = sim.claims.get(claim_num)
    if state is None:
        return
    when = when or sim.office_time(10, 16)
    plan = sim.practice.plans[state.plan_num]
    rows = [sim.store.get("claimproc", n) for n in state.claimprocs]
    lines = [row for row in rows if row["Status"] in (RECEIVED, SUPPLEMENTAL) and not row["ClaimPaymentNum"]]
    if lines:
        amount = sum(round(row["InsPayAmt"] * 100) for row in lines)
        clinic = int(sim.store.get("claim", claim_num)["ClinicNum"])
        check = _check(sim, plan, clinic, when, zero=amount == 0)
        for row in lines:
            sim.store.update(
                "claimproc",
                int(row["ClaimProcNum"]),
                when,
                ClaimPaymentNum=check["ClaimPaymentNum"],
                DateCP=check["CheckDate"],
                DateInsFinalized=sim.today,
            )
        sim.store.update(
            "claimpayment",
            int(check["ClaimPaymentNum"]),
            when,
            CheckAmt=money(round(check["CheckAmt"] * 100) + amount),
        )
    if state.pending_supplemental == 0:
        _close_claim(sim, state)


def _check(sim: Sim, plan: Plan, clinic: int, when: dt.datetime, zero: bool) -> dict[str, Any]:
    """Today's claimpayment for a carrier and clinic (created on first use)."""
    key = (plan.carrier_num, clinic, sim.today, zero)
    number = sim.checks.get(key)
    if number is not None and sim.store.has("claimpayment", number):
        return sim.store.get("claimpayment", number)
    pay_type = (
        "No Payment (zero check)" if zero else sim.weighted(["EFT", "Check", "Virtual Card"], [60, 32, 8])
    )
    row = sim.store.insert(
        "claimpayment",
        {
            "CheckDate": sim.today,
            "CheckAmt": 0.0,
            "CheckNum": ""
            if zero
            else (
                f"EFT{sim.rng.randrange(10**7, 10**8)}"
                if pay_type == "EFT"
                else str(sim.rng.randrange(100000, 999999))
            ),
            "BankBranch": "",
            "Note": "" if sim.chance(0.9) else "Partial payment, see EOB",
            "ClinicNum": clinic,
            "DepositNum": 0,
            "CarrierName": plan.carrier_name,
            "DateIssued": sim.today - dt.timedelta(days=sim.rng.randrange(1, 6)),
            "IsPartial": 0,
            "PayType": sim.practice.def_num(INS_PAYMENT_TYPES, pay_type),
            "SecUserNumEntry": sim.user(),
            "PayGroup": sim.practice.def_num(
                CLAIM_PAYMENT_GROUPS, "Medicaid" if plan.carrier_name.startswith("State") else "Default"
            ),
        },
        when,
    )
    sim.checks[key] = int(row["ClaimPaymentNum"])
    audit.security(
        sim,
        audit.INS_PAY_CREATE,
        f"Insurance payment from {plan.carrier_name}",
        when,
        fkey=int(row["ClaimPaymentNum"]),
    )
    return row


def _close_claim(sim: Sim, state: ClaimState) -> None:
    sim.claims.pop(state.claim_num, None)
    sim.store.settle("claim", state.claim_num, sim.today)
    for claimproc_num in state.claimprocs:
        sim.store.settle("claimproc", claimproc_num, sim.today)


def claim_finalize(sim: Sim, claim_num: int) -> None:
    """Event: a payment received earlier is finally entered as a check."""
    finalize(sim, claim_num)


def supplemental(sim: Sim, claim_num: int, claimproc_num: int, amount: int) -> None:
    """Event: the carrier pays more on an already received procedure (appeal, reprocessing)."""
    state = sim.claims.get(claim_num)
    if state is None:
        return
    state.pending_supplemental -= 1
    when = sim.office_time(9, 16)
    base = sim.store.get("claimproc", claimproc_num)
    row = dict(base)
    for key in ("ClaimProcNum", "SecDateTEdit", "SecDateEntry"):
        row.pop(key, None)
    row.update(
        Status=SUPPLEMENTAL,
        InsPayAmt=money(amount),
        InsPayEst=0.0,
        WriteOff=0.0,
        DedApplied=0.0,
        FeeBilled=0.0,
        ClaimPaymentNum=0,
        DateCP=sim.today,
        DateEntry=sim.today,
        DateSuppReceived=sim.today,
        DateInsFinalized=BLANK_DATE,
        Remarks="Reprocessed after appeal",
        WriteOffEst=-1.0,
        WriteOffEstOverride=-1.0,
        InsEstTotal=0.0,
        BaseEst=0.0,
    )
    new = sim.store.insert("claimproc", row, when, hold=dt.date.max)
    state.claimprocs.append(int(new["ClaimProcNum"]))
    ledger.post(sim, state.pat_num, balance=-amount)
    charge = state.charges.get(claimproc_num)
    if charge is not None:
        charge.remaining -= amount
    _roll_up(sim, claim_num, state, when)
    finalize(sim, claim_num, when)
    sim.count("supplemental payments")


def claim_recreate(sim: Sim, claim_num: int) -> None:
    """Event: a claim created by mistake is deleted (its lines go back to estimates) and made again."""
    state = sim.claims.get(claim_num)
    if state is None or state.status not in ("W", "U", "I"):
        return
    when = sim.at(17, 45)
    patient = sim.patients[state.pat_num]
    procs = []
    charges: dict[int, Charge] = {}
    for claimproc_num in state.claimprocs:
        row = sim.store.get("claimproc", claimproc_num)
        estimate, writeoff = round(row["InsPayEst"] * 100), round(row["WriteOff"] * 100)
        ledger.post(sim, state.pat_num, pending=-(estimate + writeoff))
        used = _benefits(sim, state.inssub_num, state.pat_num, sim.today.year)
        used[0] -= estimate
        used[1] -= round(row["DedApplied"] * 100)
        sim.store.update(
            "claimproc",
            claimproc_num,
            when,
            Status=ESTIMATE,
            ClaimNum=0,
            WriteOff=0.0,
            DedApplied=0.0,
            LineNumber=0,
        )
        procs.append(
            Proc(
                proc_num=int(row["ProcNum"]),
                pat_num=state.pat_num,
                code=str(row["CodeSent"]),
                fee=round(row["FeeBilled"] * 100),
                units=1,
                prov_num=int(row["ProvNum"]),
                clinic_num=int(row["ClinicNum"]),
                status=2,
                estimates=[claimproc_num],
            )
        )
        if claimproc_num in state.charges:
            charges[int(row["ProcNum"])] = state.charges[claimproc_num]
    sim.claims.pop(claim_num)
    sim.store.delete("claim", claim_num)
    audit.security(
        sim,
        audit.CLAIM_DELETE,
        "Claim deleted (created in error)",
        when,
        pat_num=state.pat_num,
        fkey=claim_num,
    )
    cov = next(c for c in patient.coverage if c.inssub_num == state.inssub_num)
    new_num = create_claim(sim, patient, procs, cov, state.kind, when + dt.timedelta(minutes=2), charges)
    if new_num and state.secondary:
        sim.claims[new_num].secondary = state.secondary
    sim.count("claims deleted")


# ---- preauthorizations, history and benefit adjustments -----------------------------------------


def preauth(sim: Sim, patient: Patient, procs: list[Proc], when: dt.datetime) -> None:
    """A preauthorization claim for large treatment-planned work (claimprocs Status 2)."""
    coverages = plans_of(sim, patient)
    if not coverages or coverages[0][1].plan_type == "c":
        return
    cov, plan = coverages[0]
    claim = sim.store.insert(
        "claim", _claim_row(sim, patient, cov, "PreAuth", "W", procs[0], when), when, hold=dt.date.max
    )
    state = ClaimState(
        claim_num=int(claim["ClaimNum"]),
        pat_num=patient.pat_num,
        plan_num=cov.plan_num,
        inssub_num=cov.inssub_num,
        kind="PreAuth",
        claimprocs=[],
        status="W",
        created=sim.today,
    )
    for line, proc in enumerate(procs, start=1):
        values = _estimate(sim, proc, cov, plan, sim.today, 0)
        values["Status"] = PREAUTH
        row = _claimproc(sim, proc, cov, values, sim.today, 0)
        row.update(ClaimNum=claim["ClaimNum"], LineNumber=line, WriteOffEst=-1.0, WriteOffEstOverride=-1.0)
        new = sim.store.insert("claimproc", row, when, hold=dt.date.max)
        state.claimprocs.append(int(new["ClaimProcNum"]))
    _roll_up(sim, state.claim_num, state, when)
    sim.claims[state.claim_num] = state
    sim.count("preauthorizations")


def _preauth_received(sim: Sim, state: ClaimState, when: dt.datetime) -> None:
    sim.store.update(
        "claim",
        state.claim_num,
        when,
        ClaimStatus="R",
        DateReceived=sim.today,
        PreAuthString=f"PA{sim.rng.randrange(10**6, 10**7)}",
    )
    state.status = "R"
    _close_claim(sim, state)


def insurance_history(sim: Sim, patient: Patient, make_existing: Any, when: dt.datetime) -> None:
    """New patient intake: work done at the previous office (InsHist claimprocs on existing
    procedures) and benefits already used this year (an Adjustment claimproc)."""
    coverages = plans_of(sim, patient)
    if not coverages or coverages[0][1].plan_type == "c":
        return
    cov, _plan = coverages[0]
    if sim.chance(0.4):
        for code in sim.rng.sample(["D0274", "D1110", "D0210", "D0120"], 2):
            done = sim.today - dt.timedelta(days=sim.rng.randrange(60, 500))
            proc = make_existing(patient, code, done, when)
            sim.store.insert(
                "claimproc",
                {
                    **_claimproc(
                        sim,
                        proc,
                        cov,
                        {"Status": INS_HIST, "est": 0, "wo": -1, "copay": -1, "pct": -1, "ded": 0, "base": 0},
                        done,
                        0,
                    ),
                    "DateCP": done,
                    "FeeBilled": 0.0,
                },
                when,
            )
    if sim.chance(0.1):
        used = sim.rng.randrange(10000, 80000)
        sim.store.insert(
            "claimproc",
            {
                "ProcNum": 0,
                "ClaimNum": 0,
                "PatNum": patient.pat_num,
                "ProvNum": 0,
                "FeeBilled": 0.0,
                "InsPayEst": 0.0,
                "DedApplied": money(5000 if sim.chance(0.5) else 0),
                "Status": ADJUSTMENT,
                "InsPayAmt": money(used),
                "Remarks": "Benefits used at previous office",
                "ClaimPaymentNum": 0,
                "PlanNum": cov.plan_num,
                "DateCP": sim.today,
                "WriteOff": 0.0,
                "CodeSent": "",
                "AllowedOverride": -1.0,
                "ProcDate": sim.today,
                "DateEntry": sim.today,
                "DedEst": -1.0,
                "DedEstOverride": -1.0,
                "InsEstTotal": 0.0,
                "InsEstTotalOverride": -1.0,
                "PaidOtherInsOverride": -1.0,
                "EstimateNote": "",
                "WriteOffEst": -1.0,
                "WriteOffEstOverride": -1.0,
                "ClinicNum": patient.clinic_num,
                "InsSubNum": cov.inssub_num,
                "SecUserNumEntry": sim.user(),
                "ClaimAdjReasonCodes": "",
                "SecurityHash": "",
            },
            when,
        )
        _benefits(sim, cov.inssub_num, patient.pat_num, sim.today.year)[0] += used


def custom_tracking(sim: Sim, claim_num: int, when: dt.datetime) -> None:
    """A claim the office follows up on: custom tracking status and a claimtracking row."""
    definition = sim.practice.def_num(
        CLAIM_TRACKING, sim.pick(["Called carrier", "Resubmitted", "Sent attachments"])
    )
    sim.store.update("claim", claim_num, when, CustomTracking=definition)
    sim.store.insert(
        "claimtracking",
        {
            "ClaimNum": claim_num,
            "TrackingType": "StatusHistory",
            "UserNum": sim.user(),
            "DateTimeEntry": when,
            "Note": "Followed up with carrier",
            "TrackingDefNum": definition,
            "TrackingErrorDefNum": 0,
        },
        when,
    )
