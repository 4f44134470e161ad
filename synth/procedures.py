"""Procedures (procedurelog) and treatment plans (treatplan, treatplanattach, proctp)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import audit, insurance, ledger
from .clinical import Item
from .practice import DIAGNOSIS, PROGNOSIS, TX_PRIORITIES, Code
from .sim import Patient, Proc, Sim, money

BLANK = dt.date(1, 1, 1)
BLANK_TIME = dt.datetime(1, 1, 1)
TP, COMPLETE, EXISTING_CUR, EXISTING_OTHER, REFERRED, DELETED, CONDITION, TP_INACTIVE = 1, 2, 3, 4, 5, 6, 7, 8
NOTE_TEXT = {
    "D1110": "Prophy completed. Light calculus removed, OHI reviewed. Next recall 6 months.",
    "D4910": "Perio maintenance. Probing depths recorded, BOP localized. Reinforced home care.",
    "D0120": "Periodic exam. No new findings reported by patient. Reviewed radiographs.",
    "D2740": "Crown prep, final impression taken, temp cemented with TempBond. Shade A2.",
    "D7140": "Extraction uncomplicated. 2 carps lido w/ epi. Post-op instructions given, gauze.",
}


def fee_for(sim: Sim, patient: Patient, code: Code, prov_num: int, clinic_num: int) -> int:
    """ProcFee per unit in cents: a non-PPO primary plan's schedule, else the patient's, else the
    provider's (UCR). PPO plans' schedules hold allowed fees (the difference is the write-off)."""
    sched = 0
    coverages = insurance.plans_of(sim, patient)
    if coverages and coverages[0][1].plan_type not in ("p", "c") and coverages[0][1].fee_sched:
        sched = coverages[0][1].fee_sched
    if not sched and patient.fee_sched:
        sched = patient.fee_sched
    if not sched:
        provider = sim.practice.providers.get(prov_num)
        sched = provider.fee_sched if provider else sim.practice.ucr_sched()
    fee = sim.practice.fee(sched, code, clinic_num, prov_num)
    if not fee and sched != sim.practice.ucr_sched():
        fee = sim.practice.fee(sim.practice.ucr_sched(), code, clinic_num, prov_num)
    return fee


def chart(
    sim: Sim,
    patient: Patient,
    item: Item,
    prov_num: int,
    clinic_num: int,
    when: dt.datetime,
    day: dt.date | None = None,
    *,
    user: int | None = None,
    legacy: bool = False,
) -> Proc:
    """Insert a procedurelog row for ``item`` (ProcStatus ``item.status``) and track it."""
    day = day or when.date()
    code = sim.practice.code(item.code)
    existing_other = item.status == EXISTING_OTHER
    fee = (
        0 if existing_other or item.status == CONDITION else fee_for(sim, patient, code, prov_num, clinic_num)
    )
    base_units = code.spec.base_units
    row: dict[str, Any] = {
        "PatNum": patient.pat_num,
        "AptNum": 0,
        "OldCode": "",
        "ProcDate": day,
        "ProcFee": money(fee),
        "Surf": item.surf,
        "ToothNum": item.tooth,
        "ToothRange": "",
        "ProcStatus": item.status,
        "ProvNum": prov_num,
        "PlannedAptNum": 0,
        "PlaceService": 0,
        "Prosthesis": "I" if code.spec.prosth and item.status in (TP, COMPLETE) else "",
        "ClaimNote": "",
        "DateEntryC": when.date(),
        "ClinicNum": clinic_num,
        "MedicalCode": "",
        "DiagnosticCode": "",
        "CodeNum": code.code_num,
        "UnitQty": item.units,
        "BaseUnits": base_units,
        "DateTP": day if item.status in (TP, TP_INACTIVE) else BLANK,
        "ProcTime": dt.time(0, 0),
        "ProcTimeEnd": dt.time(0, 0),
        "SecUserNumEntry": user if user is not None else sim.user(),
        "DateComplete": BLANK,
        "CodeMod1": None if legacy else "",
        "CodeMod2": None if legacy else "",
        "CodeMod3": None if legacy else "",
        "CodeMod4": None if legacy else "",
        "RevCode": None if legacy else "",
        "CanadianTypeCodes": "",
        "BillingNote": "",
        "SnomedBodySite": "",
        "DiagnosticCode2": "",
        "DiagnosticCode3": "",
        "DiagnosticCode4": "",
    }
    if item.status in (TP, TP_INACTIVE):
        row["Priority"] = (
            sim.practice.def_num(
                TX_PRIORITIES,
                sim.weighted(["1 - Urgent", "2 - Soon", "3 - Elective", "Watch"], [15, 45, 35, 5]),
            )
            if sim.chance(0.6)
            else 0
        )
        if item.code.startswith(("D2", "D3", "D7")) and sim.chance(0.3):
            row["Dx"] = sim.practice.def_num(DIAGNOSIS, sim.pick(["Caries", "Fractured tooth", "Abscess"]))
        if item.code.startswith(("D6", "D3")) and sim.chance(0.3):
            row["Prognosis"] = sim.practice.def_num(PROGNOSIS, sim.pick(["Good", "Fair", "Guarded"]))
    stored = sim.store.insert("procedurelog", row, when, hold=dt.date.max if item.status == TP else None)
    proc = Proc(
        proc_num=int(stored["ProcNum"]),
        pat_num=patient.pat_num,
        code=item.code,
        fee=fee,
        units=item.units + base_units,
        prov_num=prov_num,
        clinic_num=clinic_num,
        status=item.status,
        tp_date=day,
    )
    if item.status == TP:
        sim.procs[proc.proc_num] = proc
        patient.tp.append(proc.proc_num)
        insurance.add_estimates(sim, proc, patient, when, day)
    elif item.status == COMPLETE and proc.amount:
        ledger.post(sim, patient.pat_num, balance=proc.amount)  # charted complete directly (D9986, ~GRP~)
    return proc


def complete(sim: Sim, proc: Proc, when: dt.datetime, apt_num: int, clinic_num: int, user: int) -> None:
    """Set a procedure complete today: production starts counting (ProcFee*(UnitQty+BaseUnits))."""
    sim.store.update(
        "procedurelog",
        proc.proc_num,
        when,
        ProcStatus=COMPLETE,
        ProcDate=sim.today,
        DateEntryC=sim.today,
        DateComplete=sim.today,
        AptNum=apt_num,
        ClinicNum=clinic_num,
        ProcTime=when.time().replace(second=0),
    )
    proc.status = COMPLETE
    proc.clinic_num = clinic_num
    proc.apt_num = apt_num
    patient = sim.patients[proc.pat_num]
    if proc.proc_num in patient.tp:
        patient.tp.remove(proc.proc_num)
    if proc.amount:
        ledger.post(sim, proc.pat_num, balance=proc.amount)
    for claimproc_num in proc.estimates:
        sim.store.update("claimproc", claimproc_num, when, ProcDate=sim.today, ClinicNum=clinic_num)
    purge_attach(sim, proc)
    audit.security(
        sim,
        audit.PROC_COMPL_CREATE,
        f"{proc.code} completed, fee {money(proc.amount):.2f}",
        when,
        pat_num=proc.pat_num,
        fkey=proc.proc_num,
        user=user,
    )
    if sim.chance(0.7):
        note = NOTE_TEXT.get(proc.code, f"{proc.code} completed as planned. Pt tolerated well.")
        sim.store.insert(
            "procnote",
            {
                "PatNum": proc.pat_num,
                "ProcNum": proc.proc_num,
                "EntryDateTime": when,
                "UserNum": user,
                "Note": note,
                "SigIsTopaz": 0,
                "Signature": "",
            },
            when,
        )
        if sim.chance(0.08):
            later = when + dt.timedelta(minutes=sim.rng.randrange(5, 240))
            sim.store.insert(
                "procnote",
                {
                    "PatNum": proc.pat_num,
                    "ProcNum": proc.proc_num,
                    "EntryDateTime": later,
                    "UserNum": user,
                    "Note": note + " Addendum: pt called, doing well.",
                    "SigIsTopaz": 0,
                    "Signature": None,
                },
                later,
            )


def delete(sim: Sim, proc: Proc, when: dt.datetime, adjustments: list[int] | None = None) -> None:
    """OpenDental's procedure delete: status D, unlinked from appointments, its estimate claimprocs
    and attached adjustments hard-deleted (the procedurelog row itself stays)."""
    was_complete = proc.status == COMPLETE
    row = sim.store.get("procedurelog", proc.proc_num)
    completed_today = row["DateComplete"] == sim.today
    sim.store.update(
        "procedurelog",
        proc.proc_num,
        when,
        ProcStatus=DELETED,
        AptNum=0,
        PlannedAptNum=0,
        DateComplete=BLANK if completed_today else row["DateComplete"],
    )
    if was_complete and proc.amount:
        ledger.post(sim, proc.pat_num, balance=-proc.amount)
    insurance.drop_estimates(sim, proc)
    for adj_num in adjustments or []:
        row = sim.store.delete("adjustment", adj_num)
        ledger.post(sim, proc.pat_num, balance=-round(row["AdjAmt"] * 100))
    purge_attach(sim, proc)
    patient = sim.patients[proc.pat_num]
    if proc.proc_num in patient.tp:
        patient.tp.remove(proc.proc_num)
    proc.status = DELETED
    sim.procs.pop(proc.proc_num, None)
    if proc.charge is not None:
        proc.charge.remaining = 0
    audit.security(
        sim, audit.PROC_DELETE, f"{proc.code} deleted", when, pat_num=proc.pat_num, fkey=proc.proc_num
    )
    sim.store.settle("procedurelog", proc.proc_num, sim.today)
    sim.count("procedures deleted")


def purge_attach(sim: Sim, proc: Proc) -> None:
    """OpenDental removes the treatment-plan attachment of a completed or deleted procedure."""
    attach = sim.attaches.pop(proc.proc_num, 0)
    if attach and sim.store.has("treatplanattach", attach):
        sim.store.delete("treatplanattach", attach)


# ---- treatment plans ----------------------------------------------------------------------------


def active_plan(sim: Sim, patient: Patient, when: dt.datetime) -> int:
    """The patient's active treatment plan (created on first use)."""
    if patient.active_tp and sim.store.has("treatplan", patient.active_tp):
        return patient.active_tp
    row = sim.store.insert(
        "treatplan", _plan_row(sim, patient, when, 1, "Active Treatment Plan"), when, hold=dt.date.max
    )
    patient.active_tp = int(row["TreatPlanNum"])
    return patient.active_tp


def _plan_row(sim: Sim, patient: Patient, when: dt.datetime, status: int, heading: str) -> dict[str, Any]:
    return {
        "PatNum": patient.pat_num,
        "DateTP": when.date(),
        "Heading": heading,
        "Note": "",
        "Signature": "",
        "SigIsTopaz": 0,
        "ResponsParty": 0,
        "DocNum": 0,
        "TPStatus": status,
        "SecUserNumEntry": sim.user(),
        "UserNumPresenter": 0,
        "TPType": 0,
        "SignaturePractice": "",
        "DateTSigned": BLANK_TIME,
        "DateTPracticeSigned": BLANK_TIME,
        "SignatureText": "",
        "SignaturePracticeText": "",
        "MobileAppDeviceNum": 0,
    }


def attach(sim: Sim, plan_num: int, proc: Proc, when: dt.datetime) -> None:
    """Link a treatment-planned procedure to a treatment plan (treatplanattach)."""
    priority = int(sim.store.get("procedurelog", proc.proc_num).get("Priority", 0))
    row = sim.store.insert(
        "treatplanattach",
        {"TreatPlanNum": plan_num, "ProcNum": proc.proc_num, "Priority": priority},
        when,
        hold=dt.date.max,
    )
    sim.attaches[proc.proc_num] = int(row["TreatPlanAttachNum"])


def present(sim: Sim, patient: Patient, procs: list[Proc], when: dt.datetime, presenter: int) -> None:
    """Save (present) the plan: a Saved treatplan with frozen proctp lines, sometimes signed."""
    signed = sim.chance(0.5)
    row = _plan_row(sim, patient, when, 0, f"Treatment plan presented {when:%m/%d/%Y}")
    row.update(
        UserNumPresenter=presenter,
        Signature=f"sig:{sim.rng.getrandbits(32):08x}" if signed else "",
        DateTSigned=when if signed else BLANK_TIME,
        SignatureText=patient.name if signed else "",
        Note="" if sim.chance(0.8) else "Patient wants to phase treatment over two benefit years.",
    )
    plan = sim.store.insert("treatplan", row, when)
    for order, proc in enumerate(procs):
        code = sim.practice.code(proc.code)
        estimates = [sim.store.get("claimproc", n) for n in proc.estimates]
        primary = round(estimates[0]["InsPayEst"] * 100) if estimates else 0
        secondary = round(estimates[1]["InsPayEst"] * 100) if len(estimates) > 1 else 0
        proc_row = sim.store.get("procedurelog", proc.proc_num)
        sim.store.insert(
            "proctp",
            {
                "TreatPlanNum": plan["TreatPlanNum"],
                "PatNum": patient.pat_num,
                "ProcNumOrig": proc.proc_num,
                "ItemOrder": order,
                "Priority": proc_row.get("Priority", 0),
                "ToothNumTP": proc_row["ToothNum"],
                "Surf": proc_row["Surf"],
                "ProcCode": proc.code,
                "Descript": code.spec.descript,
                "FeeAmt": money(proc.amount),
                "PriInsAmt": money(primary),
                "SecInsAmt": money(secondary),
                "PatAmt": money(max(proc.amount - primary - secondary, 0)),
                "Discount": 0.0,
                "Prognosis": "",
                "Dx": "",
                "ProcAbbr": code.spec.abbr,
                "SecUserNumEntry": presenter,
                "FeeAllowed": money(proc.amount),
                "TaxAmt": 0.0,
                "ProvNum": proc.prov_num,
                "DateTP": when.date(),
                "ClinicNum": proc.clinic_num,
                "CatPercUCR": 0.0,
            },
            when,
        )
    audit.security(
        sim,
        audit.TREAT_PLAN_EDIT,
        "Treatment plan saved",
        when,
        pat_num=patient.pat_num,
        fkey=int(plan["TreatPlanNum"]),
        user=presenter,
    )


def alternative(
    sim: Sim, patient: Patient, prov_num: int, clinic_num: int, tooth: str, when: dt.datetime
) -> None:
    """An alternative the patient did not choose: an inactive plan with TPi procedures."""
    plan = sim.store.insert(
        "treatplan", _plan_row(sim, patient, when, 2, "Option B: extraction and implant"), when
    )
    for code in ("D7210", "D6010", "D6057", "D6065"):
        proc = chart(sim, patient, Item(code, tooth, status=TP_INACTIVE), prov_num, clinic_num, when)
        row = sim.store.insert(
            "treatplanattach",
            {"TreatPlanNum": plan["TreatPlanNum"], "ProcNum": proc.proc_num, "Priority": 0},
            when,
        )
        del row
