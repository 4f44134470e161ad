"""Schedule rows (provider hours, employee hours, holidays, blockouts, notes) and scheduleop links.

Schedules are set up about twelve weeks ahead, a week at a time; some future days are later
changed, which OpenDental does by deleting the day's rows and inserting new ones.

A hygienist works fixed days (recalls are booked months ahead, before their week is planned). A
doctor's (dentist's or specialist's) chair time follows the demand for it, as a practice sets its
dentists' days: each week is planned with as many half-days as the doctor's recent bookings fill
at about :data:`TARGET_UTILIZATION`, each half-day in one of the doctor's operatories, so the
schedule holds as many chairs as the doctor books and utilization lands where a real practice's does
(65-90%, dental-kpis.md). The appointment book (synth.scheduling) books doctors only inside these
half-days.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .practice import BLOCKOUT_TYPES, Provider, stable_fraction
from .sim import HOLIDAY_NAMES, Sim, holidays

WEEKS_AHEAD = 12
# A provider's day: the chair-time grid of synth.scheduling books 08:00-17:00 minus its lunch hour
# (and minus the monthly staff meeting, a blockout here), so the schedule and the book agree. A
# doctor's week is planned in these half-days.
PROVIDER_HOURS = ((dt.time(8), dt.time(12)), (dt.time(13), dt.time(17)))
HALF_DAY_MINUTES = 240
# Doctors' half-days per week = booked minutes per week (the mean of the last FLOW_WEEKS weeks) /
# (TARGET_UTILIZATION x a half-day); until MIN_FLOW_WEEKS weeks are known, every working half-day.
TARGET_UTILIZATION = 0.8
FLOW_WEEKS = 8
MIN_FLOW_WEEKS = 4


def grid_slot(value: Any) -> int:
    """Index in the chair-time grid (5-minute slots from 08:00) of a TIME value (a time, or the
    timedelta MariaDB returns)."""
    if isinstance(value, dt.timedelta):
        minutes = int(value.total_seconds()) // 60
    else:
        minutes = value.hour * 60 + value.minute
    return (minutes - 8 * 60) // 5


def note_demand(sim: Sim, prov_num: int, minutes: int) -> None:
    """Count ``minutes`` of chair time asked of doctor ``prov_num`` this week (booked or not). The
    converted book of day one is the previous software's, not demand."""
    if sim.today != sim.start:
        sim.chair_requests[prov_num] = sim.chair_requests.get(prov_num, 0) + minutes


def roll_demand(sim: Sim) -> None:
    """Monday: the past week's asked minutes join each doctor's recent weeks."""
    if sim.today == sim.start:
        return
    for provider in sim.practice.providers.values():
        if provider.follows_demand and provider.ops:
            flow = sim.chair_flow.setdefault(provider.prov_num, [])
            flow.append(sim.chair_requests.pop(provider.prov_num, 0))
            del flow[:-FLOW_WEEKS]
    sim.chair_requests.clear()


def _doctor_half_days(sim: Sim, provider: Provider, monday: dt.date) -> list[tuple[dt.date, int, int]]:
    """The doctor's half-days of the week (day, index into PROVIDER_HOURS, operatory): full days
    first, from a weekday of their own so that the doctors cover different days, operatories taken
    in turn."""
    days = [
        monday + dt.timedelta(days=offset)
        for offset in range(5)
        if provider.works_on(monday + dt.timedelta(days=offset))
        and monday + dt.timedelta(days=offset) not in holidays(monday.year)
    ]
    if not days:
        return []
    shift = int(stable_fraction(provider.prov_num, 7) * len(days))
    days = days[shift:] + days[:shift]
    halves = [(index, day, half) for index, day in enumerate(days) for half in range(len(PROVIDER_HOURS))]
    flow = sim.chair_flow.get(provider.prov_num, [])
    if len(flow) < MIN_FLOW_WEEKS:
        wanted = len(halves)
    else:
        credit = sim.chair_credit.get(provider.prov_num, 0.0) + sum(flow) / len(flow) / (
            TARGET_UTILIZATION * HALF_DAY_MINUTES
        )
        wanted = min(int(credit), len(halves))
        sim.chair_credit[provider.prov_num] = min(credit - wanted, 1.0)
    week = monday.toordinal() // 7
    return [
        (day, half, provider.ops[(index + week) % len(provider.ops)])
        for index, day, half in sorted(halves[:wanted], key=lambda item: (item[1], item[2]))
    ]


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
    if prov and kind == 1 and sim.practice.providers[prov].follows_demand:
        for op in ops or []:
            sim.chair_hours.setdefault((op, day), []).append((grid_slot(start), grid_slot(stop)))
            sim.busy.pop((op, day), None)  # a grid made before the day was planned was all closed
    return int(row["ScheduleNum"])


def plan_week(sim: Sim, monday: dt.date, when: dt.datetime) -> None:
    """Create the schedule rows of the week starting ``monday``."""
    doctor_weeks = {
        provider.prov_num: _doctor_half_days(sim, provider, monday)
        for provider in sorted(sim.practice.providers.values(), key=lambda p: p.prov_num)
        if provider.follows_demand and provider.ops
    }
    for offset in range(5):
        day = monday + dt.timedelta(days=offset)
        if day in holidays(day.year):
            name = HOLIDAY_NAMES.get((day.month, day.day), "Practice closed")
            _schedule(sim, day, dt.time(0), dt.time(0), 0, when, status=2, note=name)
            continue
        for provider in sorted(sim.practice.providers.values(), key=lambda p: p.prov_num):
            if not provider.ops or not provider.works_on(day):
                continue
            if provider.follows_demand:
                for _, half, op in [block for block in doctor_weeks[provider.prov_num] if block[0] == day]:
                    start, stop = PROVIDER_HOURS[half]
                    _schedule(
                        sim,
                        day,
                        start,
                        stop,
                        1,
                        when,
                        prov=provider.prov_num,
                        clinic=provider.clinic_num,
                        ops=[op],
                    )
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
    inserts new ones. The hours and operatories stay those the appointment book is filled against,
    so every appointment stays inside its provider's schedule."""
    future = [key for key in sim.day_schedules if key[1] and sim.today < key[0]]
    if not future:
        return
    day, prov = future[sim.rng.randrange(len(future))]
    blocks: list[tuple[Any, Any, list[int]]] = []
    for schedule_num, schedule_ops in sim.day_schedules.pop((day, prov)):
        for op_row in [r for r in sim.store.rows("scheduleop") if r["ScheduleNum"] == schedule_num]:
            sim.store.delete("scheduleop", int(op_row["ScheduleOpNum"]))
        if sim.store.has("schedule", schedule_num):
            row = sim.store.get("schedule", schedule_num)
            blocks.append((row["StartTime"], row["StopTime"], schedule_ops))
            sim.store.delete("schedule", schedule_num)
    provider = sim.practice.providers[prov]
    saved = {key: sim.busy.get(key) for key in {(op, day) for _, _, ops in blocks for op in ops}}
    for op, _ in saved:
        sim.chair_hours.pop((op, day), None)
    for start, stop, ops in blocks:
        start_time, stop_time, clinic = _as_time(start), _as_time(stop), provider.clinic_num
        _schedule(sim, day, start_time, stop_time, 1, when, prov=prov, clinic=clinic, ops=ops, note="Edited")
    for key, grid in saved.items():  # the same hours: the day's bookings stay
        if grid is not None:
            sim.busy[key] = grid
    sim.count("schedule days changed")


def _as_time(value: Any) -> dt.time:
    """A TIME value as a time (MariaDB returns a timedelta)."""
    if isinstance(value, dt.timedelta):
        seconds = int(value.total_seconds())
        return dt.time(seconds // 3600, seconds % 3600 // 60)
    return value  # type: ignore[no-any-return]
