"""Schedule rows (provider hours, employee hours, holidays, blockouts, notes) and scheduleop links.

Schedules are set up about twelve weeks ahead, a week at a time; some future days are later
changed, which OpenDental does by deleting the day's rows and inserting new ones.
"""

from __future__ import annotations

import datetime as dt

from .practice import BLOCKOUT_TYPES
from .sim import HOLIDAY_NAMES, Sim, holidays

WEEKS_AHEAD = 12
# A provider's day: the chair-time grid of synth.scheduling books 08:00-17:00 minus its lunch hour
# (and minus the monthly staff meeting, a blockout here), so the schedule and the book agree.
PROVIDER_HOURS = ((dt.time(8), dt.time(12)), (dt.time(13), dt.time(17)))


def _schedule(
    sim: Sim,
    day: dt.date,
    start: dt.time,
    stop: dt.time,
    kind: int,
    when: dt.datetime,
    *,
    prov: int = 0,
    employee: int = 0,
    blockout: int = 0,
    status: int = 0,
    note: str = "",
    clinic: int = 0,
    ops: list[int] | None = None,
) -> int:
    row = sim.store.insert(
        "schedule",
        {
            "SchedDate": day,
            "StartTime": start,
            "StopTime": stop,
            "SchedType": kind,
            "ProvNum": prov,
            "BlockoutType": blockout,
            "Note": note,
            "Status": status,
            "EmployeeNum": employee,
            "ClinicNum": clinic,
        },
        when,
        hold=day,
    )
    for op in ops or []:
        sim.store.insert(
            "scheduleop", {"ScheduleNum": row["ScheduleNum"], "OperatoryNum": op}, when, hold=day
        )
    sim.day_schedules.setdefault((day, prov), []).append((int(row["ScheduleNum"]), list(ops or [])))
    return int(row["ScheduleNum"])


def plan_week(sim: Sim, monday: dt.date, when: dt.datetime) -> None:
    """Create the schedule rows of the week starting ``monday``."""
    for offset in range(5):
        day = monday + dt.timedelta(days=offset)
        if day in holidays(day.year):
            name = HOLIDAY_NAMES.get((day.month, day.day), "Practice closed")
            _schedule(sim, day, dt.time(0), dt.time(0), 0, when, status=2, note=name)
            continue
        for provider in sorted(sim.practice.providers.values(), key=lambda p: p.prov_num):
            if not provider.ops or not provider.works_on(day):
                continue
            for start, stop in PROVIDER_HOURS:
                _schedule(
                    sim,
                    day,
                    start,
                    stop,
                    1,
                    when,
                    prov=provider.prov_num,
                    clinic=provider.clinic_num,
                    ops=provider.ops,
                )
        for employee in sim.practice.employees:
            if (day.toordinal() + employee) % 9 != 0:
                _schedule(sim, day, dt.time(7, 45), dt.time(17), 3, when, employee=employee)
        if day.weekday() == 0 and day.day <= 7:
            for clinic in sim.practice.clinics:
                ops = sorted(op for op, op_clinic in sim.practice.op_clinic.items() if op_clinic == clinic)
                _schedule(
                    sim,
                    day,
                    dt.time(8),
                    dt.time(9),
                    2,
                    when,
                    clinic=clinic,
                    ops=ops,
                    blockout=sim.practice.def_num(BLOCKOUT_TYPES, "Staff Meeting"),
                    note="Monthly staff meeting",
                )
        if sim.chance(0.03):
            _schedule(
                sim,
                day,
                dt.time(0),
                dt.time(0),
                0,
                when,
                note=sim.pick(
                    [
                        "Dr. out for CE course in the afternoon",
                        "Carpet cleaning after 5pm",
                        "Lab pickup at 2pm",
                    ]
                ),
                clinic=sim.pick(sim.practice.clinics + [0]),
            )


def change_a_day(sim: Sim, when: dt.datetime) -> None:
    """A provider's future day is edited (a note added): OpenDental deletes the day's rows and
    inserts new ones. The hours stay those the appointment book is filled against
    (``PROVIDER_HOURS``), so every appointment stays inside its provider's schedule."""
    future = [key for key in sim.day_schedules if key[1] and sim.today < key[0]]
    if not future:
        return
    day, prov = future[sim.rng.randrange(len(future))]
    ops: list[int] = []
    for schedule_num, schedule_ops in sim.day_schedules.pop((day, prov)):
        ops = schedule_ops
        for op_row in [r for r in sim.store.rows("scheduleop") if r["ScheduleNum"] == schedule_num]:
            sim.store.delete("scheduleop", int(op_row["ScheduleOpNum"]))
        if sim.store.has("schedule", schedule_num):
            sim.store.delete("schedule", schedule_num)
    provider = sim.practice.providers[prov]
    for start, stop in PROVIDER_HOURS:
        _schedule(
            sim, day, start, stop, 1, when, prov=prov, clinic=provider.clinic_num, ops=ops, note="Edited"
        )
    sim.count("schedule days changed")
