"""The chair-side day: appointments are kept, broken or missed; work is completed, billed and paid;
exams produce treatment plans; recalls and next visits are booked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import audit, billing, clinical, insurance, ledger, procedures, scheduling
from .catalog import people
from .clinical import Item
from .practice import APPT_CONFIRMED, add_interval, stable_fraction
from .sim import Charge, Patient, Proc, Sim, money

RECALL_CODES = {
    "Prophy": {"D1110", "D4346", "D4355"},
    "Child Prophy": {"D1120"},
    "Perio": {"D4910"},
    "4BW": {"D0274", "D0272", "D0210"},
    "Pano": {"D0330"},
    "FMX": {"D0210"},
}
CLEANING_TYPES = ("Prophy", "Child Prophy", "Perio")


def run_day(sim: Sim) -> None:
    """Process today's appointments in time order."""
    rows = []
    seen = set()
    for apt_num in sim.agenda.pop(sim.today, []):
        if apt_num in seen or not sim.store.has("appointment", apt_num):
            continue
        seen.add(apt_num)
        row = sim.store.get("appointment", apt_num)
        if row["AptDateTime"].date() != sim.today:
            continue
        if row["AptStatus"] == 7:
            if sim.chance(0.7):
                when = sim.at(16, 30)
                sim.store.update("appointment", apt_num, when, AptStatus=8)
                scheduling.history(sim, row, scheduling.CHANGED, when)
            sim.store.settle("appointment", apt_num, sim.today)
        elif row["AptStatus"] == 1:
            rows.append(row)
    rows.sort(key=lambda r: (r["AptDateTime"], r["AptNum"]))
    for row in rows:
        family = sim.family_of(int(row["PatNum"]))
        roll = sim.rng.random()
        no_show = 0.025 + 0.05 * (1 - family.reliability)
        if roll < no_show:
            broken(sim, row, missed=True)
        elif roll < no_show + 0.03:
            broken(sim, row, missed=False)
        else:
            complete_visit(sim, row)


def _visit_procs(sim: Sim, patient: Patient, apt_num: int) -> list[Proc]:
    return [sim.procs[n] for n in patient.tp if n in sim.procs and sim.procs[n].apt_num == apt_num]


# ---- completed visits ---------------------------------------------------------------------------


def complete_visit(sim: Sim, row: dict[str, Any]) -> None:
    """The patient came: procedures complete, claims, checkout, recall, diagnosis, next visits."""
    apt_num = int(row["AptNum"])
    patient = sim.patients[int(row["PatNum"])]
    start: dt.datetime = row["AptDateTime"]
    arrived = start - dt.timedelta(minutes=sim.rng.randrange(0, 16))
    seated = start + dt.timedelta(minutes=sim.rng.randrange(0, 11))
    dismissed = start + dt.timedelta(minutes=5 * len(row["Pattern"] or "/") + sim.rng.randrange(-5, 15))
    coverages = insurance.plans_of(sim, patient)
    sim.store.update(
        "appointment",
        apt_num,
        dismissed,
        AptStatus=2,
        DateTimeArrived=arrived,
        DateTimeSeated=seated,
        DateTimeDismissed=dismissed,
        Confirmed=sim.practice.def_num(APPT_CONFIRMED, "Arrived"),
        InsPlan1=coverages[0][0].plan_num if coverages else 0,
        InsPlan2=coverages[1][0].plan_num if len(coverages) > 1 else 0,
    )
    scheduling.history(sim, row, scheduling.CHANGED, dismissed)
    sim.store.settle("appointment", apt_num, sim.today)
    if patient.next_apt == apt_num:
        patient.next_apt = 0
    patient.last_visit = sim.today
    user = sim.practice.user_of_provider.get(int(row["ProvHyg"] or row["ProvNum"]), sim.user())
    procs = _visit_procs(sim, patient, apt_num)
    clinic = int(row["ClinicNum"])
    for proc in procs:
        procedures.complete(sim, proc, dismissed, apt_num, clinic, user)
    _first_visit(sim, patient, dismissed)
    if len(procs) > 1 and sim.chance(0.04):
        _group_note(sim, patient, procs, dismissed, apt_num, clinic, user)
    if len(procs) > 2 and sim.chance(0.007):
        mistake = procs.pop(sim.rng.randrange(1, len(procs)))
        procedures.delete(sim, mistake, dismissed + dt.timedelta(minutes=20))
    charges: dict[int, Charge] = {}
    for proc in procs:
        if proc.amount > 0:
            portion = insurance.patient_portion(sim, proc) if proc.estimates else proc.amount
            proc.charge = charges[proc.proc_num] = ledger.open_charge(
                sim, patient.pat_num, proc.prov_num, clinic, sim.today, portion, proc_num=proc.proc_num
            )
    _discounts(sim, patient, procs, dismissed)
    insurance.bill_visit(
        sim,
        patient,
        procs,
        charges,
        sim.at(17, 30) if dismissed.hour < 17 else dismissed + dt.timedelta(minutes=20),
    )
    for proc in procs:
        for claimproc_num in proc.estimates:
            if (
                sim.store.has("claimproc", claimproc_num)
                and sim.store.get("claimproc", claimproc_num)["Status"] == insurance.ESTIMATE
            ):
                sim.store.settle("claimproc", claimproc_num, sim.today)
        sim.procs.pop(proc.proc_num, None)
        sim.store.settle("procedurelog", proc.proc_num, sim.today)
    checkout_time = dismissed + dt.timedelta(minutes=sim.rng.randrange(2, 10))
    billing.checkout(sim, patient.pat_num, list(charges.values()), checkout_time)
    family = sim.family_of(patient.pat_num)
    open_portion = sum(c.remaining for c in charges.values())
    if open_portion >= 150_000 and not family.payplan and family.reliability < 0.6 and sim.chance(0.25):
        billing.payment_plan(sim, family, patient.pat_num, list(charges.values()), checkout_time)
    if charges and sim.chance(0.02):
        billing.invoice(sim, patient.pat_num, list(charges), checkout_time)
    codes = {proc.code for proc in procs}
    _update_recalls(sim, patient, codes, checkout_time)
    if codes & {"D0120", "D0150", "D0180", "D0145", "D0140"}:
        diagnose(sim, patient, checkout_time)
    # most hygiene patients leave with their next recall booked (the front desk pre-appoints)
    if codes & (RECALL_CODES["Prophy"] | RECALL_CODES["Child Prophy"] | RECALL_CODES["Perio"]) and sim.chance(
        0.72
    ):
        book_recall(sim, patient, checkout_time, pre_appoint=True)
    _book_next_group(sim, patient, checkout_time)
    if sim.chance(0.01):
        scheduling.patient_note(sim, patient, checkout_time)
    sim.count("visits completed")


def _group_note(
    sim: Sim, patient: Patient, procs: list[Proc], when: dt.datetime, apt_num: int, clinic: int, user: int
) -> None:
    """A group note: a ~GRP~ procedure whose note covers several procedures (procgroupitem rows)."""
    group = procedures.chart(sim, patient, Item("~GRP~", status=2), procs[0].prov_num, clinic, when)
    sim.store.update("procedurelog", group.proc_num, when, AptNum=apt_num, DateComplete=sim.today)
    for proc in procs:
        sim.store.insert("procgroupitem", {"ProcNum": proc.proc_num, "GroupNum": group.proc_num}, when)
    sim.store.insert(
        "procnote",
        {
            "PatNum": patient.pat_num,
            "ProcNum": group.proc_num,
            "EntryDateTime": when,
            "UserNum": user,
            "Note": "Group note: " + ", ".join(p.code for p in procs),
            "SigIsTopaz": 0,
            "Signature": "",
        },
        when,
    )


def _first_visit(sim: Sim, patient: Patient, when: dt.datetime) -> None:
    row = sim.store.get("patient", patient.pat_num)
    changes: dict[str, Any] = {}
    if row["DateFirstVisit"] == dt.date(1, 1, 1):
        changes["DateFirstVisit"] = sim.today
    if patient.status == 6:
        changes["PatStatus"] = 0
        patient.status = 0
    if changes:
        sim.store.update("patient", patient.pat_num, when, **changes)


def _discounts(sim: Sim, patient: Patient, procs: list[Proc], when: dt.datetime) -> None:
    """Discount-plan, senior and courtesy adjustments attached to the procedures."""
    senior = patient.age(sim.today) >= 65 and stable_fraction(patient.pat_num, 5) < 0.3
    staff = patient.fee_sched and patient.fee_sched == sim.practice.fee_scheds.get("Staff and Family")
    for proc in procs:
        if proc.amount <= 0 or proc.charge is None:
            continue
        discount, kind = 0, ""
        if patient.discount:
            code = sim.practice.code(proc.code)
            member_fee = sim.practice.fee(sim.practice.fee_scheds["Smile Club Membership"], code) * proc.units
            discount, kind = max(proc.amount - member_fee, 0), "Discount Plan"
            if discount:
                sim.store.update("procedurelog", proc.proc_num, when, DiscountPlanAmt=money(discount))
        elif senior and proc.amount >= 10_000 and sim.chance(0.5):
            discount, kind = round(proc.amount * 0.10), "Senior Discount"
        elif staff and sim.chance(0.3):
            discount, kind = proc.charge.remaining, "Professional Courtesy"
        discount = min(discount, proc.charge.remaining)
        if discount > 0:
            billing.adjust(
                sim,
                patient.pat_num,
                kind,
                -discount,
                when,
                proc.prov_num,
                proc.clinic_num,
                proc_num=proc.proc_num,
                proc_date=sim.today,
                note="" if sim.chance(0.7) else None,
            )
            proc.charge.remaining -= discount


def _update_recalls(sim: Sim, patient: Patient, codes: set[str], when: dt.datetime) -> None:
    for name, (type_num, interval) in sim.practice.recall_types.items():
        recall_num = patient.recalls.get(type_num)
        if not recall_num or not codes & RECALL_CODES.get(name, set()):
            continue
        due = add_interval(sim.today, interval)
        sim.store.update(
            "recall",
            recall_num,
            when,
            DatePrevious=sim.today,
            DateDueCalc=due,
            DateDue=due,
            DateScheduled=dt.date(1, 1, 1),
            RecallStatus=0,
        )
        if name in CLEANING_TYPES:
            sim.schedule(due - dt.timedelta(days=28), "recall_due", patient.pat_num)


# ---- broken appointments ------------------------------------------------------------------------


def broken(sim: Sim, row: dict[str, Any], *, missed: bool) -> None:
    """A no-show (missed) or a late cancellation: AptStatus 5, D9986/D9987 charted, maybe a fee."""
    apt_num = int(row["AptNum"])
    patient = sim.patients[int(row["PatNum"])]
    start: dt.datetime = row["AptDateTime"]
    when = start + dt.timedelta(minutes=15) if missed else max(sim.at(7, 45), start - dt.timedelta(hours=2))
    sim.store.update("appointment", apt_num, when, AptStatus=5)
    scheduling.history(sim, row, scheduling.MISSED if missed else scheduling.CANCELLED, when)
    audit.security(
        sim,
        audit.APPOINTMENT_EDIT,
        "Appointment broken" + (" (no-show)" if missed else ""),
        when,
        pat_num=patient.pat_num,
        fkey=apt_num,
    )
    scheduling.release_slot(sim, row)
    if patient.next_apt == apt_num:
        patient.next_apt = 0
    if sim.chance(0.7):
        provider = int(row["ProvHyg"] or row["ProvNum"])
        proc = procedures.chart(
            sim,
            patient,
            Item("D9986" if missed else "D9987", status=2),
            provider,
            int(row["ClinicNum"]),
            when,
        )
        sim.store.update("procedurelog", proc.proc_num, when, AptNum=apt_num, DateComplete=sim.today)
    if missed and sim.chance(0.4):
        billing.charge_adjustment(
            sim, patient.pat_num, "Broken Appointment Fee", 5000, when, "Missed appointment"
        )
    audit.commlog(
        sim,
        patient.pat_num,
        when,
        "Appointment Related",
        "Patient did not show for appointment." if missed else "Patient cancelled same day.",
        mode=3,
    )
    procs = _visit_procs(sim, patient, apt_num)
    roll = sim.rng.random()
    if roll < 0.35 and procs:
        who = "hyg" if row["IsHygiene"] else _who(sim, procs)
        scheduling.book(
            sim,
            patient,
            procs,
            who,
            sim.next_workday(sim.today, sim.rng.randrange(2, 12)),
            when + dt.timedelta(minutes=5),
        )
        sim.store.settle("appointment", apt_num, sim.today)
    elif roll < 0.6:
        scheduling.to_unscheduled_list(sim, row, when + dt.timedelta(minutes=5))
        if sim.chance(0.5):
            sim.schedule(sim.next_workday(sim.today, sim.rng.randrange(5, 60)), "unsched_call", apt_num)
    else:
        for proc in procs:
            sim.store.update("procedurelog", proc.proc_num, when, AptNum=0)
            proc.apt_num = 0
        sim.store.settle("appointment", apt_num, sim.today)
    sim.count("appointments broken")


def _who(sim: Sim, procs: list[Proc]) -> str:
    kinds = [sim.practice.providers[p.prov_num].kind for p in procs if p.prov_num in sim.practice.providers]
    if "specialist" in kinds:
        return "spec"
    if kinds and all(kind == "hygienist" for kind in kinds):
        return "hyg"
    return "doc"


# ---- planning and booking -----------------------------------------------------------------------


def _provider_for(sim: Sim, patient: Patient, who: str) -> int:
    if who == "hyg":
        if patient.sec_prov:
            return patient.sec_prov
        hygienists = sim.practice.active("hygienist", sim.today)
        return hygienists[0].prov_num if hygienists else patient.pri_prov
    if who == "spec":
        specialists = [p for p in sim.practice.active("specialist", sim.today) if p.ops]
        if specialists:
            return sim.pick(specialists).prov_num
    return patient.pri_prov


def chart_items(sim: Sim, patient: Patient, items: list[Item], when: dt.datetime) -> list[Proc]:
    """Chart items as procedures by the right provider, in the patient's clinic."""
    return [
        procedures.chart(sim, patient, item, _provider_for(sim, patient, item.who), patient.clinic_num, when)
        for item in items
    ]


def book_recall(
    sim: Sim,
    patient: Patient,
    when: dt.datetime,
    *,
    pre_appoint: bool = False,
    new_patient: bool = False,
    source: int = 0,
) -> bool:
    """Chart the recall visit's procedures and book it with the hygienist.

    At checkout (``pre_appoint``) the next recall is booked even when the patient already has a
    treatment visit booked; that sooner visit stays the patient's next appointment.
    """
    sooner = patient.next_apt
    if (sooner and not pre_appoint) or patient.status not in (0, 6):
        return False
    due = _recall_due(sim, patient)
    bitewings = new_patient and sim.chance(0.4) or _type_due(sim, patient, "4BW", 30)
    fmx = new_patient and sim.chance(0.55) or _type_due(sim, patient, "FMX", 30)
    pano = new_patient and sim.chance(0.3) or _type_due(sim, patient, "Pano", 30)
    items = clinical.recall_visit(
        sim, patient, sim.today, new_patient=new_patient, bitewings=bitewings, fmx=fmx, pano=pano
    )
    earliest = (
        max(sim.next_workday(sim.today), due - dt.timedelta(days=7))
        if pre_appoint
        else sim.next_workday(sim.today, sim.rng.randrange(2, 15))
    )
    minutes = 5 * len(scheduling.pattern_for(sim, [item.code for item in items], "hyg"))
    slot = scheduling.find_slot(
        sim, patient, "hyg", minutes, earliest, earliest + dt.timedelta(days=40), reserve=False
    )
    if slot is None:
        sim.count("appointments not booked (schedule full)")
        return False
    procs = chart_items(sim, patient, items, when)
    row = scheduling.book(
        sim,
        patient,
        procs,
        "hyg",
        earliest,
        when,
        slot=slot,
        apt_type="New Patient" if new_patient else "Recall",
        new_patient=new_patient,
        source=source,
    )
    if row is None:
        return False
    if sooner:
        patient.next_apt = sooner
    for recall_num in patient.recalls.values():
        if sim.store.has("recall", recall_num):
            sim.store.update("recall", recall_num, when, DateScheduled=row["AptDateTime"].date())
    return True


def _recall_due(sim: Sim, patient: Patient) -> dt.date:
    for name in CLEANING_TYPES:
        type_num = sim.practice.recall_types[name][0]
        if type_num in patient.recalls and sim.store.has("recall", patient.recalls[type_num]):
            due = sim.store.get("recall", patient.recalls[type_num])["DateDue"]
            if isinstance(due, dt.date) and due.year > 1880:
                return due
    return sim.today


def _type_due(sim: Sim, patient: Patient, name: str, within: int) -> bool:
    type_num = sim.practice.recall_types[name][0]
    recall_num = patient.recalls.get(type_num)
    if not recall_num or not sim.store.has("recall", recall_num):
        return False
    due = sim.store.get("recall", recall_num)["DateDue"]
    return isinstance(due, dt.date) and due <= sim.today + dt.timedelta(days=within)


def diagnose(sim: Sim, patient: Patient, when: dt.datetime) -> None:
    """After an exam: chart findings, plan and present treatment, and book it if accepted."""
    items = clinical.findings(sim, patient, sim.today)
    if not items:
        return
    for item in [i for i in items if i.status in (5, 7)]:
        proc = procedures.chart(sim, patient, item, patient.pri_prov, patient.clinic_num, when)
        if item.status == 5:
            _refer_out(sim, patient, proc, when)
    planned = [i for i in items if i.status == 1]
    if not planned:
        return
    procs = chart_items(sim, patient, planned, when)
    plan_num = procedures.active_plan(sim, patient, when)
    for proc in procs:
        procedures.attach(sim, plan_num, proc, when)
    presenter = sim.practice.user_of_provider.get(patient.pri_prov, sim.user())
    if sim.chance(0.6):
        procedures.present(sim, patient, procs, when, presenter)
    crowns = [p for p in procs if p.code in ("D2740", "D2750", "D2790", "D2752")]
    if crowns and sim.chance(0.2):
        tooth = str(sim.store.get("procedurelog", crowns[0].proc_num)["ToothNum"])
        procedures.alternative(sim, patient, patient.pri_prov, patient.clinic_num, tooth, when)
    total = sum(p.amount for p in procs)
    if total >= 80_000 and patient.coverage and sim.chance(0.35):
        insurance.preauth(sim, patient, [p for p in procs if p.amount >= 30_000] or procs, when)
    groups: dict[int, list[Proc]] = {}
    for item, proc in zip(planned, procs, strict=True):
        groups.setdefault(item.visit, []).append(proc)
    ordered = [groups[k] for k in sorted(groups)]
    accept = sim.chance(0.55 + (0.12 if patient.coverage else 0))
    if not accept:
        if sim.chance(0.5):
            sim.schedule(
                sim.today + dt.timedelta(days=sim.rng.randrange(20, 200)), "tp_followup", patient.pat_num
            )
        return
    portion = sum(insurance.patient_portion(sim, p) for p in procs)
    family = sim.family_of(patient.pat_num)
    if portion >= 100_000 and sim.chance(0.15):
        billing.prepay(
            sim, family, round(portion * 0.5), when + dt.timedelta(minutes=3), hidden=sim.chance(0.35)
        )
    queue = []
    for index, group in enumerate(ordered[1:], start=2):
        planned_apt = _planned_appointment(sim, patient, group, index, when) if sim.chance(0.3) else 0
        queue.append((group, planned_apt))
    sim.plan_queue[patient.pat_num] = queue
    who = _who(sim, ordered[0])
    scheduling.book(
        sim,
        patient,
        ordered[0],
        who,
        sim.next_workday(sim.today, sim.rng.randrange(3, 20)),
        when + dt.timedelta(minutes=4),
        apt_type=_apt_type(ordered[0]),
    )


def _apt_type(procs: list[Proc]) -> str:
    codes = {p.code for p in procs}
    if codes & {"D2740", "D2750", "D2790", "D2752"}:
        return "Crown Prep"
    if any(code.startswith("D7") or code.startswith("D6010") for code in codes):
        return "Surgery"
    return "Restorative"


def _planned_appointment(sim: Sim, patient: Patient, procs: list[Proc], order: int, when: dt.datetime) -> int:
    """A planned appointment (AptStatus 6): a template in the Chart module, not on the calendar."""
    who = _who(sim, procs)
    row = sim.store.insert(
        "appointment",
        {
            "PatNum": patient.pat_num,
            "AptStatus": 6,
            "Pattern": scheduling.pattern(sim, procs, who),
            "Confirmed": 0,
            "TimeLocked": 0,
            "Op": 0,
            "Note": "",
            "ProvNum": procs[0].prov_num,
            "ProvHyg": 0,
            "AptDateTime": dt.datetime(1, 1, 1),
            "ClinicNum": patient.clinic_num,
            "IsHygiene": 0,
            "ProcDescript": ", ".join(sim.practice.code(p.code).spec.abbr for p in procs)[:255],
            "DateTimeArrived": dt.datetime(1, 1, 1),
            "DateTimeSeated": dt.datetime(1, 1, 1),
            "DateTimeDismissed": dt.datetime(1, 1, 1),
            "ProcsColored": "",
            "ProvBarText": "",
            "PatternSecondary": "",
            "SecurityHash": "",
            "ItemOrderPlanned": order,
            "SecUserNumEntry": sim.user(),
        },
        when,
    )
    for proc in procs:
        sim.store.update("procedurelog", proc.proc_num, when, PlannedAptNum=row["AptNum"])
        proc.planned_apt = int(row["AptNum"])
    return int(row["AptNum"])


def _book_next_group(sim: Sim, patient: Patient, when: dt.datetime) -> None:
    queue = sim.plan_queue.get(patient.pat_num)
    if not queue or patient.next_apt:
        return
    group, planned_apt = queue.pop(0)
    if not queue:
        sim.plan_queue.pop(patient.pat_num, None)
    group = [p for p in group if p.proc_num in sim.procs and p.status == 1 and not p.apt_num]
    if group:
        scheduling.book(
            sim,
            patient,
            group,
            _who(sim, group),
            sim.next_workday(sim.today, sim.rng.randrange(8, 25)),
            when + dt.timedelta(minutes=6),
            planned=planned_apt,
            apt_type=_apt_type(group),
        )


def _refer_out(sim: Sim, patient: Patient, proc: Proc, when: dt.datetime) -> None:
    referral = sim.practice.referral_doctors.get("Orthodontics")
    if not referral:
        return
    sim.store.insert(
        "refattach",
        {
            "ReferralNum": referral,
            "PatNum": patient.pat_num,
            "ItemOrder": 1,
            "RefDate": sim.today,
            "RefType": 0,
            "RefToStatus": sim.pick([0, 2, 3, 4]),
            "Note": "Referred for ortho evaluation",
            "IsTransitionOfCare": 0,
            "ProcNum": proc.proc_num,
            "DateProcComplete": dt.date(1, 1, 1),
            "ProvNum": patient.pri_prov,
        },
        when,
    )


def tp_followup(sim: Sim, pat_num: int) -> None:
    """Event: months later the office calls about unscheduled treatment; some book, some give up."""
    patient = sim.patients.get(pat_num)
    if patient is None or patient.status != 0 or patient.next_apt:
        return
    waiting = [sim.procs[n] for n in patient.tp if n in sim.procs and not sim.procs[n].apt_num]
    if not waiting:
        return
    when = sim.office_time(9, 16)
    note = "Called about unscheduled treatment."
    if sim.chance(0.03):
        note += " Patient e-mailed the following:\n\n" + people()["long_note_paragraph"] * 12
    audit.commlog(sim, pat_num, when, "Treatment Follow-up", note, mode=3, duration_minutes=3)
    if sim.chance(0.12):
        procedures.delete(sim, waiting[0], when + dt.timedelta(minutes=2))
        return
    if sim.chance(0.45):
        group = waiting[:3]
        scheduling.book(
            sim,
            patient,
            group,
            _who(sim, group),
            sim.next_workday(sim.today, sim.rng.randrange(3, 20)),
            when + dt.timedelta(minutes=2),
            apt_type=_apt_type(group),
        )


def emergency(sim: Sim, patient: Patient, when: dt.datetime) -> None:
    """A patient calls in pain: limited exam the same or next days (ASAP priority)."""
    if patient.next_apt:
        return
    items = clinical.emergency(sim, patient, sim.today)
    earliest = sim.today if when.hour < 11 and sim.is_workday(sim.today) else sim.next_workday(sim.today)
    minutes = 5 * len(scheduling.pattern_for(sim, [item.code for item in items], "doc"))
    slot = scheduling.find_slot(
        sim, patient, "doc", minutes, earliest, earliest + dt.timedelta(days=4), reserve=False
    )
    if slot is None:
        return
    if slot[2] <= when:
        return
    procs = chart_items(sim, patient, items, when)
    scheduling.book(sim, patient, procs, "doc", earliest, when, apt_type="Emergency", priority=1, slot=slot)


def make_existing(sim: Sim) -> Any:
    """A callback charting work done elsewhere (EO) for insurance history."""

    def chart_existing(patient: Patient, code: str, done: dt.date, when: dt.datetime) -> Proc:
        return procedures.chart(
            sim, patient, Item(code, status=4), patient.pri_prov, patient.clinic_num, when, done
        )

    return chart_existing


def archive_stale_plans(sim: Sim) -> None:
    """Treatment planned more than two years ago and never scheduled stays TP in the database but
    the simulation stops following it (its rows are written now, keeping memory bounded)."""
    horizon = sim.today - dt.timedelta(days=730)
    for patient in sim.patients.values():
        for proc_num in list(patient.tp):
            proc = sim.procs.get(proc_num)
            if proc is None or proc.apt_num or not proc.tp_date or proc.tp_date >= horizon:
                continue
            patient.tp.remove(proc_num)
            del sim.procs[proc_num]
            sim.store.settle("procedurelog", proc_num, sim.today)
            for claimproc_num in proc.estimates:
                sim.store.settle("claimproc", claimproc_num, sim.today)
            attach = sim.attaches.pop(proc_num, 0)
            if attach:
                sim.store.settle("treatplanattach", attach, sim.today)
