"""The day loop: what happens in the practice each day, for a new build or an advance."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from . import billing, housekeeping, insurance, people, schedules, scheduling, visits
from .sim import Sim

HANDLERS: dict[str, Any] = {
    "apt_confirm": scheduling.confirm,
    "apt_move": scheduling.move,
    "apt_delete": scheduling.delete,
    "unsched_call": scheduling.from_unscheduled_list,
    "recall_due": people.recall_due,
    "tp_followup": visits.tp_followup,
    "statement_payment": billing.statement_payment,
    "payplan_payment": billing.payplan_payment,
    "claim_ready": insurance.claim_ready,
    "claim_received": insurance.claim_received,
    "claim_finalize": insurance.claim_finalize,
    "claim_recreate": insurance.claim_recreate,
    "supplemental": insurance.supplemental,
}


def poisson(sim: Sim, mean: float) -> int:
    """A Poisson draw (Knuth's method; means here are small)."""
    limit, product, count = math.exp(-mean), sim.rng.random(), 0
    while product > limit:
        product *= sim.rng.random()
        count += 1
    return count


def simulate_day(sim: Sim) -> None:
    """One day of the practice (``sim.today``)."""
    for kind, args in sim.due_events():
        handler = HANDLERS.get(kind) or EXTRA_HANDLERS[kind]
        handler(sim, *args)
    if sim.today.weekday() == 0:
        weekly(sim)
    if sim.is_workday(sim.today):
        if _first_workday_of_month(sim):
            monthly(sim)
        insurance.send_claims(sim)
        for _ in range(poisson(sim, sim.scale.new_families_per_year / 250)):
            people.arrive(sim, sim.office_time(8, 17))
        _emergencies(sim)
        schedules.release_empty_blocks(sim, sim.at(7, 5))
        if sim.chance(0.15):
            schedules.change_a_day(sim, sim.office_time(8, 17))
        visits.run_day(sim)
        billing.deposits(sim, sim.at(17, 50))
    sim.store.release_through(sim.today)


def _first_workday_of_month(sim: Sim) -> bool:
    day = sim.today.replace(day=1)
    while not sim.is_workday(day):
        day += dt.timedelta(days=1)
    return day == sim.today


def weekly(sim: Sim) -> None:
    """Monday: schedules twelve weeks ahead, forget past chair bookings, refresh the active list."""
    schedules.roll_demand(sim)
    horizon = sim.today + dt.timedelta(weeks=schedules.WEEKS_AHEAD)
    monday = (sim.schedules_through or sim.today - dt.timedelta(days=1)) + dt.timedelta(days=1)
    monday -= dt.timedelta(days=monday.weekday())
    while monday <= horizon:
        schedules.plan_week(sim, monday, sim.at(7, 0))
        sim.schedules_through = monday + dt.timedelta(days=6)
        monday += dt.timedelta(weeks=1)
    for key in [key for key in sim.busy if key[1] < sim.today]:
        del sim.busy[key]
    for day_key in [day_key for day_key in sim.day_schedules if day_key[0] < sim.today]:
        del sim.day_schedules[day_key]
    for op_day in [op_day for op_day in sim.chair_hours if op_day[1] < sim.today]:
        del sim.chair_hours[op_day]
    sim.active = sorted(pat_num for pat_num, patient in sim.patients.items() if patient.status == 0)


def monthly(sim: Sim) -> None:
    """First working day of the month: fees (January), insurance changes, statements, statuses."""
    if sim.today.month == 1:
        _raise_fees(sim, sim.at(7, 30))
        _switch_plans(sim, sim.at(8, 0))
        visits.archive_stale_plans(sim)
    billing.statements(sim, sim.at(9, 0))
    billing.finance_charges(sim, sim.at(9, 30))
    people.monthly_maintenance(sim, sim.at(18, 0))


def _raise_fees(sim: Sim, when: dt.datetime) -> None:
    """Yearly fee increase: UCR +3%, PPO schedules +1.5% every other year (rows updated in place)."""
    ucr = sim.practice.ucr_sched()
    bump_ppo = sim.today.year % 2 == 0
    for row in sim.store.rows("fee"):
        sched = int(row["FeeSched"])
        factor = 1.03 if sched == ucr else (1.015 if bump_ppo else 1.0)
        if factor == 1.0 or row["Amount"] <= 0:
            continue
        amount = float(round(row["Amount"] * factor))
        sim.store.update("fee", int(row["FeeNum"]), when, Amount=amount)
        scope = (int(row["ClinicNum"]), int(row["ProvNum"]))
        sim.practice.fees[(sched, int(row["CodeNum"]))][scope] = round(amount * 100)
    sim.count("fee schedule updates")


def _switch_plans(sim: Sim, when: dt.datetime) -> None:
    for guarantor in sorted(sim.families):
        family = sim.families[guarantor]
        coverages = [cov for pat in family.members for cov in sim.patients[pat].coverage]
        if not coverages:
            continue
        legacy = any(sim.practice.plans[cov.plan_num].legacy for cov in coverages)
        if legacy or sim.chance(0.06):
            people.switch_plans(sim, family, when)


def _emergencies(sim: Sim) -> None:
    if not sim.active:
        return
    for _ in range(poisson(sim, len(sim.active) * 0.04 / 250)):
        patient = sim.patients[sim.pick(sim.active)]
        if patient.status == 0:
            visits.emergency(sim, patient, sim.office_time(8, 15))


def provider_leaves(sim: Sim, prov_num: int) -> None:
    """Event: a hygienist leaves the practice (hidden provider, hidden operatory, moved patients)."""
    when = sim.at(17, 0)
    provider = sim.practice.providers[prov_num]
    sim.store.update("provider", prov_num, when, IsHidden=1, DateTerm=sim.today)
    provider.hidden = True
    provider.date_term = sim.today
    for op in provider.ops:
        sim.store.update("operatory", op, when, IsHidden=1)
    for day in sorted(day for day in sim.agenda if day > sim.today):
        for apt_num in list(sim.agenda[day]):
            if (
                sim.store.has("appointment", apt_num)
                and sim.store.get("appointment", apt_num)["ProvHyg"] == prov_num
            ):
                scheduling.move(sim, apt_num)
    schedules.drop_future_days(sim, prov_num)
    sim.count("providers who left")


EXTRA_HANDLERS: dict[str, Any] = {"provider_leaves": provider_leaves, "cleanup": housekeeping.cleanup}


def run(sim: Sim, first: dt.date, last: dt.date) -> None:
    """Simulate every day from ``first`` to ``last`` inclusive."""
    day = first
    while day <= last:
        sim.today = day
        simulate_day(sim)
        day += dt.timedelta(days=1)
