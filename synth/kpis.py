"""The practice KPIs of a synthetic practice beside the ranges a dentist would recognise.

``mdc synth`` prints them so that whoever builds the demo sees at once whether the simulated
practice looks like a real one. Each KPI is computed in SQL on the source database with the
definitions of the marts (``mart_kpis_monthly_practice``, practice level; docs/dbt.md and
DECISIONLOG.md) over the last twelve complete months of the history; the ranges are the published
ones of ``dental-kpis.md`` section 3 (tightened where the issue asks for more). The test
``tests/dashboards/test_demo_kpis.py`` checks the same ranges on the built marts.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pymysql.connections import Connection

from . import aging


@dataclass(frozen=True)
class KpiRange:
    """A KPI's name (the mart column), label, inclusive range and how to print it."""

    column: str
    label: str
    low: float
    high: float
    unit: str  # "%" (a ratio printed as a percentage) or "days"

    def holds(self, value: float | None) -> bool:
        """Whether ``value`` lies inside the range (a missing value never does)."""
        return value is not None and self.low <= value <= self.high

    def show(self, value: float | None) -> str:
        """``value`` formatted as the range is."""
        if value is None:
            return "-"
        return f"{value:.1%}" if self.unit == "%" else f"{value:.1f} days"

    def describe(self) -> str:
        """The range in words."""
        if self.unit == "%":
            low, high = f"{self.low:.0%}", f"{self.high:.0%}"
            return f"at most {high}" if self.low <= 0 else f"{low}-{high}"
        return f"{self.low:.0f}-{self.high:.0f} days"


# The demo practice (seed 42) must land inside every range (tests/dashboards/test_demo_kpis.py).
RANGES = (
    KpiRange("ar_over_90_share", "A/R over 90 days, share of A/R (last month end)", 0.0, 0.20, "%"),
    KpiRange("hygiene_reappointment_rate", "hygiene re-appointment rate", 0.55, 0.85, "%"),
    KpiRange("collection_ratio", "collection ratio (12 months)", 0.95, 1.00, "%"),
    KpiRange("broken_appointment_rate", "broken appointment rate", 0.05, 0.10, "%"),
    KpiRange("case_acceptance_amount_rate", "case acceptance (amount)", 0.40, 0.65, "%"),
    KpiRange("hygiene_production_share", "hygiene share of production", 0.25, 0.40, "%"),
    KpiRange("median_days_sent_to_paid", "median days claim sent to paid", 15, 30, "days"),
)

# Chair utilization of the last complete month (booked / scheduled minutes; DECISIONLOG R1), for the
# doctors' chairs (dentists and specialists), the hygienists' and the whole practice.
UTILIZATION = KpiRange("booked_utilization_rate", "chair utilization, booked (last month)", 0.65, 0.90, "%")
CHAIR_GROUPS = ("doctor", "hygiene", "practice")


def last_complete_month(end: dt.date) -> dt.date:
    """First day of the last month that ends on or before ``end`` (the practice's last day)."""
    if (end + dt.timedelta(days=1)).day == 1:
        return end.replace(day=1)
    return (end.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def twelve_months(end: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the twelve complete months that end at or before ``end``."""
    last = last_complete_month(end)
    index = last.year * 12 + last.month - 1 - 11
    first = dt.date(index // 12, index % 12 + 1, 1)
    return first, (last + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def _one(cursor: Any, sql: str, params: tuple[Any, ...]) -> tuple[Any, ...]:
    cursor.execute(sql, params)
    row = cursor.fetchone()
    return tuple(row) if row else ()


def _ratio(numerator: Any, denominator: Any) -> float | None:
    return float(numerator) / float(denominator) if denominator and float(denominator) > 0 else None


# Production and income as mart_production_income_daily sums them (write-offs by insurance payment
# date, the practice's preference): gross = fees of completed procedures less capitation
# write-offs, net = gross + adjustments - write-offs, collections = patient and insurance income;
# hygiene production = gross of the hygiene-coded procedures (fct_procedures.production_amount).
_PRODUCTION = """
select
    (select coalesce(sum(ProcFee * (UnitQty + BaseUnits)), 0) from procedurelog
        where ProcStatus = 2 and ProcDate between %(first)s and %(last)s)
    - (select coalesce(sum(WriteOff), 0) from claimproc
        where Status = 7 and ProcDate between %(first)s and %(last)s),
    (select coalesce(sum(AdjAmt), 0) from adjustment where AdjDate between %(first)s and %(last)s),
    (select coalesce(sum(WriteOff), 0) from claimproc
        where Status in (1, 4) and DateCP between %(first)s and %(last)s),
    (select coalesce(sum(ps.SplitAmt), 0) from paysplit ps
        left join definition d on d.DefNum = ps.UnearnedType
        where ps.DatePay between %(first)s and %(last)s
        and (ps.UnearnedType = 0 or coalesce(d.ItemValue, '') = ''))
    + (select coalesce(sum(cp.InsPayAmt), 0) from claimproc cp
        join claimpayment pay on pay.ClaimPaymentNum = cp.ClaimPaymentNum
        where cp.Status in (1, 4) and pay.CheckDate between %(first)s and %(last)s),
    (select coalesce(sum(p.ProcFee * (p.UnitQty + p.BaseUnits) - coalesce(cap.WriteOff, 0)), 0)
        from procedurelog p
        join procedurecode c on c.CodeNum = p.CodeNum
        left join (select ProcNum, sum(WriteOff) as WriteOff from claimproc where Status = 7
            group by ProcNum) cap on cap.ProcNum = p.ProcNum
        where p.ProcStatus = 2 and c.IsHygiene = 1 and p.ProcDate between %(first)s and %(last)s)
"""

# A hygiene visit (completed; IsHygiene, or a hygienist and a hygiene procedure) is re-appointed
# when, at the end of its day, another hygiene appointment of the patient was scheduled for a later
# day: an appointment whose history says it was created (or last changed) as Scheduled by then.
_REAPPOINTMENT = """
with visits as (
    select a.AptNum, a.PatNum, date(a.AptDateTime) as day
    from appointment a
    where a.AptStatus = 2 and a.AptDateTime between %(first)s and %(last_end)s
    and (a.IsHygiene = 1 or (a.ProvHyg > 0 and exists (
        select 1 from procedurelog p join procedurecode c on c.CodeNum = p.CodeNum
        where p.AptNum = a.AptNum and c.IsHygiene = 1)))
),
states as (
    select h.AptNum, h.PatNum, h.AptStatus, h.AptDateTime, h.HistApptAction, h.HistDateTStamp, h.IsHygiene,
        lead(h.HistDateTStamp) over (partition by h.AptNum order by h.HistDateTStamp, h.HistApptNum)
            as valid_until
    from histappointment h
    where h.AptNum > 0 and h.PatNum in (select PatNum from visits)
)
select count(*), sum(exists (
    select 1 from states s
    where s.PatNum = v.PatNum and s.AptNum <> v.AptNum and s.HistApptAction <> 4
    and s.AptStatus = 1 and date(s.AptDateTime) > v.day
    and s.HistDateTStamp < v.day + interval 1 day
    and (s.valid_until is null or s.valid_until >= v.day + interval 1 day)
    and coalesce((select a.IsHygiene = 1 or (a.ProvHyg > 0 and exists (
            select 1 from procedurelog p join procedurecode c on c.CodeNum = p.CodeNum
            where p.AptNum = a.AptNum and c.IsHygiene = 1))
        from appointment a where a.AptNum = s.AptNum), s.IsHygiene = 1)
))
from visits v
"""

# Broken appointments over booked slots: kept and still-scheduled appointments at their time, plus
# every slot the history shows missed or cancelled (the latest break per slot), unless the
# appointment still holds that slot as kept or scheduled.
_BROKEN = """
with breaks as (
    select distinct h.AptNum, h.AptDateTime
    from histappointment h
    where h.HistApptAction in (2, 3) and h.AptNum > 0
    and h.AptDateTime between %(first)s and %(last_end)s
),
lost as (
    select b.AptNum from breaks b left join appointment a on a.AptNum = b.AptNum
    where not coalesce(a.AptStatus in (1, 2) and a.AptDateTime = b.AptDateTime, 0)
)
select
    (select count(*) from appointment
        where AptStatus in (1, 2) and AptDateTime between %(first)s and %(last_end)s)
    + (select count(*) from lost),
    (select count(*) from lost)
"""

# Case acceptance by amount: each procedure on a saved treatment plan once, on its first
# presentation; accepted when completed or planned on a scheduled appointment.
_ACCEPTANCE = """
with presented as (
    select tp.DateTP, l.ProcNumOrig as ProcNum,
        row_number() over (partition by l.ProcNumOrig order by tp.DateTP, tp.TreatPlanNum, l.ProcTPNum)
            as presentation
    from proctp l join treatplan tp on tp.TreatPlanNum = l.TreatPlanNum
    where tp.TPStatus = 0 and l.ProcNumOrig > 0
)
select
    coalesce(sum(p.ProcFee * (p.UnitQty + p.BaseUnits)), 0),
    coalesce(sum(case when p.ProcStatus = 2 or (p.ProcStatus = 1 and a.AptStatus = 1)
        then p.ProcFee * (p.UnitQty + p.BaseUnits) else 0 end), 0)
from presented
join procedurelog p on p.ProcNum = presented.ProcNum
left join appointment a on a.AptNum = p.AptNum and p.AptNum > 0
where presented.presentation = 1 and presented.DateTP between %(first)s and %(last)s
"""

# Insurance turnaround: days from a claim's first send to its first finalized payment, for the
# claims first paid in the period (preauthorizations and capitation claims are never paid).
_SENT_TO_PAID = """
select datediff(min(pay.CheckDate),
    case when cl.DateSentOrig > '1880-01-01' then cl.DateSentOrig else cl.DateSent end)
from claim cl
join claimproc cp on cp.ClaimNum = cl.ClaimNum and cp.Status in (1, 4)
join claimpayment pay on pay.ClaimPaymentNum = cp.ClaimPaymentNum
where cl.ClaimType in ('P', 'S', 'Other')
and (cl.DateSentOrig > '1880-01-01' or cl.DateSent > '1880-01-01')
group by cl.ClaimNum, cl.DateSentOrig, cl.DateSent
having min(pay.CheckDate) between %(first)s and %(last)s
"""


def measure(connection: Connection, end: dt.date) -> dict[str, float | None]:
    """Every KPI of :data:`RANGES` (plus gross production) of the practice whose last day is ``end``."""
    first, last = twelve_months(end)
    params = {"first": first, "last": last, "last_end": dt.datetime.combine(last, dt.time(23, 59, 59))}
    with connection.cursor() as cursor:

        def row(sql: str) -> tuple[Any, ...]:
            return _one(cursor, sql, params)  # type: ignore[arg-type]

        gross, adjustments, writeoffs, collections, hygiene = row(_PRODUCTION)
        visits, reappointed = row(_REAPPOINTMENT)
        slots, broken = row(_BROKEN)
        presented, accepted = row(_ACCEPTANCE)
        cursor.execute(_SENT_TO_PAID, params)
        days = [int(value) for (value,) in cursor.fetchall()]
    families = aging.compute(connection, last).values()
    buckets = [family.buckets() for family in families]
    ar_total = sum(sum(bucket) for bucket in buckets)
    net = float(gross) + float(adjustments) - float(writeoffs)
    return {
        "gross_production": float(gross),
        "ar_over_90_share": _ratio(sum(bucket[3] for bucket in buckets), ar_total),
        "hygiene_reappointment_rate": _ratio(reappointed or 0, visits),
        "collection_ratio": _ratio(collections, net),
        "broken_appointment_rate": _ratio(broken, slots),
        "case_acceptance_amount_rate": _ratio(accepted, presented),
        "hygiene_production_share": _ratio(hygiene, gross),
        "median_days_sent_to_paid": float(statistics.median(days)) if days else None,
    }


def report(kpis: dict[str, float | None], end: dt.date, mark: Callable[[bool], str] | None = None) -> str:
    """The KPIs as lines "label  value  range", with the months they cover."""
    first, last = twelve_months(end)
    flag = mark or (lambda ok: "" if ok else "  <- outside the range")
    lines = [f"  KPIs of {first:%Y-%m} .. {last:%Y-%m} (published range in brackets):"]
    for kpi in RANGES:
        value = kpis.get(kpi.column)
        lines.append(
            f"    {kpi.label:<50} {kpi.show(value):>10}  [{kpi.describe()}]{flag(kpi.holds(value))}"
        )
    return "\n".join(lines)


def _slots(start: dt.timedelta, stop: dt.timedelta) -> set[int]:
    """5-minute slots (numbered from midnight) whose start lies in [start, stop)."""
    first = -(-int(start.total_seconds()) // 300)
    return set(range(first, -(-int(stop.total_seconds()) // 300)))


def chair_minutes(connection: Connection, first: dt.date, last: dt.date) -> dict[str, dict[str, int]]:
    """Scheduled, booked and completed minutes of the days ``first`` .. ``last`` for the doctor, hygiene
    and practice chairs, from the source tables with the definitions of mart_schedule_utilization
    (DECISIONLOG R1): providers' open schedules in their operatories less blockouts; booked = those slots
    covered by an appointment credited to the provider there (kept or still scheduled at its time, or
    lost to a break at the time it was lost), completed = by a kept one."""
    with connection.cursor() as cursor:

        def rows(sql: str, *params: Any) -> list[tuple[Any, ...]]:
            cursor.execute(sql, params)
            return [tuple(row) for row in cursor.fetchall()]

        hygienists = {int(prov) for (prov,) in rows("select ProvNum from provider where IsSecondary = 1")}
        scheduled: dict[tuple[dt.date, int, int], set[int]] = defaultdict(set)
        blocked: dict[tuple[dt.date, int], set[int]] = defaultdict(set)
        for day, start, stop, kind, prov, status, op in rows(
            """select s.SchedDate, s.StartTime, s.StopTime, s.SchedType, s.ProvNum, s.Status, o.OperatoryNum
            from schedule s join scheduleop o on o.ScheduleNum = s.ScheduleNum
            where s.SchedDate between %s and %s and s.SchedType in (1, 2)""",
            first,
            last,
        ):
            if kind == 2:
                blocked[(day, int(op))] |= _slots(start, stop)
            elif status == 0 and prov:
                scheduled[(day, int(op), int(prov))] |= _slots(start, stop)
        outcomes: dict[tuple[dt.date, int, int], dict[int, int]] = defaultdict(dict)

        def book(
            at: dt.datetime, op: int, prov: int, prov_hyg: int, hygiene: int, pattern: str, rank: int
        ) -> None:
            credited = prov_hyg if hygiene and prov_hyg else prov
            cell = outcomes[(at.date(), int(op), int(credited))]
            start = (at.hour * 60 + at.minute) // 5
            for slot in range(start, start + len(pattern or "")):
                cell[slot] = min(cell.get(slot, 9), rank)

        window = (first, last + dt.timedelta(days=1))
        current = rows(
            """select AptNum, AptDateTime, AptStatus, Op, ProvNum, ProvHyg, IsHygiene, Pattern
            from appointment
            where AptDateTime >= %s and AptDateTime < %s and AptStatus in (1, 2, 5) and Op <> 0""",
            *window,
        )
        held = {(apt, at) for apt, at, status, *_ in current if status in (1, 2)}
        for _, at, status, op, prov, prov_hyg, hygiene, pattern in current:
            if status in (1, 2):
                book(at, op, prov, prov_hyg, hygiene, pattern, 1 if status == 2 else 2)
        latest = {}  # the last break of each (appointment, time)
        for apt, at, op, prov, prov_hyg, hygiene, pattern in rows(
            """select AptNum, AptDateTime, Op, ProvNum, ProvHyg, IsHygiene, Pattern from histappointment
            where HistApptAction in (2, 3) and AptNum <> 0 and AptDateTime >= %s and AptDateTime < %s
            order by HistDateTStamp, HistApptNum""",
            *window,
        ):
            latest[(apt, at)] = (at, op, prov, prov_hyg, hygiene, pattern)
        for key, (at, op, prov, prov_hyg, hygiene, pattern) in latest.items():
            if key not in held and op:
                book(at, op, prov, prov_hyg, hygiene, pattern, 3)
        broken_sql = "select distinct AptNum from histappointment where HistApptAction in (2, 3)"
        ever_broken = {apt for (apt,) in rows(broken_sql)}
        for apt, at, status, op, prov, prov_hyg, hygiene, pattern in current:
            if status == 5 and apt not in ever_broken:
                book(at, op, prov, prov_hyg, hygiene, pattern, 3)
    totals = {group: {"scheduled": 0, "booked": 0, "completed": 0} for group in CHAIR_GROUPS}
    for (day, op, prov), slots in scheduled.items():
        slots -= blocked[(day, op)]
        booked = {slot: rank for slot, rank in outcomes.get((day, op, prov), {}).items() if slot in slots}
        for group in ("hygiene" if prov in hygienists else "doctor", "practice"):
            totals[group]["scheduled"] += 5 * len(slots)
            totals[group]["booked"] += 5 * len(booked)
            totals[group]["completed"] += 5 * sum(1 for rank in booked.values() if rank == 1)
    return totals


def utilization(connection: Connection, end: dt.date) -> dict[str, float | None]:
    """Booked chair utilization of the last complete month to ``end``, by :data:`CHAIR_GROUPS`."""
    first = last_complete_month(end)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    minutes = chair_minutes(connection, first, last)
    return {group: _ratio(minutes[group]["booked"], minutes[group]["scheduled"]) for group in CHAIR_GROUPS}


def utilization_report(rates: dict[str, float | None], end: dt.date) -> str:
    """The chair utilization lines, as :func:`report` prints the KPIs."""
    month = last_complete_month(end)
    lines = [f"  chair utilization, booked / scheduled minutes, {month:%Y-%m} (range in brackets):"]
    for group in CHAIR_GROUPS:
        value = rates.get(group)
        flag = "" if UTILIZATION.holds(value) else "  <- outside the range"
        label = f"{group} chairs"
        lines.append(f"    {label:<50} {UTILIZATION.show(value):>10}  [{UTILIZATION.describe()}]{flag}")
    return "\n".join(lines)
