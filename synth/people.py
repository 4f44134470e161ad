"""Patients and families: conversion on day one, new families later, insurance enrollment,
recalls, referrals, and the status changes of a patient base (inactive, archived, deceased,
deleted duplicates, prospective web-sched patients, non-patient guarantors, super families)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import audit, billing, clinical, insurance, procedures, visits
from .catalog import insurance as insurance_config
from .catalog import people
from .practice import (
    BILLING_TYPES,
    INS_VERIFY_STATUS,
    RECALL_UNSCHED,
    Provider,
    add_interval,
    pack_interval,
)
from .sim import Coverage, Family, Patient, Sim

BLANK = dt.date(1, 1, 1)
BLANK_TIME = dt.datetime(1, 1, 1)
SELF, SPOUSE, CHILD = 0, 1, 2


def _phone(sim: Sim) -> str:
    return f"(217){sim.rng.randrange(200, 999)}-{sim.rng.randrange(0, 10000):04d}"


def _birthdate(sim: Sim, age: int) -> dt.date:
    return sim.today - dt.timedelta(days=365 * age + sim.rng.randrange(0, 365))


def _clinic_providers(sim: Sim, clinic: int, kind: str) -> list[Provider]:
    active = [p for p in sim.practice.active(kind, sim.today) if p.ops]
    local = [p for p in active if p.clinic_num == clinic]
    return local or active


def new_family(sim: Sim, when: dt.datetime, *, converted: bool) -> Family:
    """Create a family (guarantor, maybe spouse and children) with insurance and recalls."""
    names = people()
    international = sim.chance(0.04)
    chosen = sim.pick(names["international"]) if international else None
    last = chosen[1] if chosen else sim.pick(names["last"])
    guarantor_age = int(sim.rng.triangular(22, 86, 42))
    members: list[tuple[str, int, int, int]] = []  # first name, gender, age, position
    guarantor_gender = chosen[2] if chosen else int(sim.chance(0.52))
    married = sim.chance(0.55)
    members.append(
        (
            chosen[0] if chosen else _first(sim, guarantor_gender),
            guarantor_gender,
            guarantor_age,
            1 if married else sim.weighted([0, 3, 4], [70, 10, 20]),
        )
    )
    if married:
        spouse_gender = 1 - guarantor_gender if sim.chance(0.96) else guarantor_gender
        members.append(
            (_first(sim, spouse_gender), spouse_gender, max(19, guarantor_age + sim.rng.randrange(-6, 7)), 1)
        )
    if guarantor_age < 56:
        for _ in range(sim.weighted([0, 1, 2, 3, 4], [35, 22, 28, 11, 4])):
            gender = int(sim.chance(0.5))
            members.append(
                (_first(sim, gender), gender, sim.rng.randrange(0, min(18, guarantor_age - 17)), 2)
            )
    clinics = sim.practice.clinics
    clinic = (
        0
        if converted and sim.chance(0.05)
        else sim.weighted(clinics, [3 if i == 0 else 2 for i in range(len(clinics))])
    )
    dentists = _clinic_providers(sim, clinic, "dentist")
    hygienists = _clinic_providers(sim, clinic, "hygienist")
    dentist = sim.pick(dentists).prov_num
    hygienist = sim.pick(hygienists).prov_num if hygienists and sim.chance(0.75) else 0
    city, state, zip_prefix = sim.pick(names["cities"])
    address = {
        "Address": f"{sim.rng.randrange(10, 9999)} {sim.pick(names['streets'])}",
        "City": city,
        "State": state,
        "Zip": f"{zip_prefix}{sim.rng.randrange(0, 100):02d}",
        "HmPhone": _phone(sim) if sim.chance(0.4) else "",
    }
    billing_type = sim.weighted(["Standard Account", "E-Statement", "Insurance Only"], [70, 22, 8])
    non_patient_guarantor = len(members) > 1 and sim.chance(0.08)
    staff_family = (converted and not sim.families) or sim.chance(0.003)
    guarantor_num = sim.store.next_key("patient")
    family = Family(
        guarantor=guarantor_num, members=[], billing_type=sim.practice.def_num(BILLING_TYPES, billing_type)
    )
    sim.families[guarantor_num] = family
    legacy = converted and sim.chance(0.12)
    for index, (first, gender, age, position) in enumerate(members):
        pat_num = guarantor_num if index == 0 else sim.store.next_key("patient")
        status = 1 if index == 0 and non_patient_guarantor else 0
        if converted and status == 0:
            status = sim.weighted([0, 2, 3, 5], [86, 8, 4, 2 if age > 60 else 0])
        patient = Patient(
            pat_num=pat_num,
            guarantor=guarantor_num,
            birthdate=BLANK if sim.chance(0.01) else _birthdate(sim, age),
            clinic_num=clinic,
            pri_prov=dentist,
            sec_prov=hygienist if status != 1 else 0,
            status=status,
            name=f"{first} {last}",
        )
        if staff_family:
            patient.fee_sched = sim.practice.fee_scheds["Staff and Family"]
        sim.patients[pat_num] = patient
        family.members.append(pat_num)
        row = _patient_row(
            sim, patient, first, last, gender, position, age, address, family, legacy, converted
        )
        sim.store.insert("patient", row, when, hold=dt.date.max)
        _patient_note(sim, patient, when, legacy)
    _enroll(sim, family, when, converted)
    for pat_num in family.members:
        patient = sim.patients[pat_num]
        if patient.status in (0, 2):
            _recalls(sim, patient, when, converted)
    if not converted:
        audit.security(
            sim,
            audit.PATIENT_CREATE,
            f"Patient {sim.patients[guarantor_num].name} created",
            when,
            pat_num=guarantor_num,
            fkey=guarantor_num,
        )
    return family


def _first(sim: Sim, gender: int) -> str:
    return sim.pick(people()["female_first" if gender == 1 else "male_first"])


def _patient_row(
    sim: Sim,
    patient: Patient,
    first: str,
    last: str,
    gender: int,
    position: int,
    age: int,
    address: dict[str, str],
    family: Family,
    legacy: bool,
    converted: bool,
) -> dict[str, Any]:
    adult = age >= 18
    email = f"{first.lower()}.{last.lower()}{sim.rng.randrange(1, 99)}@example.com".replace(" ", "").replace(
        "'", ""
    )
    first_visit = BLANK
    if converted and patient.status != 1 and sim.chance(0.9):
        first_visit = sim.today - dt.timedelta(days=sim.rng.randrange(60, 15 * 365))
        first_visit = max(first_visit, patient.birthdate if patient.birthdate.year > 1880 else first_visit)
    null = None if legacy else ""
    row: dict[str, Any] = {
        "PatNum": patient.pat_num,
        "LName": last,
        "FName": first,
        "MiddleI": (sim.pick("ABCDEFGHJKLMNPRSTW") if sim.chance(0.4) else "") if not legacy else None,
        "Preferred": first[:4] if sim.chance(0.05) else null,
        "PatStatus": patient.status,
        "Gender": gender if sim.chance(0.985) else sim.pick([2, 3]),
        "Position": position,
        "Birthdate": patient.birthdate,
        "SSN": f"{sim.rng.randrange(100, 899)}{sim.rng.randrange(10, 99)}{sim.rng.randrange(1000, 9999)}"
        if adult and sim.chance(0.6)
        else "",
        **address,
        "Address2": f"Apt {sim.rng.randrange(1, 40)}" if sim.chance(0.1) else null,
        "WkPhone": _phone(sim) if adult and sim.chance(0.2) else null,
        "WirelessPhone": _phone(sim) if age >= 13 and sim.chance(0.85) else "",
        "Guarantor": patient.guarantor,
        "CreditType": "",
        "Email": email if adult and sim.chance(0.6) else null,
        "Salutation": "" if not legacy else None,
        "EstBalance": 0.0,
        "PriProv": patient.pri_prov,
        "SecProv": patient.sec_prov,
        "FeeSched": patient.fee_sched,
        "BillingType": family.billing_type,
        "ImageFolder": f"{last}{first}{patient.pat_num}".replace(" ", "").replace("'", "")[:100],
        "AddrNote": None if converted else "",
        "FamFinUrgNote": None if converted else "",
        "MedUrgNote": "Premedicate before treatment" if sim.chance(0.03) else "",
        "ApptModNote": "",
        "StudentStatus": "F" if 18 <= age <= 23 and sim.chance(0.4) else ("N" if sim.chance(0.3) else ""),
        "SchoolName": "Greenfield University" if 18 <= age <= 23 and sim.chance(0.2) else "",
        "ChartNumber": f"A{patient.pat_num:05d}" if converted and sim.chance(0.7) else "",
        "MedicaidID": "",
        "County": "" if not legacy else None,
        "DateFirstVisit": first_visit,
        "ClinicNum": patient.clinic_num,
        "HasIns": "",
        "TrophyFolder": "",
        "PlannedIsDone": 0,
        "Premed": int(sim.chance(0.03)),
        "Ward": null,
        "PreferConfirmMethod": sim.weighted([0, 4, 5, 8], [40, 20, 10, 30]),
        "PreferContactMethod": sim.weighted([0, 2, 4, 5, 8], [40, 10, 20, 10, 20]),
        "PreferRecallMethod": sim.weighted([0, 5, 7, 8], [40, 15, 15, 30]),
        "SchedBeforeTime": None,
        "SchedAfterTime": None,
        "SchedDayOfWeek": 0,
        "Language": "spa" if sim.chance(0.05) else null,
        "AdmitDate": BLANK,
        "Title": sim.pick(["Mr.", "Ms.", "Mrs.", "Dr."]) if adult and sim.chance(0.2) else None,
        "PayPlanDue": 0.0,
        "SiteNum": 0,
        "ResponsParty": 0,
        "CanadianEligibilityCode": 0,
        "AskToArriveEarly": 10 if sim.chance(0.05) else 0,
        "PreferContactConfidential": 0,
        "SuperFamily": 0,
        "TxtMsgOk": sim.weighted([0, 1, 2], [40, 50, 10]),
        "SmokingSnoMed": "",
        "Country": "",
        "DateTimeDeceased": BLANK_TIME,
        "BillingCycleDay": 1,
        "SecUserNumEntry": sim.practice.users["conversion"][0] if converted else sim.user(),
        "HasSuperBilling": 0,
        "PatNumCloneFrom": 0,
        "DiscountPlanNum": 0,
        "HasSignedTil": 0,
        "ShortCodeOptIn": 0,
        "SecurityHash": "",
    }
    if patient.status == 5:
        row["DateTimeDeceased"] = dt.datetime.combine(
            sim.today - dt.timedelta(days=sim.rng.randrange(30, 900)), dt.time(0, 0)
        )
    return row


def _patient_note(sim: Sim, patient: Patient, when: dt.datetime, legacy: bool) -> None:
    if not sim.chance(0.7):
        return
    phrases = people()["note_phrases"]
    long_note = sim.chance(0.01)
    sim.store.insert(
        "patientnote",
        {
            "PatNum": patient.pat_num,
            "FamFinancial": "Guarantor prefers email statements."
            if sim.chance(0.05)
            else (None if legacy else ""),
            "ApptPhone": None,
            "Medical": people()["long_note_paragraph"] * 4
            if long_note
            else (sim.pick(phrases) if sim.chance(0.2) else ""),
            "Service": "",
            "MedicalComp": "",
            "Treatment": sim.pick(phrases) if sim.chance(0.1) else "",
            "ICEName": "",
            "ICEPhone": "",
            "OrthoMonthsTreatOverride": -1,
            "DateOrthoPlacementOverride": BLANK,
            "Consent": 0,
            "UserNumOrthoLocked": 0,
            "Pronoun": sim.weighted([0, 1, 2, 3], [85, 6, 7, 2]),
        },
        when,
        hold=dt.date.max,
    )


# ---- insurance ----------------------------------------------------------------------------------


def _plan_choices(sim: Sim, converted: bool) -> tuple[list[int], list[float]]:
    templates = insurance_config()["plan"]
    weight_by_carrier = {t["carrier"]: t["weight"] for t in templates}
    plans = sorted(sim.practice.plans.values(), key=lambda p: p.plan_num)
    choices, weights = [], []
    for plan in plans:
        if plan.legacy and not converted:
            continue
        groups = sum(1 for p in plans if p.carrier_num == plan.carrier_num)
        choices.append(plan.plan_num)
        weights.append(weight_by_carrier.get(plan.carrier_name, 1) / groups)
    return choices, weights


def _enroll(sim: Sim, family: Family, when: dt.datetime, converted: bool) -> None:
    if not sim.chance(0.72):
        if sim.practice.discount_plan and sim.chance(0.15):
            for pat_num in family.members:
                sim.store.insert(
                    "discountplansub",
                    {
                        "DiscountPlanNum": sim.practice.discount_plan,
                        "PatNum": pat_num,
                        "DateEffective": when.date(),
                        "DateTerm": BLANK,
                        "SubNote": "",
                    },
                    when,
                )
                sim.patients[pat_num].discount = True
        return
    choices, weights = _plan_choices(sim, converted)
    plan_num = sim.weighted(choices, weights)
    spouse = (
        family.members[1]
        if len(family.members) > 1 and sim.patients[family.members[1]].age(sim.today) >= 18
        else 0
    )
    subscriber = spouse if spouse and sim.chance(0.3) else family.guarantor
    coverages = [(subscriber, plan_num)]
    if spouse and sim.practice.plans[plan_num].plan_type != "c" and sim.chance(0.15):
        other = subscriber ^ spouse ^ family.guarantor if subscriber in (spouse, family.guarantor) else spouse
        second = sim.weighted(choices, weights)
        if sim.practice.plans[second].plan_type not in ("c",) and second != plan_num:
            coverages.append((other, second))
    effective = when.date() - dt.timedelta(days=sim.rng.randrange(30, 2000))
    subs = [subscribe(sim, subscriber_num, plan, effective, when) for subscriber_num, plan in coverages]
    for pat_num in family.members:
        patient = sim.patients[pat_num]
        if patient.status == 1 and pat_num not in (s for s, _ in coverages):
            continue
        order = list(zip(coverages, subs, strict=True))
        own = [item for item in order if item[0][0] == pat_num]
        order = own + [item for item in order if item not in own]
        for ordinal, ((subscriber_num, _), inssub) in enumerate(order, start=1):
            relationship = (
                SELF if subscriber_num == pat_num else (CHILD if patient.age(sim.today) < 18 else SPOUSE)
            )
            add_patplan(sim, patient, inssub, ordinal, relationship, when)


def subscribe(
    sim: Sim, subscriber: int, plan_num: int, effective: dt.date, when: dt.datetime
) -> tuple[int, int]:
    """An inssub row (subscriber enrolled in a plan); returns (InsSubNum, PlanNum)."""
    row = sim.store.insert(
        "inssub",
        {
            "PlanNum": plan_num,
            "Subscriber": subscriber,
            "DateEffective": effective,
            "DateTerm": BLANK,
            "ReleaseInfo": 1,
            "AssignBen": int(sim.chance(0.9)),
            "SubscriberID": f"{sim.rng.choice('WXYZ')}{sim.rng.randrange(10**8, 10**9)}",
            "BenefitNotes": "",
            "SubscNote": "" if sim.chance(0.95) else "Dual coverage through spouse",
            "SecUserNumEntry": sim.user(),
        },
        when,
        hold=dt.date.max,
    )
    return int(row["InsSubNum"]), plan_num


def add_patplan(
    sim: Sim, patient: Patient, inssub: tuple[int, int], ordinal: int, relationship: int, when: dt.datetime
) -> None:
    """A patplan row: the patient is covered by an inssub at ``ordinal`` (1 = primary)."""
    row = sim.store.insert(
        "patplan",
        {
            "PatNum": patient.pat_num,
            "Ordinal": ordinal,
            "IsPending": 0,
            "Relationship": relationship,
            "PatID": "",
            "InsSubNum": inssub[0],
            "OrthoAutoFeeBilledOverride": -1.0,
            "OrthoAutoNextClaimDate": BLANK,
        },
        when,
        hold=dt.date.max,
    )
    patient.coverage.append(
        Coverage(
            patplan_num=int(row["PatPlanNum"]),
            inssub_num=inssub[0],
            plan_num=inssub[1],
            ordinal=ordinal,
            relationship=relationship,
        )
    )
    sim.store.update("patient", patient.pat_num, when, HasIns="I")
    verified = sim.store.insert(
        "insverify",
        {
            "DateLastVerified": when.date(),
            "UserNum": sim.user(),
            "VerifyType": 2,
            "FKey": row["PatPlanNum"],
            "DefNum": sim.practice.def_num(INS_VERIFY_STATUS, "Verified"),
            "Note": "",
            "DateLastAssigned": BLANK,
            "HoursAvailableForVerification": 0.0,
        },
        when,
        hold=dt.date.max,
    )
    sim.insverify[int(row["PatPlanNum"])] = int(verified["InsVerifyNum"])


def switch_plans(sim: Sim, family: Family, when: dt.datetime) -> None:
    """A family changes insurance (new employer): old coverage ends (inssub.DateTerm set, patplans
    hard-deleted), new coverage starts, treatment-plan estimates are recalculated."""
    old_subs = {cov.inssub_num for pat_num in family.members for cov in sim.patients[pat_num].coverage}
    if not old_subs:
        return
    for pat_num in family.members:
        patient = sim.patients[pat_num]
        for cov in patient.coverage:
            if sim.store.has("patplan", cov.patplan_num):
                sim.store.delete("patplan", cov.patplan_num)
            verify = sim.insverify.pop(cov.patplan_num, 0)
            if verify and sim.store.has("insverify", verify):
                sim.store.update(
                    "insverify", verify, when, DefNum=sim.practice.def_num(INS_VERIFY_STATUS, "Terminated")
                )
        patient.coverage = []
    for old_sub in sorted(old_subs):
        if sim.store.has("inssub", old_sub):
            sim.store.update("inssub", old_sub, when, DateTerm=when.date() - dt.timedelta(days=1))
    choices, weights = _plan_choices(sim, False)
    plan_num = sim.weighted(choices, weights)
    inssub = subscribe(sim, family.guarantor, plan_num, when.date(), when)
    for pat_num in family.members:
        patient = sim.patients[pat_num]
        if patient.status in (4, 5):
            continue
        relationship = (
            SELF if pat_num == family.guarantor else (CHILD if patient.age(sim.today) < 18 else SPOUSE)
        )
        add_patplan(sim, patient, inssub, 1, relationship, when)
        for proc_num in list(patient.tp):
            proc = sim.procs.get(proc_num)
            if proc is not None and not proc.apt_num:
                insurance.drop_estimates(sim, proc)
                insurance.add_estimates(sim, proc, patient, when, sim.today)
    audit.security(sim, audit.PAT_PLAN_CREATE, "Insurance changed", when, pat_num=family.guarantor)
    sim.count("insurance plan changes")


# ---- recalls ------------------------------------------------------------------------------------


def _recalls(sim: Sim, patient: Patient, when: dt.datetime, converted: bool) -> None:
    age = patient.age(sim.today)
    cleaning = "Child Prophy" if age < 14 else ("Perio" if patient.perio and sim.chance(0.5) else "Prophy")
    wanted = (
        [cleaning]
        + (["4BW"] if age >= 6 else [])
        + (["FMX"] if age >= 18 and sim.chance(0.4) else [])
        + (["Pano"] if sim.chance(0.3) else [])
    )
    for name in wanted:
        type_num, interval = sim.practice.recall_types[name]
        if name == cleaning and sim.chance(0.04):
            interval = pack_interval(months=4)
        previous = BLANK
        due = sim.today
        if converted:
            previous = sim.today - dt.timedelta(days=sim.rng.randrange(20, 260 if name == cleaning else 700))
            due = add_interval(previous, interval)
            if sim.chance(0.15):
                due -= dt.timedelta(days=sim.rng.randrange(100, 500))  # long overdue
        disabled = sim.chance(0.02) or patient.status in (2, 3, 5)
        row = sim.store.insert(
            "recall",
            {
                "PatNum": patient.pat_num,
                "DateDueCalc": due if previous != BLANK else BLANK,
                "DateDue": due,
                "DatePrevious": previous,
                "RecallInterval": interval,
                "RecallStatus": 0,
                "Note": None if converted and sim.chance(0.3) else "",
                "IsDisabled": int(disabled),
                "RecallTypeNum": type_num,
                "DisableUntilBalance": 0.0,
                "DisableUntilDate": BLANK,
                "DateScheduled": BLANK,
                "Priority": 0,
                "TimePatternOverride": "",
            },
            when,
            hold=dt.date.max,
        )
        patient.recalls[type_num] = int(row["RecallNum"])
        if name == cleaning and not disabled and patient.status == 0 and converted:
            sim.schedule(max(sim.today, due - dt.timedelta(days=28)), "recall_due", patient.pat_num)


def recall_due(sim: Sim, pat_num: int) -> None:
    """Event: a recall comes due; the patient books (phone, text, Web Sched) or gets a reminder."""
    patient = sim.patients.get(pat_num)
    if patient is None or patient.status != 0 or patient.next_apt:
        return
    cleaning = [
        patient.recalls[sim.practice.recall_types[name][0]]
        for name in visits.CLEANING_TYPES
        if sim.practice.recall_types[name][0] in patient.recalls
    ]
    if not cleaning or not sim.store.has("recall", cleaning[0]):
        return
    recall = sim.store.get("recall", cleaning[0])
    if recall["IsDisabled"]:
        return
    scheduled = recall["DateScheduled"]
    if isinstance(scheduled, dt.date) and scheduled >= sim.today:
        # pre-booked at the last visit: look again after that appointment's day
        sim.schedule(scheduled + dt.timedelta(days=14), "recall_due", pat_num)
        return
    due = recall["DateDue"]
    if isinstance(due, dt.date) and due > sim.today + dt.timedelta(days=28):
        return  # a stale reminder: the patient was seen since and the next one is scheduled
    overdue = (sim.today - recall["DateDue"]).days if recall["DateDue"].year > 1880 else 0
    when = sim.office_time(8, 17)
    if sim.chance(0.55 if overdue < 180 else 0.2):
        web = sim.chance(0.2)
        visits.book_recall(sim, patient, when, source=audit.WEB_SCHED if web else 0)
        return
    status = sim.pick(["Left Message", "Sent Postcard", "Call Back"])
    sim.store.update("recall", cleaning[0], when, RecallStatus=sim.practice.def_num(RECALL_UNSCHED, status))
    audit.commlog(
        sim,
        pat_num,
        when,
        "Recall",
        f"Recall reminder: {status.lower()}.",
        mode=2 if status == "Sent Postcard" else 3,
        source=0 if sim.chance(0.5) else 4,
    )
    if overdue < 720:
        sim.schedule(sim.today + dt.timedelta(days=sim.rng.randrange(21, 60)), "recall_due", pat_num)


# ---- arrivals and the patient base over time ----------------------------------------------------


def convert(sim: Sim, when: dt.datetime) -> Family:
    """A family converted from the previous software on day one (existing work, old balances)."""
    family = new_family(sim, when, converted=True)
    retired = [p.prov_num for p in sim.practice.providers.values() if p.hidden and p.kind == "dentist"]
    for pat_num in family.members:
        patient = sim.patients[pat_num]
        if patient.status == 1:
            continue
        for item in clinical.existing_work(sim, patient, sim.today):
            done = sim.today - dt.timedelta(days=sim.rng.randrange(200, 4000))
            prov = retired[0] if retired and item.status == 3 and sim.chance(0.5) else patient.pri_prov
            procedures.chart(
                sim,
                patient,
                item,
                prov,
                0 if sim.chance(0.5) else patient.clinic_num,
                when,
                done,
                user=sim.practice.users["conversion"][0],
                legacy=True,
            )
        if sim.chance(0.1):
            imported = audit.commlog(
                sim,
                pat_num,
                when,
                "Misc",
                "Imported note: " + sim.pick(people()["note_phrases"]),
                mode=0,
                sent=0,
                source=None,
                user=sim.practice.users["conversion"][0],
            )
            imported["DateTEntry"] = BLANK_TIME  # rows older than the column keep its blank value
            imported["CommDateTime"] = (
                "0000-00-00 00:00:00"
                if sim.chance(0.2)
                else dt.datetime.combine(
                    sim.today - dt.timedelta(days=sim.rng.randrange(100, 3000)), dt.time(10)
                )
            )
    if sim.chance(0.12):
        amount = sim.rng.randrange(2000, 60000)
        billing.charge_adjustment(
            sim, family.guarantor, "Balance Forward", amount, when, "Balance forward from previous software"
        )
    if sim.chance(0.3):
        _refer(sim, family, when, legacy=True)
    return family


def arrive(sim: Sim, when: dt.datetime) -> None:
    """A new family calls (or books online): patients, referral source, first visits."""
    family = new_family(sim, when, converted=False)
    _refer(sim, family, when, legacy=False)
    web = sim.chance(0.15)
    for index, pat_num in enumerate(family.members):
        patient = sim.patients[pat_num]
        if patient.status != 0:
            continue
        if web:
            sim.store.update("patient", pat_num, when, PatStatus=6)
            patient.status = 6
        booked = visits.book_recall(
            sim,
            patient,
            when + dt.timedelta(minutes=index),
            new_patient=True,
            source=audit.WEB_SCHED if web else 0,
        )
        if booked and patient.coverage:
            insurance.insurance_history(
                sim, patient, visits.make_existing(sim), when + dt.timedelta(minutes=index)
            )
    if sim.chance(0.01):
        _duplicate(sim, family, when)


def _refer(sim: Sim, family: Family, when: dt.datetime, *, legacy: bool) -> None:
    roll = sim.rng.random()
    referral = 0
    if roll < 0.55 and sim.practice.referral_sources:
        referral = sim.pick(sim.practice.referral_sources)
    elif roll < 0.75 and len(sim.patients) > 50:
        referrer = sim.pick(sim.active) if sim.active else sim.pick(sorted(sim.families))
        referral = _patient_referral(sim, referrer, when)
    elif roll < 0.85 and sim.practice.referral_doctors:
        referral = sim.pick(sorted(sim.practice.referral_doctors.values()))
    if not referral:
        return
    sim.store.insert(
        "refattach",
        {
            "ReferralNum": referral,
            "PatNum": family.guarantor,
            "ItemOrder": 1,
            "RefDate": "0000-00-00" if legacy and sim.chance(0.5) else when.date(),
            "RefType": 1,
            "RefToStatus": 0,
            "Note": None if legacy else "",
            "IsTransitionOfCare": 0,
            "ProcNum": 0,
            "DateProcComplete": BLANK,
            "ProvNum": 0,
        },
        when,
    )


def _patient_referral(sim: Sim, pat_num: int, when: dt.datetime) -> int:
    """Existing patients who refer others get a referral row of their own (referral.PatNum)."""
    known = sim.patient_referrals.get(pat_num)
    if known:
        return known
    row = sim.store.get("patient", pat_num)
    referral = sim.store.insert(
        "referral",
        {
            "LName": row["LName"],
            "FName": row["FName"],
            "MName": "",
            "Specialty": 0,
            "PatNum": pat_num,
            "Note": "",
            "IsDoctor": 0,
            "NotPerson": 0,
            "BusinessName": "",
            "DisplayNote": "",
            "NationalProvID": "",
        },
        when,
        hold=dt.date.max,
    )
    sim.patient_referrals[pat_num] = int(referral["ReferralNum"])
    return int(referral["ReferralNum"])


def _duplicate(sim: Sim, family: Family, when: dt.datetime) -> None:
    """A duplicate entered by mistake and 'deleted' (PatStatus 4, its own family, cleared fields)."""
    original = sim.store.get("patient", family.guarantor)
    pat_num = sim.store.next_key("patient")
    row = dict(original)
    for key in ("DateTStamp", "SecDateEntry"):
        row.pop(key, None)
    row.update(
        PatNum=pat_num,
        Guarantor=pat_num,
        PatStatus=4,
        ChartNumber="",
        ClinicNum=0,
        FeeSched=0,
        SuperFamily=0,
        HasIns="",
    )
    sim.store.insert("patient", row, when + dt.timedelta(minutes=1), hold=dt.date.max)
    sim.patients[pat_num] = Patient(
        pat_num=pat_num,
        guarantor=pat_num,
        birthdate=row["Birthdate"],
        clinic_num=0,
        pri_prov=int(row["PriProv"]),
        sec_prov=0,
        status=4,
    )
    sim.families[pat_num] = Family(guarantor=pat_num, members=[pat_num], billing_type=int(row["BillingType"]))
    sim.count("duplicate patients deleted")


def super_families(sim: Sim, when: dt.datetime) -> None:
    """Link a few converted families into super families (shared SuperFamily = head's PatNum)."""
    guarantors = [g for g in sorted(sim.families) if sim.patients[g].status == 0]
    count = max(1, len(guarantors) // 150)
    for _ in range(count):
        heads = sim.rng.sample(guarantors, min(3, len(guarantors)))
        head = heads[0]
        for guarantor in heads:
            for pat_num in sim.families[guarantor].members:
                sim.store.update("patient", pat_num, when, SuperFamily=head)


def monthly_maintenance(sim: Sim, when: dt.datetime) -> None:
    """Status changes of the patient base: inactive, archived, deceased, moved away."""
    horizon = sim.today - dt.timedelta(days=540)
    for patient in list(sim.patients.values()):
        if (
            patient.status == 0
            and not patient.next_apt
            and patient.last_visit
            and patient.last_visit < horizon
        ):
            if sim.chance(0.08):
                _set_status(sim, patient, 2, when)
        elif (
            patient.status == 2
            and patient.last_visit
            and patient.last_visit < sim.today - dt.timedelta(days=1100)
        ):
            if sim.chance(0.05):
                _set_status(sim, patient, 3, when)
        elif patient.status == 0 and patient.age(sim.today) > 72 and sim.chance(0.0015):
            _set_status(sim, patient, 5, when)
            sim.store.update(
                "patient",
                patient.pat_num,
                when,
                DateTimeDeceased=dt.datetime.combine(sim.today - dt.timedelta(days=3), dt.time(0)),
            )
            for recall_num in patient.recalls.values():
                if sim.store.has("recall", recall_num):
                    sim.store.update("recall", recall_num, when, IsDisabled=1)
        elif patient.status == 0 and sim.chance(0.0008):
            for recall_num in patient.recalls.values():
                if sim.store.has("recall", recall_num):
                    sim.store.update(
                        "recall",
                        recall_num,
                        when,
                        RecallStatus=sim.practice.def_num(RECALL_UNSCHED, "Moved Away"),
                    )
            _set_status(sim, patient, 2, when)


def _set_status(sim: Sim, patient: Patient, status: int, when: dt.datetime) -> None:
    patient.status = status
    sim.store.update("patient", patient.pat_num, when, PatStatus=status)
    audit.security(
        sim,
        audit.PATIENT_EDIT,
        f"Patient status changed to {status}",
        when,
        pat_num=patient.pat_num,
        fkey=patient.pat_num,
    )
