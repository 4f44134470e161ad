"""The practice's set-up as the simulation sees it, derived from OpenDental rows.

The same :meth:`Practice.from_rows` serves both a new build (rows just generated) and
``--advance-days`` (rows read back from the database), so the simulation never depends on
anything the database does not hold. Keys (DefNum, CodeNum, ...) are always looked up by name.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .catalog import CodeSpec, procedure_codes

Rows = dict[str, list[dict[str, Any]]]

# DefCat numbers used by the simulation.
ADJ_TYPES, APPT_CONFIRMED, BILLING_TYPES, PAYMENT_TYPES, PROC_CODE_CATS = 1, 2, 4, 10, 11
RECALL_UNSCHED, DIAGNOSIS, TX_PRIORITIES, BLOCKOUT_TYPES, COMMLOG_TYPES = 13, 16, 20, 25, 27
UNEARNED_TYPES, PROGNOSIS, CLAIM_TRACKING, INS_PAYMENT_TYPES, SPECIALTIES = 29, 30, 31, 32, 35
CLAIM_PAYMENT_TRACKING, INS_VERIFY_STATUS, REGIONS, CLAIM_PAYMENT_GROUPS, CLAIM_ERRORS = 36, 38, 39, 40, 43
CARRIER_GROUPS, PAYPLAN_CATEGORIES, AUTO_DEPOSIT, OPERATORY_TYPES = 46, 47, 48, 55


def pack_interval(days: int = 0, weeks: int = 0, months: int = 0, years: int = 0) -> int:
    """OpenDental's packed recall interval: one byte each for days, weeks, months and years."""
    return days | (weeks << 8) | (months << 16) | (years << 24)


def unpack_interval(packed: int) -> tuple[int, int, int, int]:
    """(days, weeks, months, years) of a packed interval."""
    return packed & 0xFF, (packed >> 8) & 0xFF, (packed >> 16) & 0xFF, (packed >> 24) & 0xFF


def add_interval(day: dt.date, packed: int) -> dt.date:
    """``day`` moved forward by a packed recall interval (month ends clamp, as in OpenDental)."""
    days, weeks, months, years = unpack_interval(packed)
    total_months = day.month - 1 + months + 12 * years
    year, month = day.year + total_months // 12, total_months % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last)) + dt.timedelta(days=days + 7 * weeks)


def stable_fraction(*parts: int) -> float:
    """A fraction in [0, 1) that depends only on ``parts`` (stable across runs and seeds)."""
    value = 0x9E3779B97F4A7C15
    for part in parts:
        value = ((value ^ (part & 0xFFFFFFFFFFFF)) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
        value ^= value >> 29
    return (value % 1_000_003) / 1_000_003


@dataclass
class Provider:
    """A provider and how the simulation uses them."""

    prov_num: int
    abbr: str
    kind: str  # dentist, hygienist, specialist or other
    hidden: bool
    fee_sched: int
    date_term: dt.date | None
    ops: list[int] = field(default_factory=list)
    clinic_num: int = 0

    def available(self, day: dt.date) -> bool:
        """Whether the provider could be scheduled on ``day`` (a weekday while with the practice)."""
        return not self.hidden and not (self.date_term and day > self.date_term) and day.weekday() <= 4

    def works_on(self, day: dt.date) -> bool:
        """Whether ``day`` is one of the provider's usual days (weekday pattern derived from ProvNum);
        a week with more demand adds other days (synth.schedules)."""
        if self.hidden or (self.date_term and day > self.date_term) or day.weekday() > 4:
            return False
        if self.kind == "specialist":
            return day.weekday() == 2 and (day.day - 1) // 7 in (1, 3)
        day_off = int(stable_fraction(self.prov_num) * 5)
        if self.kind == "hygienist":
            return day.weekday() != day_off
        return day.weekday() != 4 or (day.isocalendar()[1] + self.prov_num) % 2 == 0


@dataclass
class Code:
    """A procedure code with its CodeNum."""

    code_num: int
    spec: CodeSpec

    @property
    def minutes(self) -> int:
        """Chair time of the code (each pattern character is 5 minutes)."""
        return 5 * len(self.spec.time)


@dataclass
class Plan:
    """An insurance plan with the benefits the estimates use."""

    plan_num: int
    carrier_num: int
    carrier_name: str
    plan_type: str  # '' category percentage, 'p' PPO, 'c' capitation
    fee_sched: int
    copay_sched: int
    percents: dict[str, int]
    annual_max: int  # cents, 0 = none
    deductible: int  # cents
    hidden: bool
    legacy: bool


@dataclass
class Practice:
    """Reference data of the simulated practice (read-only during the simulation)."""

    defs: dict[tuple[int, str], int]
    def_values: dict[int, str]
    hidden_defs: set[int]
    clinics: list[int]
    providers: dict[int, Provider]
    op_clinic: dict[int, int]
    op_hygiene: dict[int, bool]
    codes: dict[str, Code]
    codes_by_num: dict[int, Code]
    fee_scheds: dict[str, int]
    fees: dict[tuple[int, int], dict[tuple[int, int], int]]  # (sched, code) -> (clinic, prov) -> cents
    covcats: dict[str, int]
    plans: dict[int, Plan]
    recall_types: dict[str, tuple[int, int]]  # name -> (RecallTypeNum, packed interval)
    appointment_types: dict[str, int]
    users: dict[str, list[int]]  # role -> UserNums
    user_of_provider: dict[int, int]
    employees: list[int]
    referral_doctors: dict[str, int]  # specialty -> ReferralNum
    referral_sources: list[int]
    discount_plan: int
    prefs: dict[str, str]
    op_owner: dict[int, int] = field(default_factory=dict)  # OperatoryNum -> ProvNum it belongs to

    # ---- lookups ------------------------------------------------------------------------------

    def def_num(self, category: int, name: str) -> int:
        """DefNum of the definition ``name`` in DefCat ``category``."""
        try:
            return self.defs[(category, name)]
        except KeyError:
            raise KeyError(f"definition {name!r} missing from DefCat {category}") from None

    def fee(self, sched: int, code: Code, clinic: int = 0, prov: int = 0) -> int:
        """Fee in cents from schedule ``sched``: provider+clinic, provider, clinic, then default."""
        by_scope = self.fees.get((sched, code.code_num))
        if not by_scope:
            return 0
        for scope in ((clinic, prov), (0, prov), (clinic, 0), (0, 0)):
            if scope in by_scope:
                return by_scope[scope]
        return 0

    def code(self, proc_code: str) -> Code:
        """The code ``proc_code`` (e.g. 'D1110')."""
        return self.codes[proc_code]

    def active(self, kind: str, day: dt.date) -> list[Provider]:
        """Providers of ``kind`` who work in the practice on ``day`` (any weekday)."""
        return [
            p
            for p in self.providers.values()
            if p.kind == kind and not p.hidden and not (p.date_term and day > p.date_term)
        ]

    def ucr_sched(self) -> int:
        """FeeSchedNum of the practice's standard (UCR) schedule."""
        return self.fee_scheds["Standard UCR"]

    @classmethod
    def from_rows(cls, rows: Rows) -> Practice:
        """Build the practice view from OpenDental rows (generated or read back)."""
        defs = {(int(r["Category"]), str(r["ItemName"])): int(r["DefNum"]) for r in rows["definition"]}
        def_values = {int(r["DefNum"]): str(r["ItemValue"] or "") for r in rows["definition"]}
        hidden_defs = {int(r["DefNum"]) for r in rows["definition"] if r["IsHidden"]}
        specialty = {
            int(r["DefNum"]): str(r["ItemName"])
            for r in rows["definition"]
            if int(r["Category"]) == SPECIALTIES
        }
        providers = {int(r["ProvNum"]): _provider(r, specialty) for r in rows["provider"]}
        op_clinic, op_hygiene, op_owner = {}, {}, {}
        for op in sorted(rows["operatory"], key=lambda r: int(r["ItemOrder"])):
            if op["IsHidden"]:
                continue
            op_num = int(op["OperatoryNum"])
            op_clinic[op_num] = int(op["ClinicNum"])
            op_hygiene[op_num] = bool(op["IsHygiene"])
            owner = int(op["ProvHygienist"] if op["IsHygiene"] else op["ProvDentist"])
            if owner in providers:
                op_owner[op_num] = owner
                providers[owner].ops.append(op_num)
                providers[owner].clinic_num = int(op["ClinicNum"])
        specs = {spec.code: spec for spec in procedure_codes()}
        codes = {
            str(r["ProcCode"]): Code(int(r["CodeNum"]), specs[str(r["ProcCode"])])
            for r in rows["procedurecode"]
            if str(r["ProcCode"]) in specs
        }
        fees: dict[tuple[int, int], dict[tuple[int, int], int]] = defaultdict(dict)
        for r in rows["fee"]:
            scope = (int(r["ClinicNum"]), int(r["ProvNum"]))
            fees[(int(r["FeeSched"]), int(r["CodeNum"]))][scope] = round(float(r["Amount"]) * 100)
        covcats = {str(r["Description"]): int(r["CovCatNum"]) for r in rows["covcat"]}
        return cls(
            defs=defs,
            def_values=def_values,
            hidden_defs=hidden_defs,
            clinics=sorted(int(r["ClinicNum"]) for r in rows["clinic"] if not r["IsHidden"]),
            providers=providers,
            op_clinic=op_clinic,
            op_hygiene=op_hygiene,
            codes=codes,
            codes_by_num={c.code_num: c for c in codes.values()},
            fee_scheds={str(r["Description"]): int(r["FeeSchedNum"]) for r in rows["feesched"]},
            fees=dict(fees),
            covcats=covcats,
            plans=_plans(rows, covcats),
            recall_types={
                str(r["Description"]): (int(r["RecallTypeNum"]), int(r["DefaultInterval"]))
                for r in rows["recalltype"]
            },
            appointment_types={
                str(r["AppointmentTypeName"]): int(r["AppointmentTypeNum"]) for r in rows["appointmenttype"]
            },
            users=_users(rows["userod"]),
            user_of_provider={int(r["ProvNum"]): int(r["UserNum"]) for r in rows["userod"] if r["ProvNum"]},
            employees=[int(r["EmployeeNum"]) for r in rows["employee"] if not r["IsHidden"]],
            referral_doctors={
                specialty.get(int(r["Specialty"]), ""): int(r["ReferralNum"])
                for r in rows["referral"]
                if r["IsDoctor"] and not r["IsHidden"]
            },
            referral_sources=[
                int(r["ReferralNum"]) for r in rows["referral"] if r["NotPerson"] and not r["IsHidden"]
            ],
            discount_plan=min((int(r["DiscountPlanNum"]) for r in rows["discountplan"]), default=0),
            prefs={str(r["PrefName"]): str(r["ValueString"]) for r in rows["preference"]},
            op_owner=op_owner,
        )


def _provider(row: dict[str, Any], specialty: dict[int, str]) -> Provider:
    name = specialty.get(int(row["Specialty"]), "")
    if row["IsSecondary"]:
        kind = "hygienist"
    elif name == "General":
        kind = "dentist"
    elif name in {"Oral Surgery", "Endodontics", "Periodontics"}:
        kind = "specialist"
    else:
        kind = "other"
    term = row["DateTerm"]
    return Provider(
        prov_num=int(row["ProvNum"]),
        abbr=str(row["Abbr"] or ""),
        kind=kind,
        hidden=bool(row["IsHidden"]),
        fee_sched=int(row["FeeSched"]),
        date_term=term if isinstance(term, dt.date) and term.year > 1880 else None,
    )


def _plans(rows: Rows, covcats: dict[str, int]) -> dict[int, Plan]:
    carriers = {int(r["CarrierNum"]): r for r in rows["carrier"]}
    covcat_name = {num: name for name, num in covcats.items()}
    benefits: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for benefit in rows["benefit"]:
        benefits[int(benefit["PlanNum"])].append(benefit)
    plans = {}
    for r in rows["insplan"]:
        plan_num = int(r["PlanNum"])
        percents, annual_max, deductible = {}, 0, 0
        for b in benefits[plan_num]:
            btype, cov = int(b["BenefitType"]), int(b["CovCatNum"])
            if btype == 1 and cov in covcat_name:
                percents[covcat_name[cov]] = int(b["Percent"])
            elif btype == 5 and cov == 0 and int(b["CodeNum"]) == 0 and int(b["Quantity"]) == 0:
                annual_max = round(float(b["MonetaryAmt"]) * 100)
            elif btype == 2 and cov == 0:
                deductible = round(float(b["MonetaryAmt"]) * 100)
        carrier = carriers[int(r["CarrierNum"])]
        plans[plan_num] = Plan(
            plan_num=plan_num,
            carrier_num=int(r["CarrierNum"]),
            carrier_name=str(carrier["CarrierName"]),
            plan_type=str(r["PlanType"] or ""),
            fee_sched=int(r["FeeSched"]),
            copay_sched=int(r["CopayFeeSched"]),
            percents=percents,
            annual_max=annual_max,
            deductible=deductible,
            hidden=bool(r["IsHidden"]),
            legacy=bool(carrier["IsHidden"]),
        )
    return plans


def _users(rows: Sequence[dict[str, Any]]) -> dict[str, list[int]]:
    users: dict[str, list[int]] = defaultdict(list)
    for r in sorted(rows, key=lambda row: int(row["UserNum"])):
        if str(r["UserName"]) == "conversion":
            users["conversion"].append(int(r["UserNum"]))
        elif r["IsHidden"]:
            users["hidden"].append(int(r["UserNum"]))
        elif r["ProvNum"]:
            users["provider"].append(int(r["UserNum"]))
        elif str(r["UserName"]).lower() == "admin":
            users["admin"].append(int(r["UserNum"]))
        else:
            users["staff"].append(int(r["UserNum"]))
    return dict(users)
