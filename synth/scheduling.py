"""Appointments: finding a free chair, booking, confirming, moving and deleting, with the
histappointment, securitylog and entrylog rows OpenDental writes for each step."""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import audit, schedules
from .catalog import people
from .practice import APPT_CONFIRMED, INS_VERIFY_STATUS, RECALL_UNSCHED, Provider
from .sim import Patient, Proc, Sim

SLOTS = schedules.SLOTS  # 08:00-17:00 in 5-minute slots
BLOCK_STARTS = tuple(start for start, _ in schedules.BLOCK_SLOTS)
BLANK_TIME = dt.datetime(1, 1, 1)
# histappointment.HistApptAction
CREATED, CHANGED, MISSED, CANCELLED, DELETED = 0, 1, 2, 3, 4
HIST_EXTRA = ("HistApptNum", "HistUserNum", "HistDateTStamp", "HistApptAction", "ApptSource")


def day_grid(sim: Sim, op: int, day: dt.date) -> bytearray:
    """The operatory's chair time of ``day``, one byte per 5-minute slot from 08:00: 0 free,
    ``schedules.BOOKED``, or ``schedules.CLOSED`` outside its provider's schedule (lunch, the staff
    meeting, half-days the provider is not scheduled there; synth.schedules)."""
    grid = sim.busy.get((op, day))
    if grid is None:
        grid = bytearray(SLOTS)
        schedules.sync_grid(sim, op, day, grid)
        sim.busy[(op, day)] = grid
    return grid


def _providers(sim: Sim, patient: Patient, who: str, day: dt.date) -> list[Provider]:
    kind = {"hyg": "hygienist", "doc": "dentist", "spec": "specialist"}[who]
    preferred = patient.sec_prov if who == "hyg" else patient.pri_prov
    candidates = [p for p in sim.practice.active(kind, day) if p.ops]
    candidates.sort(key=lambda p: (p.prov_num != preferred, p.clinic_num != patient.clinic_num, p.prov_num))
    return candidates


def find_slot(
    sim: Sim,
    patient: Patient,
    who: str,
    minutes: int,
    earliest: dt.date,
    latest: dt.date,
    *,
    reserve: bool = True,
) -> tuple[Provider, int, dt.datetime] | None:
    """The first free run of ``minutes`` on a provider's operatory between two dates (reserved
    unless ``reserve`` is False)."""
    units = max(1, minutes // 5)
    free = bytes(units)
    day = earliest
    while day <= latest:
        if sim.is_workday(day):
            for provider in _providers(sim, patient, who, day):
                if not provider.available(day):
                    continue
                for op in provider.ops:
                    grid = day_grid(sim, op, day)
                    # from the start of a random block of the day (whole blocks stay free for long visits)
                    start = grid.find(free, sim.pick(BLOCK_STARTS)) if sim.chance(0.7) else -1
                    if start < 0:
                        start = grid.find(free)
                    if start >= 0:
                        if reserve:
                            grid[start : start + units] = b"\x01" * units
                        return (
                            provider,
                            op,
                            dt.datetime.combine(day, dt.time(8)) + dt.timedelta(minutes=5 * start),
                        )
        day += dt.timedelta(days=1)
    return None


def release_slot(sim: Sim, row: dict[str, Any]) -> None:
    """Free the chair time of an appointment that moves or goes away."""
    when = row["AptDateTime"]
    grid = sim.busy.get((int(row["Op"]), when.date()))
    if grid is None:
        return
    start = (when.hour - 8) * 12 + when.minute // 5
    units = len(row["Pattern"] or "")
    for index in range(max(start, 0), min(start + units, SLOTS)):
        if grid[index] == schedules.BOOKED:
            grid[index] = 0


def pattern(sim: Sim, procs: list[Proc], who: str) -> str:
    """Appointment time pattern: X = provider time, / = assistant time; 5 minutes per character."""
    return pattern_for(sim, [p.code for p in procs], who)


def pattern_for(sim: Sim, codes: list[str], who: str) -> str:
    """The time pattern of a visit holding ``codes``."""
    units = sum(len(sim.practice.code(code).spec.time) for code in codes)
    if who == "hyg":
        units = min(max(units, 8), 14)
        return "//" + "X" * (units - 4) + "//"
    # a doctor's visit adds 15 minutes of assistant time before (seating, anaesthesia) and after
    # (clean-up, turnover) the procedures' own time
    units = min(max(units, 3), 20)
    return "///" + "X" * (units - 2) + "///"


def history(
    sim: Sim, row: dict[str, Any], action: int, when: dt.datetime, *, user: int | None = None, source: int = 0
) -> None:
    """Write a histappointment row: a copy of the appointment's current state."""
    copy = {key: value for key, value in row.items() if key not in ("DateTStamp",)}
    copy["Note"] = copy.get("Note") or ""
    copy["Pattern"] = copy.get("Pattern") or ""
    copy["ProcDescript"] = copy.get("ProcDescript") or ""
    copy.update(
        HistUserNum=0 if source else (user if user is not None else sim.user()),
        HistDateTStamp=when,
        HistApptAction=action,
        ApptSource=source,
    )
    sim.store.insert("histappointment", copy, when)


def book(
    sim: Sim,
    patient: Patient,
    procs: list[Proc],
    who: str,
    earliest: dt.date,
    when: dt.datetime,
    *,
    latest_days: int = 45,
    apt_type: str = "",
    new_patient: bool = False,
    source: int = 0,
    planned: int = 0,
    priority: int = 0,
    slot: tuple[Provider, int, dt.datetime] | None = None,
) -> dict[str, Any] | None:
    """Book an appointment for ``procs`` on the first free chair (or on ``slot``, found earlier
    without reserving it); None when the book is full."""
    minutes = 5 * len(pattern(sim, procs, who))
    if slot is not None:
        provider, op, start = slot
        grid = day_grid(sim, op, start.date())
        index = (start.hour - 8) * 12 + start.minute // 5
        grid[index : index + minutes // 5] = b"\x01" * (minutes // 5)
        found: tuple[Provider, int, dt.datetime] | None = slot
    else:
        found = find_slot(sim, patient, who, minutes, earliest, earliest + dt.timedelta(days=latest_days))
    asked = found[0] if found else next(iter(_providers(sim, patient, who, earliest)), None)
    if asked is not None:
        schedules.note_demand(sim, asked.prov_num, minutes)
    if found is None:
        sim.count("appointments not booked (schedule full)")
        return None
    provider, op, start = found
    hygiene = who == "hyg"
    dentist = patient.pri_prov if hygiene else provider.prov_num
    user = 0 if source else sim.user()
    note: str | None = ""
    if sim.chance(0.08):
        note = sim.pick(people()["note_phrases"])
    elif sim.chance(0.01):
        note = people()["long_note_paragraph"] * 3
    elif sim.chance(0.02):
        note = None
    row = sim.store.insert(
        "appointment",
        {
            "PatNum": patient.pat_num,
            "AptStatus": 1,
            "Pattern": pattern(sim, procs, who),
            "Confirmed": sim.practice.def_num(
                APPT_CONFIRMED, "Unconfirmed" if sim.chance(0.7) else "Not Called"
            ),
            "TimeLocked": 0,
            "Op": op,
            "Note": note,
            "ProvNum": dentist,
            "ProvHyg": provider.prov_num if hygiene else 0,
            "AptDateTime": start,
            "NextAptNum": planned,
            "UnschedStatus": 0,
            "IsNewPatient": int(new_patient),
            "ProcDescript": ", ".join(sim.practice.code(p.code).spec.abbr for p in procs)[:255],
            "Assistant": sim.pick(sim.practice.employees) if not hygiene and sim.chance(0.6) else 0,
            "ClinicNum": sim.practice.op_clinic.get(op, 0),
            "IsHygiene": int(hygiene),
            "DateTimeArrived": BLANK_TIME,
            "DateTimeSeated": BLANK_TIME,
            "DateTimeDismissed": BLANK_TIME,
            "InsPlan1": 0,
            "InsPlan2": 0,
            "DateTimeAskedToArrive": BLANK_TIME,
            "ProcsColored": "",
            "ColorOverride": 0,
            "AppointmentTypeNum": sim.practice.appointment_types.get(apt_type, 0),
            "SecUserNumEntry": user,
            "Priority": priority,
            "ProvBarText": "",
            "PatternSecondary": "",
            "SecurityHash": "",
            "ItemOrderPlanned": 0,
        },
        when,
        hold=start.date(),
    )
    apt_num = int(row["AptNum"])
    for proc in procs:
        sim.store.update("procedurelog", proc.proc_num, when, AptNum=apt_num)
        proc.apt_num = apt_num
    history(sim, row, CREATED, when, user=user, source=1 if source else 0)
    audit.security(
        sim,
        audit.APPOINTMENT_CREATE,
        f"New appointment for {start:%m/%d/%Y %H:%M}",
        when,
        pat_num=patient.pat_num,
        fkey=apt_num,
        user=user,
        source=source,
    )
    audit.entry(sim, apt_num, when, user, source)
    sim.agenda.setdefault(start.date(), []).append(apt_num)
    patient.next_apt = apt_num
    _plan_fate(sim, row)
    _verify_insurance(sim, patient, when)
    return row


def _verify_insurance(sim: Sim, patient: Patient, when: dt.datetime) -> None:
    """Before a visit the office re-verifies coverage older than 90 days (insverify + insverifyhist)."""
    for cov in patient.coverage:
        verify_num = sim.insverify.get(cov.patplan_num)
        if not verify_num or not sim.store.has("insverify", verify_num):
            continue
        verify = sim.store.get("insverify", verify_num)
        last = verify["DateLastVerified"]
        if isinstance(last, dt.date) and (sim.today - last).days < 90:
            continue
        user = sim.user()
        status = sim.practice.def_num(INS_VERIFY_STATUS, "Verified" if sim.chance(0.9) else "Needs Review")
        sim.store.update(
            "insverify", verify_num, when, DateLastVerified=sim.today, UserNum=user, DefNum=status
        )
        sim.store.insert(
            "insverifyhist",
            {
                "InsVerifyNum": verify_num,
                "DateLastVerified": sim.today,
                "UserNum": user,
                "VerifyType": verify["VerifyType"],
                "FKey": verify["FKey"],
                "DefNum": status,
                "Note": verify["Note"],
                "DateLastAssigned": verify["DateLastAssigned"],
                "DateTimeEntry": verify["DateTimeEntry"],
                "HoursAvailableForVerification": verify["HoursAvailableForVerification"],
                "VerifyUserNum": user,
            },
            when,
        )


def _plan_fate(sim: Sim, row: dict[str, Any]) -> None:
    """Decide now what happens before the day: confirmation, a move, or a delete."""
    day = row["AptDateTime"].date()
    lead = (day - sim.today).days
    if lead >= 3:
        sim.schedule(sim.next_workday(day - dt.timedelta(days=4)), "apt_confirm", int(row["AptNum"]))
    if lead >= 4:
        roll = sim.rng.random()
        when = sim.today + dt.timedelta(days=sim.rng.randrange(1, lead - 1))
        if roll < 0.07:
            sim.schedule(when, "apt_move", int(row["AptNum"]))
        elif roll < 0.08:
            sim.schedule(when, "apt_delete", int(row["AptNum"]))


def confirm(sim: Sim, apt_num: int) -> None:
    """Event: automated or phone confirmation two days ahead."""
    if not sim.store.has("appointment", apt_num):
        return
    row = sim.store.get("appointment", apt_num)
    if row["AptStatus"] != 1 or row["AptDateTime"].date() <= sim.today:
        return
    automated = sim.chance(0.6)
    status = (
        sim.weighted(["Texted", "Confirmed", "Left Msg"], [50, 40, 10])
        if automated
        else sim.weighted(["Confirmed", "Left Msg"], [75, 25])
    )
    when = sim.at(7, 5) if automated else sim.office_time(9, 16)
    sim.store.update("appointment", apt_num, when, Confirmed=sim.practice.def_num(APPT_CONFIRMED, status))
    history(sim, row, CHANGED, when, source=1 if automated else 0)
    if automated and sim.chance(0.5):
        audit.commlog(
            sim,
            int(row["PatNum"]),
            when,
            "Appointment Related",
            f"Appointment reminder sent for {row['AptDateTime']:%m/%d/%Y %I:%M %p}.",
            mode=5,
            source=3,
        )
    elif not automated:
        audit.commlog(
            sim,
            int(row["PatNum"]),
            when,
            "Appointment Related",
            "Called to confirm appointment." if status == "Confirmed" else "Left voicemail to confirm.",
            mode=3,
            duration_minutes=2,
        )


def move(sim: Sim, apt_num: int) -> None:
    """Event: the patient calls to move the appointment; same row, new time (histappointment Changed)."""
    if not sim.store.has("appointment", apt_num):
        return
    row = sim.store.get("appointment", apt_num)
    if row["AptStatus"] != 1 or row["AptDateTime"].date() <= sim.today:
        return
    patient = sim.patients[int(row["PatNum"])]
    who = (
        "hyg"
        if row["IsHygiene"]
        else ("spec" if sim.practice.providers[int(row["ProvNum"])].kind == "specialist" else "doc")
    )
    earliest = max(
        sim.today + dt.timedelta(days=1),
        row["AptDateTime"].date() + dt.timedelta(days=sim.rng.randrange(-5, 20)),
    )
    found = find_slot(
        sim, patient, who, 5 * len(row["Pattern"] or "/"), earliest, earliest + dt.timedelta(days=40)
    )
    if found is None:
        return
    release_slot(sim, row)
    provider, op, start = found
    when = sim.office_time(8, 17)
    changes: dict[str, Any] = {"AptDateTime": start, "Op": op, "ClinicNum": sim.practice.op_clinic.get(op, 0)}
    if row["IsHygiene"]:
        changes["ProvHyg"] = provider.prov_num
    else:
        changes["ProvNum"] = provider.prov_num
    previous = row["DateTStamp"]
    sim.store.update("appointment", apt_num, when, **changes)
    sim.store.hold("appointment", apt_num, start.date())
    history(sim, row, CHANGED, when)
    audit.security(
        sim,
        audit.APPOINTMENT_MOVE,
        f"Appointment moved to {start:%m/%d/%Y %H:%M}",
        when,
        pat_num=patient.pat_num,
        fkey=apt_num,
        previous=previous,
    )
    sim.agenda.setdefault(start.date(), []).append(apt_num)
    sim.count("appointments moved")


def delete(sim: Sim, apt_num: int, when: dt.datetime | None = None) -> None:
    """OpenDental's appointment delete: a histappointment 'Deleted' row, then a hard DELETE;
    the procedures go back to unscheduled treatment (AptNum = 0)."""
    if not sim.store.has("appointment", apt_num):
        return
    row = sim.store.get("appointment", apt_num)
    if row["AptStatus"] not in (1, 3, 5, 7):
        return
    when = when or sim.office_time(8, 17)
    patient = sim.patients[int(row["PatNum"])]
    history(sim, row, DELETED, when)
    audit.security(
        sim,
        audit.APPOINTMENT_DELETE,
        f"Appointment deleted ({row['ProcDescript']})",
        when,
        pat_num=patient.pat_num,
        fkey=apt_num,
        previous=row["DateTStamp"],
    )
    for proc_num in patient.tp:
        proc = sim.procs.get(proc_num)
        if proc is not None and proc.apt_num == apt_num:
            sim.store.update("procedurelog", proc.proc_num, when, AptNum=0)
            proc.apt_num = 0
    if row["AptStatus"] == 1:
        release_slot(sim, row)
    sim.store.delete("appointment", apt_num)
    if patient.next_apt == apt_num:
        patient.next_apt = 0
    if apt_num in sim.unscheduled:
        sim.unscheduled.remove(apt_num)
    sim.count("appointments deleted")


def to_unscheduled_list(sim: Sim, row: dict[str, Any], when: dt.datetime) -> None:
    """Send a broken appointment to the unscheduled list (AptStatus 3)."""
    status = sim.practice.def_num(RECALL_UNSCHED, sim.pick(["Will Call", "Call Back", "Left Message"]))
    sim.store.update("appointment", int(row["AptNum"]), when, AptStatus=3, UnschedStatus=status)
    sim.store.hold("appointment", int(row["AptNum"]), dt.date.max)
    history(sim, row, CHANGED, when)
    sim.unscheduled.append(int(row["AptNum"]))


def from_unscheduled_list(sim: Sim, apt_num: int) -> None:
    """Put an appointment from the unscheduled list back on the schedule (same row)."""
    if not sim.store.has("appointment", apt_num):
        return
    row = sim.store.get("appointment", apt_num)
    patient = sim.patients[int(row["PatNum"])]
    who = "hyg" if row["IsHygiene"] else "doc"
    earliest = sim.next_workday(sim.today, sim.rng.randrange(2, 15))
    found = find_slot(
        sim, patient, who, 5 * len(row["Pattern"] or "/"), earliest, earliest + dt.timedelta(days=40)
    )
    asked = found[0] if found else next(iter(_providers(sim, patient, who, earliest)), None)
    if asked is not None:
        schedules.note_demand(sim, asked.prov_num, 5 * len(row["Pattern"] or "/"))
    if found is None:
        return
    provider, op, start = found
    when = sim.office_time(8, 17)
    # The chair found belongs to ``provider``: the appointment goes to them, as in apt_move, so it lies
    # inside that provider's schedule.
    owner = {"ProvHyg": provider.prov_num} if row["IsHygiene"] else {"ProvNum": provider.prov_num}
    sim.store.update(
        "appointment",
        apt_num,
        when,
        AptStatus=1,
        AptDateTime=start,
        Op=op,
        UnschedStatus=0,
        ClinicNum=sim.practice.op_clinic.get(op, 0),
        Confirmed=sim.practice.def_num(APPT_CONFIRMED, "Unconfirmed"),
        **owner,
    )
    sim.store.settle("appointment", apt_num, start.date())
    history(sim, row, CHANGED, when)
    sim.agenda.setdefault(start.date(), []).append(apt_num)
    sim.unscheduled.remove(apt_num)
    patient.next_apt = apt_num
    sim.count("appointments rescheduled from the unscheduled list")


def patient_note(sim: Sim, patient: Patient, when: dt.datetime) -> None:
    """A patient 'post-it' on the schedule (AptStatus 7), marked done on its day (8)."""
    provider = sim.practice.providers.get(patient.pri_prov)
    if provider is None or not provider.ops:
        return
    day = sim.next_workday(sim.today, sim.rng.randrange(1, 10))
    start = dt.datetime.combine(day, dt.time(8)) + dt.timedelta(minutes=5 * sim.rng.randrange(0, 96))
    text = sim.pick(
        [
            "Call pt re: insurance breakdown",
            "Pt will bring new insurance card",
            "Remind pt about premed",
            "Pick up lab case before appt",
        ]
    )
    row = sim.store.insert(
        "appointment",
        {
            "PatNum": patient.pat_num,
            "AptStatus": 7,
            "Pattern": "//",
            "Confirmed": 0,
            "TimeLocked": 0,
            "Op": provider.ops[0],
            "Note": text,
            "ProvNum": provider.prov_num,
            "ProvHyg": 0,
            "AptDateTime": start,
            "ClinicNum": provider.clinic_num,
            "IsHygiene": 0,
            "DateTimeArrived": BLANK_TIME,
            "DateTimeSeated": BLANK_TIME,
            "DateTimeDismissed": BLANK_TIME,
            "ProcsColored": "",
            "ProvBarText": "",
            "PatternSecondary": "",
            "SecurityHash": "",
            "SecUserNumEntry": sim.user(),
            "ProcDescript": "",
        },
        when,
        hold=day,
    )
    history(sim, row, CREATED, when)
    sim.agenda.setdefault(day, []).append(int(row["AptNum"]))
