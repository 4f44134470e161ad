"""Schedule rows (provider hours, employee hours, holidays, blockouts, notes) and scheduleop links.

Schedules are set up about twelve weeks ahead, a week at a time; some future days are later
changed, which OpenDental does by deleting the day's rows and inserting new ones.

Every provider's chair time follows the demand for it, as a practice sets its dentists' and
hygienists' hours: each week is planned with as many two-hour blocks as the provider's recent bookings
fill at about :data:`TARGET_UTILIZATION` (whole days first), each day in one of the provider's operatories, so
the schedule holds as many chairs as the provider books and utilization lands where a real
practice's does (65-90%, dental-kpis.md). The appointment book (synth.scheduling) books only
inside these blocks; days beyond the twelve-week horizon (recalls booked months ahead) are
booked against the provider's standing plan, and a planned week keeps every block that already
holds a booking, so every appointment lies inside its provider's schedule. A week before its day,
every block still without a booking is released (:func:`release_empty_blocks`), so near-term chair
time follows the bookings made rather than a plan set twelve weeks earlier.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .practice import BLOCKOUT_TYPES, Provider, stable_fraction
from .sim import HOLIDAY_NAMES, Sim, holidays

WEEKS_AHEAD = 12
# A provider's day: the chair-time grid of synth.scheduling books 08:00-17:00 minus its lunch hour
# (and minus the monthly staff meeting, a blockout here), so the schedule and the book agree. A
# provider's week is planned in two-hour blocks of these hours; adjacent blocks make one schedule row.
PROVIDER_HOURS = ((dt.time(8), dt.time(12)), (dt.time(13), dt.time(17)))
BLOCKS = tuple(
    (dt.time(hour), dt.time(hour + 2))
    for start, stop in PROVIDER_HOURS
    for hour in range(start.hour, stop.hour, 2)
)
BLOCK_MINUTES = 120
# Blocks per week = booked minutes per week (the mean of the last FLOW_WEEKS weeks) /
# (TARGET_UTILIZATION x a block); until MIN_FLOW_WEEKS weeks are known, every working block.
TARGET_UTILIZATION = 0.75
FLOW_WEEKS = 8
MIN_FLOW_WEEKS = 4
# Blocks still without a booking this many days before their day are released (release_empty_blocks).
RELEASE_DAYS = 7
SLOTS = 108  # the chair-time grid: 08:00-17:00 in 5-minute slots
BOOKED, CLOSED = 1, 2  # grid values (0 = free chair time)


def grid_slot(value: Any) -> int:
    """Index in the chair-time grid (5-minute slots from 08:00) of a TIME value (a time, or the
    timedelta MariaDB returns)."""
    if isinstance(value, dt.timedelta):
        minutes = int(value.total_seconds()) // 60
    else:
        minutes = value.hour * 60 + value.minute
    return (minutes - 8 * 60) // 5


BLOCK_SLOTS = tuple((grid_slot(start), grid_slot(stop)) for start, stop in BLOCKS)


def note_demand(sim: Sim, prov_num: int, minutes: int) -> None:
    """Count ``minutes`` of chair time asked of provider ``prov_num`` this week (booked or not). The
    converted book of day one is the previous software's, not demand."""
    if sim.today != sim.start:
        sim.chair_requests[prov_num] = sim.chair_requests.get(prov_num, 0) + minutes


def roll_demand(sim: Sim) -> None:
    """Monday: the past week's asked minutes join each provider's recent weeks."""
    if sim.today == sim.start:
        return
    for provider in sim.practice.providers.values():
        if provider.ops:
            flow = sim.chair_flow.setdefault(provider.prov_num, [])
            flow.append(sim.chair_requests.pop(provider.prov_num, 0))
            del flow[:-FLOW_WEEKS]
    sim.chair_requests.clear()


def _estimate(sim: Sim, provider: Provider) -> float | None:
    """Blocks a week the provider's recent demand fills at TARGET_UTILIZATION (None: not known yet)."""
    flow = sim.chair_flow.get(provider.prov_num, [])
    if len(flow) < MIN_FLOW_WEEKS:
        return None
    return sum(flow) / len(flow) / (TARGET_UTILIZATION * BLOCK_MINUTES)


def week_plan(
    sim: Sim, provider: Provider, monday: dt.date, *, planning: bool = False
) -> list[tuple[dt.date, int, int]]:
    """The provider's blocks of the week (day, index into BLOCKS, operatory): whole days first, their
    usual days from a weekday of their own so that providers cover different days, then other days
    when the demand asks for more; operatories taken in turn by day.
    ``planning``: the week's schedule is being set up (fractions of a block carried from week to
    week, and every block that already holds a booking kept); otherwise the standing
    plan that books days beyond the schedules' horizon."""
    week_days = [monday + dt.timedelta(days=offset) for offset in range(5)]
    open_days = [day for day in week_days if provider.available(day) and day not in holidays(day.year)]
    days = [day for day in open_days if provider.works_on(day)]
    shift = int(stable_fraction(provider.prov_num, 7) * len(days)) if days else 0
    usual = len(days) * len(BLOCKS)
    days = days[shift:] + days[:shift] + [day for day in open_days if not provider.works_on(day)]
    blocks = [(index, day, block) for index, day in enumerate(days) for block in range(len(BLOCKS))]
    estimate = _estimate(sim, provider)
    if estimate is None:
        wanted = usual
    elif planning:
        credit = sim.chair_credit.get(provider.prov_num, 0.0) + estimate
        wanted = min(int(credit), len(blocks))
        sim.chair_credit[provider.prov_num] = min(credit - wanted, 1.0)
    else:
        wanted = min(round(estimate), len(blocks))
    week = monday.toordinal() // 7
    ops = provider.ops
    plan = {(day, block, ops[(index + week) % len(ops)]) for index, day, block in blocks[:wanted]}
    if planning:
        for op in provider.ops:
            for offset in range(5):
                day = monday + dt.timedelta(days=offset)
                grid = sim.busy.get((op, day))
                for block, (start, stop) in enumerate(BLOCK_SLOTS):
                    if grid is not None and BOOKED in grid[start:stop]:
                        plan.add((day, block, op))
    return sorted(plan)


def open_slots(sim: Sim, op: int, day: dt.date, *, planned: bool = False) -> list[tuple[int, int]]:
    """Grid slot ranges of the operatory's scheduled chair time on ``day``: the schedule's when the
    day is ``planned`` (or within the schedules' horizon), else the standing plan of the operatory's
    provider."""
    if planned or (sim.schedules_through is not None and day <= sim.schedules_through):
        return sim.chair_hours.get((op, day), [])
    owner = sim.practice.providers.get(sim.practice.op_owner.get(op, 0))
    if owner is None or not owner.ops:
        return []
    monday = day - dt.timedelta(days=day.weekday())
    plan = week_plan(sim, owner, monday)
    return [BLOCK_SLOTS[block] for plan_day, block, plan_op in plan if (plan_day, plan_op) == (day, op)]


def sync_grid(sim: Sim, op: int, day: dt.date, grid: bytearray, *, planned: bool = False) -> None:
    """Open the scheduled chair time of the grid and close the rest (bookings stay)."""
    mask = bytearray([CLOSED]) * SLOTS
    for start, stop in open_slots(sim, op, day, planned=planned):
        mask[max(start, 0) : min(stop, SLOTS)] = bytes(min(stop, SLOTS) - max(start, 0))
    if day.weekday() == 0 and day.day <= 7:
        mask[0:12] = bytes([CLOSED]) * 12  # monthly staff meeting blockout
    for index in range(SLOTS):
        if grid[index] != BOOKED:
            grid[index] = mask[index]


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
    if prov and kind == 1 and status == 0:
        for op in ops or []:
            sim.chair_hours.setdefault((op, day), []).append((grid_slot(start), grid_slot(stop)))
    return int(row["ScheduleNum"])


def plan_week(sim: Sim, monday: dt.date, when: dt.datetime) -> None:
    """Create the schedule rows of the week starting ``monday``."""
    plans = {
        provider.prov_num: week_plan(sim, provider, monday, planning=True)
        for provider in sorted(sim.practice.providers.values(), key=lambda p: p.prov_num)
        if provider.ops
    }
    for offset in range(5):
        day = monday + dt.timedelta(days=offset)
        if day in holidays(day.year):
            name = HOLIDAY_NAMES.get((day.month, day.day), "Practice closed")
            _schedule(sim, day, dt.time(0), dt.time(0), 0, when, status=2, note=name)
            continue
        for provider in sorted(sim.practice.providers.values(), key=lambda p: p.prov_num):
            for start, stop, op in _rows_of(plans.get(provider.prov_num, []), day):
                prov, clinic = provider.prov_num, provider.clinic_num
                _schedule(sim, day, start, stop, 1, when, prov=prov, clinic=clinic, ops=[op])
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
    sync_week(sim, monday)


def _rows_of(plan: list[tuple[dt.date, int, int]], day: dt.date) -> list[tuple[dt.time, dt.time, int]]:
    """The schedule rows of a day of ``plan``: adjacent blocks in one operatory make one row."""
    rows: list[tuple[dt.time, dt.time, int]] = []
    for _, block, op in sorted(item for item in plan if item[0] == day):
        start, stop = BLOCKS[block]
        if rows and rows[-1][1] == start and rows[-1][2] == op:
            rows[-1] = (rows[-1][0], stop, op)
        else:
            rows.append((start, stop, op))
    return rows


def sync_week(sim: Sim, monday: dt.date) -> None:
    """After a week is planned: the chair-time grids already made for its days (bookings made beyond
    the horizon) follow its schedule."""
    for offset in range(5):
        day = monday + dt.timedelta(days=offset)
        for op in sim.practice.op_owner:
            grid = sim.busy.get((op, day))
            if grid is not None:
                sync_grid(sim, op, day, grid, planned=True)


def release_empty_blocks(sim: Sim, when: dt.datetime) -> None:
    """A working day: the providers' blocks still without a booking about :data:`RELEASE_DAYS` ahead
    are released (their time closed or given to other work, as an office does with empty doctor
    time), so near-term chair time follows the bookings made rather than a plan set twelve weeks
    earlier. The days released are those from ``RELEASE_DAYS`` after today up to ``RELEASE_DAYS``
    after the next working day, so a weekend or holiday leaves no day out. A block holding a booking
    stays; a row keeping only some of its blocks is deleted and its kept blocks inserted again (as
    OpenDental edits a day). Everything follows the rows and bookings, so ``--advance-days``, which
    reads both back from the database, carries on the same way."""
    first = sim.today + dt.timedelta(days=RELEASE_DAYS)
    stop = sim.next_workday(sim.today) + dt.timedelta(days=RELEASE_DAYS)
    targets = {first + dt.timedelta(days=offset) for offset in range((stop - first).days)}
    keys = sorted(key for key in sim.day_schedules if key[0] in targets and key[1])
    if not keys:
        return
    op_rows: dict[int, list[int]] = {}
    for op_row in sim.store.rows("scheduleop"):
        op_rows.setdefault(int(op_row["ScheduleNum"]), []).append(int(op_row["ScheduleOpNum"]))
    for day, prov in keys:
        provider = sim.practice.providers.get(prov)
        if provider is None:
            continue
        for schedule_num, schedule_ops in list(sim.day_schedules[(day, prov)]):
            if not sim.store.has("schedule", schedule_num):
                continue
            row = sim.store.get("schedule", schedule_num)
            if row["SchedType"] != 1 or row["Status"] != 0 or not schedule_ops:
                continue
            first_slot, last_slot = grid_slot(row["StartTime"]), grid_slot(row["StopTime"])
            blocks = [
                index
                for index, (start, end) in enumerate(BLOCK_SLOTS)
                if first_slot <= start and end <= last_slot
            ]
            grids = [sim.busy.get((op, day), b"") for op in schedule_ops]
            kept = [
                index for index in blocks if any(BOOKED in grid[slice(*BLOCK_SLOTS[index])] for grid in grids)
            ]
            if len(kept) == len(blocks) or not blocks:
                continue
            for op_num in op_rows.pop(schedule_num, []):
                sim.store.delete("scheduleop", op_num)
            sim.store.delete("schedule", schedule_num)
            sim.day_schedules[(day, prov)].remove((schedule_num, schedule_ops))
            for op in schedule_ops:
                hours = sim.chair_hours.get((op, day), [])
                if (first_slot, last_slot) in hours:
                    hours.remove((first_slot, last_slot))
            segments = _rows_of([(day, index, 0) for index in kept], day)
            for start, end, _ in segments:
                _schedule(
                    sim,
                    day,
                    start,
                    end,
                    1,
                    when,
                    prov=prov,
                    clinic=int(row["ClinicNum"]),
                    ops=list(schedule_ops),
                    note=str(row["Note"] or ""),
                )
            sim.count("schedule blocks released (empty a week ahead)", len(blocks) - len(kept))
            for op in schedule_ops:
                grid = sim.busy.get((op, day))
                if grid is not None:
                    sync_grid(sim, op, day, grid)
        if not sim.day_schedules[(day, prov)]:
            del sim.day_schedules[(day, prov)]


def drop_future_days(sim: Sim, prov_num: int) -> None:
    """A provider who leaves: the future days of their schedule are deleted, but for a day that still
    holds one of their bookings (one that could not be moved)."""
    provider = sim.practice.providers[prov_num]
    for day, prov in [key for key in sim.day_schedules if key[1] == prov_num and key[0] > sim.today]:
        if any(BOOKED in sim.busy.get((op, day), b"") for op in provider.ops):
            continue
        for schedule_num, schedule_ops in sim.day_schedules.pop((day, prov)):
            for op_row in [r for r in sim.store.rows("scheduleop") if r["ScheduleNum"] == schedule_num]:
                sim.store.delete("scheduleop", int(op_row["ScheduleOpNum"]))
            if sim.store.has("schedule", schedule_num):
                sim.store.delete("schedule", schedule_num)
            for op in schedule_ops:
                sim.chair_hours.pop((op, day), None)
                grid = sim.busy.get((op, day))
                if grid is not None:
                    sync_grid(sim, op, day, grid)


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
