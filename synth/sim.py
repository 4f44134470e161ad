"""The simulation's shared context: clock, randomness, the row store and the practice's state.

Everything the simulation keeps between days is either an OpenDental row (in the store) or a
small state object below that can be rebuilt from OpenDental rows, which is what lets
``--advance-days`` continue an existing database.
"""

from __future__ import annotations

import datetime as dt
import heapq
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

from .catalog import Scale
from .practice import Practice, stable_fraction
from .store import Store

T = TypeVar("T")


def money(cents: int) -> float:
    """Cents as OpenDental's 2-decimal double."""
    return round(cents / 100, 2)


def cents(amount: float) -> int:
    """A stored 2-decimal double as cents."""
    return round(amount * 100)


@dataclass
class Coverage:
    """One patplan: the patient is covered by a subscriber's plan at an ordinal."""

    patplan_num: int
    inssub_num: int
    plan_num: int
    ordinal: int
    relationship: int


@dataclass
class Patient:
    """What the simulation remembers about a patient (the row itself lives in the store)."""

    pat_num: int
    guarantor: int
    birthdate: dt.date
    clinic_num: int
    pri_prov: int
    sec_prov: int
    status: int
    coverage: list[Coverage] = field(default_factory=list)
    recalls: dict[int, int] = field(default_factory=dict)  # RecallTypeNum -> RecallNum
    next_apt: int = 0
    tp: list[int] = field(default_factory=list)
    discount: bool = False
    name: str = ""
    fee_sched: int = 0
    active_tp: int = 0
    last_visit: dt.date | None = None

    def age(self, on: dt.date) -> int:
        """Age in whole years on ``on`` (40 when the birthdate is unknown)."""
        if self.birthdate.year < 1880:
            return 40
        return (
            on.year - self.birthdate.year - ((on.month, on.day) < (self.birthdate.month, self.birthdate.day))
        )

    @property
    def perio(self) -> bool:
        """Whether the patient has periodontal disease (a stable trait)."""
        return stable_fraction(self.pat_num, 11) < 0.22

    @property
    def caries_risk(self) -> float:
        """How likely an exam finds new decay (a stable trait)."""
        return 0.05 + 0.5 * stable_fraction(self.pat_num, 13) ** 2


@dataclass
class Charge:
    """An open patient charge (procedure or adjustment) that payments are allocated to."""

    pat_num: int
    prov_num: int
    clinic_num: int
    day: dt.date
    remaining: int  # estimated patient portion still unpaid, cents
    proc_num: int = 0
    adj_num: int = 0


@dataclass
class Family:
    """A family (guarantor and members) and its account as the simulation tracks it."""

    guarantor: int
    members: list[int]
    billing_type: int
    bal: int = 0  # BalTotal as OpenDental's aging would compute it, cents
    ins_est: int = 0  # pending insurance (estimate + write-off estimate), cents
    charges: list[Charge] = field(default_factory=list)
    prepaid: int = 0  # unearned, not hidden
    tp_prepaid: int = 0  # unearned of the hidden type
    last_statement: dt.date | None = None
    collections: bool = False
    payplan: int = 0

    @property
    def reliability(self) -> float:
        """How promptly the family pays statements (a stable trait, 0 worst .. 1 best)."""
        return stable_fraction(self.guarantor, 7)

    @property
    def patient_due(self) -> int:
        """Balance minus pending insurance, cents."""
        return self.bal - self.ins_est


@dataclass
class Proc:
    """A procedure the simulation still works with (treatment-planned or awaiting payment)."""

    proc_num: int
    pat_num: int
    code: str
    fee: int  # per unit, cents
    units: int  # UnitQty + BaseUnits
    prov_num: int
    clinic_num: int
    status: int
    apt_num: int = 0
    planned_apt: int = 0
    estimates: list[int] = field(default_factory=list)  # ClaimProcNums (Status 6 / 8)
    charge: Charge | None = None
    tp_date: dt.date | None = None

    @property
    def amount(self) -> int:
        """Production amount ProcFee*(UnitQty+BaseUnits), cents."""
        return self.fee * self.units


@dataclass
class ClaimState:
    """An insurance claim still in progress."""

    claim_num: int
    pat_num: int
    plan_num: int
    inssub_num: int
    kind: str  # P, S, PreAuth, Cap
    claimprocs: list[int]
    status: str
    created: dt.date
    sent: dt.date | None = None
    receive_on: dt.date | None = None
    secondary: int = 0  # ClaimNum of the secondary claim waiting for this one
    charges: dict[int, Charge] = field(default_factory=dict)  # ClaimProcNum -> patient charge
    pending_supplemental: int = 0


@dataclass
class Sim:
    """Context shared by all simulation steps."""

    rng: random.Random
    store: Store
    practice: Practice
    scale: Scale
    start: dt.date
    end: dt.date
    today: dt.date
    patients: dict[int, Patient] = field(default_factory=dict)
    families: dict[int, Family] = field(default_factory=dict)
    procs: dict[int, Proc] = field(default_factory=dict)
    claims: dict[int, ClaimState] = field(default_factory=dict)
    busy: dict[tuple[int, dt.date], bytearray] = field(default_factory=dict)
    agenda: dict[dt.date, list[int]] = field(default_factory=dict)  # day -> AptNums booked
    events: list[tuple[dt.date, int, str, tuple[Any, ...]]] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)
    benefits: dict[tuple[int, int, int], list[int]] = field(default_factory=dict)  # (inssub, pat, year)
    checks: dict[tuple[int, int, dt.date, bool], int] = field(default_factory=dict)
    attaches: dict[int, int] = field(default_factory=dict)  # ProcNum -> TreatPlanAttachNum
    unscheduled: list[int] = field(default_factory=list)  # AptNums on the unscheduled list
    plan_queue: dict[int, list[tuple[list[Proc], int]]] = field(default_factory=dict)  # later visits
    insverify: dict[int, int] = field(default_factory=dict)  # PatPlanNum -> InsVerifyNum
    patient_referrals: dict[int, int] = field(default_factory=dict)  # PatNum -> ReferralNum
    day_schedules: dict[tuple[dt.date, int], list[tuple[int, list[int]]]] = field(default_factory=dict)
    schedules_through: dt.date | None = None  # last day with schedule rows
    # doctors' chair time follows demand (synth.schedules): (op, day) -> open grid slot ranges,
    # weekly booked minutes per provider (the last weeks), this week's so far, half-days carried over
    chair_hours: dict[tuple[int, dt.date], list[tuple[int, int]]] = field(default_factory=dict)
    chair_flow: dict[int, list[int]] = field(default_factory=dict)
    chair_requests: dict[int, int] = field(default_factory=dict)
    chair_credit: dict[int, float] = field(default_factory=dict)
    active: list[int] = field(default_factory=list)  # PatNums with PatStatus 0 (refreshed weekly)
    cleanup: dict[str, int] = field(default_factory=dict)  # advance: rows the clean-up will change
    _seq: int = 0

    # ---- time ---------------------------------------------------------------------------------

    def at(self, hour: int, minute: int = 0, second: int = 0, day: dt.date | None = None) -> dt.datetime:
        """A datetime on ``day`` (default: today)."""
        return dt.datetime.combine(day or self.today, dt.time(hour, minute, second))

    def office_time(self, start_hour: int = 8, end_hour: int = 17) -> dt.datetime:
        """A random time during office hours today (to the second)."""
        seconds = self.rng.randrange(start_hour * 3600, end_hour * 3600)
        return self.at(seconds // 3600, seconds % 3600 // 60, seconds % 60)

    def is_workday(self, day: dt.date) -> bool:
        """Monday to Friday, except the practice's holidays."""
        return day.weekday() < 5 and day not in holidays(day.year)

    def next_workday(self, day: dt.date, after: int = 1) -> dt.date:
        """The ``after``-th working day after ``day``."""
        while after > 0:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                after -= 1
        return day

    # ---- randomness ---------------------------------------------------------------------------

    def chance(self, probability: float) -> bool:
        """True with ``probability``."""
        return self.rng.random() < probability

    def pick(self, items: Sequence[T]) -> T:
        """One item, uniformly."""
        return items[self.rng.randrange(len(items))]

    def weighted(self, items: Sequence[T], weights: Sequence[float]) -> T:
        """One item with the given weights."""
        return self.rng.choices(items, weights=weights)[0]

    def user(self, role: str = "staff") -> int:
        """A user of ``role`` (staff, provider, admin) to stamp SecUserNumEntry."""
        users = self.practice.users.get(role) or self.practice.users["staff"]
        return self.pick(users)

    # ---- events -------------------------------------------------------------------------------

    def schedule(self, day: dt.date, kind: str, *args: Any) -> None:
        """Run event ``kind`` with ``args`` on ``day`` (events of a day run in scheduling order)."""
        self._seq += 1
        heapq.heappush(self.events, (day, self._seq, kind, args))

    def due_events(self) -> list[tuple[str, tuple[Any, ...]]]:
        """Pop the events due today or earlier."""
        due = []
        while self.events and self.events[0][0] <= self.today:
            _, _, kind, args = heapq.heappop(self.events)
            due.append((kind, args))
        return due

    def count(self, name: str, amount: int = 1) -> None:
        """Add to a named statistic (for the report)."""
        self.counters[name] = self.counters.get(name, 0) + amount

    # ---- families -----------------------------------------------------------------------------

    def family_of(self, pat_num: int) -> Family:
        """The family of patient ``pat_num``."""
        return self.families[self.patients[pat_num].guarantor]


@lru_cache(maxsize=64)
def holidays(year: int) -> frozenset[dt.date]:
    """The practice's closed days of ``year`` (US federal holidays it observes)."""

    def nth_weekday(month: int, weekday: int, n: int) -> dt.date:
        day = dt.date(year, month, 1)
        offset = (weekday - day.weekday()) % 7
        return day + dt.timedelta(days=offset + 7 * (n - 1))

    def last_weekday(month: int, weekday: int) -> dt.date:
        day = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        return day - dt.timedelta(days=(day.weekday() - weekday) % 7)

    thanksgiving = nth_weekday(11, 3, 4)
    return frozenset(
        {
            dt.date(year, 1, 1),
            last_weekday(5, 0),
            dt.date(year, 7, 4),
            nth_weekday(9, 0, 1),
            thanksgiving,
            thanksgiving + dt.timedelta(days=1),
            dt.date(year, 12, 24),
            dt.date(year, 12, 25),
        }
    )


HOLIDAY_NAMES = {
    (1, 1): "New Year's Day",
    (7, 4): "Independence Day",
    (12, 24): "Christmas Eve",
    (12, 25): "Christmas Day",
}
