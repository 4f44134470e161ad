"""Patient money: payments and splits, prepayments, income transfers, adjustments, statements,
collections, refunds, payment plans (version 1) and deposits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import audit, ledger
from .practice import (
    ADJ_TYPES,
    AUTO_DEPOSIT,
    BILLING_TYPES,
    PAYMENT_TYPES,
    PAYPLAN_CATEGORIES,
    UNEARNED_TYPES,
)
from .sim import Charge, Family, Sim, money

PAY_TYPES = (
    ("Credit Card", 46),
    ("Check", 18),
    ("Cash", 9),
    ("Debit Card", 17),
    ("CareCredit", 6),
    ("Money Order", 0),
)
DEPOSITED_TYPES = ("Check", "Cash", "Money Order")


# ---- payments -----------------------------------------------------------------------------------


def pay_type(sim: Sim, day: dt.date) -> int:
    """A patient payment type; money orders only early in the history (the type is hidden later)."""
    weights = [weight or (3 if (day - sim.start).days < 120 else 0) for _, weight in PAY_TYPES]
    name = sim.weighted([name for name, _ in PAY_TYPES], weights)
    return sim.practice.def_num(PAYMENT_TYPES, name)


def new_payment(
    sim: Sim,
    pat_num: int,
    when: dt.datetime,
    pay_type_num: int,
    clinic_num: int,
    note: str = "",
    user: int | None = None,
) -> dict[str, Any]:
    """Insert a payment header (PayAmt is set by :func:`close_payment`)."""
    check = pay_type_num == sim.practice.defs.get((PAYMENT_TYPES, "Check"))
    row = sim.store.insert(
        "payment",
        {
            "PayType": pay_type_num,
            "PayDate": when.date(),
            "PayAmt": 0.0,
            "CheckNum": str(sim.rng.randrange(1001, 9999)) if check else "",
            "BankBranch": "",
            "PayNote": note,
            "PatNum": pat_num,
            "ClinicNum": clinic_num,
            "DepositNum": 0,
            "Receipt": "",
            "SecUserNumEntry": user if user is not None else sim.user(),
            "ExternalId": "",
            "RecurringChargeDate": dt.date(1, 1, 1),
        },
        when,
    )
    row["_splits"] = 0
    return row


def add_split(
    sim: Sim,
    payment: dict[str, Any],
    pat_num: int,
    amount: int,
    prov_num: int,
    clinic_num: int,
    when: dt.datetime,
    *,
    proc_num: int = 0,
    adj_num: int = 0,
    unearned: int = 0,
    payplan: int = 0,
    payplan_charge: int = 0,
) -> dict[str, Any]:
    """Insert a paysplit of ``amount`` cents and post it to the family ledger."""
    row = sim.store.insert(
        "paysplit",
        {
            "SplitAmt": money(amount),
            "PatNum": pat_num,
            "PayNum": payment["PayNum"],
            "ProcDate": "0000-00-00"
            if sim.chance(0.01)
            else dt.date(1, 1, 1),  # deprecated; old versions wrote zero
            "ProvNum": prov_num,
            "PayPlanNum": payplan,
            "DatePay": payment["PayDate"],
            "ProcNum": proc_num,
            "UnearnedType": unearned,
            "ClinicNum": clinic_num,
            "SecUserNumEntry": payment["SecUserNumEntry"],
            "AdjNum": adj_num,
            "PayPlanChargeNum": payplan_charge,
            "PayPlanDebitType": 1 if payplan else 0,
            "SecurityHash": "",
        },
        when,
    )
    payment["_splits"] += amount
    hidden = unearned and sim.practice.def_values.get(unearned)
    if not hidden and not payplan:
        ledger.post(sim, pat_num, balance=-amount)
    return row


def close_payment(sim: Sim, payment: dict[str, Any], when: dt.datetime) -> None:
    """Set PayAmt to the sum of the splits and log the payment."""
    total = payment.pop("_splits")
    payment["PayAmt"] = money(total)
    if payment["PayType"] and sim.practice.defs.get((PAYMENT_TYPES, "Credit Card")) == payment["PayType"]:
        payment["MerchantFee"] = money(round(total * 0.0275)) if sim.chance(0.3) else 0.0
    audit.security(
        sim,
        audit.PAYMENT_CREATE,
        f"Payment of {money(total):.2f} entered.",
        when,
        pat_num=int(payment["PatNum"]),
        fkey=int(payment["PayNum"]),
        user=int(payment["SecUserNumEntry"]),
    )


def allocate(sim: Sim, payment: dict[str, Any], charges: list[Charge], amount: int, when: dt.datetime) -> int:
    """Split ``amount`` over ``charges`` oldest first; return what is left unallocated."""
    left = amount
    for charge in charges:
        if left <= 0:
            break
        part = min(left, charge.remaining)
        if part <= 0:
            continue
        add_split(
            sim,
            payment,
            charge.pat_num,
            part,
            charge.prov_num,
            charge.clinic_num,
            when,
            proc_num=charge.proc_num,
            adj_num=charge.adj_num,
        )
        charge.remaining -= part
        left -= part
    return left


def pay(
    sim: Sim,
    family: Family,
    amount: int,
    when: dt.datetime,
    *,
    charges: list[Charge] | None = None,
    payer: int | None = None,
    pay_type_num: int | None = None,
    note: str = "",
) -> dict[str, Any] | None:
    """A patient payment of ``amount`` cents allocated to ``charges`` (default: the family's, oldest
    first). What is left becomes a prepayment (unearned) or, for some offices, an unallocated split."""
    if amount <= 0:
        return None
    payer = payer or family.guarantor
    patient = sim.patients[payer]
    clinic = patient.clinic_num
    payment = new_payment(sim, payer, when, pay_type_num or pay_type(sim, when.date()), clinic, note)
    targets = charges if charges is not None else ledger.open_charges(sim, family.guarantor)
    left = allocate(sim, payment, targets, amount, when)
    if left > 0:
        if sim.chance(0.3):
            add_split(
                sim, payment, family.guarantor, left, sim.patients[family.guarantor].pri_prov, clinic, when
            )
        else:
            prepay_type = sim.practice.def_num(UNEARNED_TYPES, "Prepayment")
            add_split(sim, payment, family.guarantor, left, 0, clinic, when, unearned=prepay_type)
            family.prepaid += left
    close_payment(sim, payment, when)
    return payment


def prepay(sim: Sim, family: Family, amount: int, when: dt.datetime, *, hidden: bool) -> None:
    """A prepayment toward planned treatment (hidden type: excluded from income and aging)."""
    name = "Treatment Plan Prepayment" if hidden else "Prepayment"
    unearned = sim.practice.def_num(UNEARNED_TYPES, name)
    payment = new_payment(
        sim,
        family.guarantor,
        when,
        pay_type(sim, when.date()),
        sim.patients[family.guarantor].clinic_num,
        note=f"{name} for treatment plan",
    )
    add_split(
        sim,
        payment,
        family.guarantor,
        amount,
        0,
        sim.patients[family.guarantor].clinic_num,
        when,
        unearned=unearned,
    )
    close_payment(sim, payment, when)
    if hidden:
        family.tp_prepaid += amount
    else:
        family.prepaid += amount


def transfer_unearned(sim: Sim, family: Family, charges: list[Charge], when: dt.datetime) -> None:
    """Income transfer: move prepaid (unearned) money onto charges. PayType 0, splits net to zero."""
    for hidden in (True, False):
        available = family.tp_prepaid if hidden else family.prepaid
        if available <= 0:
            continue
        wanted = min(available, sum(max(c.remaining, 0) for c in charges))
        if wanted <= 0:
            return
        name = "Treatment Plan Prepayment" if hidden else "Prepayment"
        unearned = sim.practice.def_num(UNEARNED_TYPES, name)
        payment = new_payment(
            sim, family.guarantor, when, 0, sim.patients[family.guarantor].clinic_num, note="Income transfer"
        )
        add_split(
            sim,
            payment,
            family.guarantor,
            -wanted,
            0,
            sim.patients[family.guarantor].clinic_num,
            when,
            unearned=unearned,
        )
        allocate(sim, payment, charges, wanted, when)
        close_payment(sim, payment, when)
        if hidden:
            family.tp_prepaid -= wanted
        else:
            family.prepaid -= wanted
        sim.count("income transfers")


def checkout(sim: Sim, pat_num: int, charges: list[Charge], when: dt.datetime) -> None:
    """At the front desk after a visit: use prepayments, then maybe collect the estimated portion."""
    family = sim.family_of(pat_num)
    if family.prepaid > 0 or family.tp_prepaid > 0:
        transfer_unearned(sim, family, charges, when)
    portion = sum(max(c.remaining, 0) for c in charges)
    if portion <= 0:
        return
    if family.collections or sim.chance(0.35 + 0.55 * family.reliability):
        # an account that went to collections is cash only: it pays its whole portion at the desk
        amount = portion if family.collections or sim.chance(0.85) else max(100, portion // 2)
        payer = pat_num if sim.patients[pat_num].age(when.date()) >= 18 else family.guarantor
        pay(sim, family, amount, when, charges=charges, payer=payer)
        if sim.chance(0.05):
            _receipt(sim, family, when)


# ---- adjustments --------------------------------------------------------------------------------


def adjust(
    sim: Sim,
    pat_num: int,
    type_name: str,
    amount: int,
    when: dt.datetime,
    prov_num: int,
    clinic_num: int,
    *,
    proc_num: int = 0,
    proc_date: dt.date | None = None,
    note: str | None = "",
    day: dt.date | None = None,
) -> dict[str, Any]:
    """Insert an adjustment of ``amount`` cents (signed) of AdjTypes ``type_name``."""
    row = sim.store.insert(
        "adjustment",
        {
            "AdjDate": day or when.date(),
            "AdjAmt": money(amount),
            "PatNum": pat_num,
            "AdjType": sim.practice.def_num(ADJ_TYPES, type_name),
            "ProvNum": prov_num,
            "AdjNote": note,
            "ProcDate": proc_date or dt.date(1, 1, 1),
            "ProcNum": proc_num,
            "ClinicNum": clinic_num,
            "StatementNum": 0,
            "SecUserNumEntry": sim.user(),
            "TaxTransID": 0,
        },
        when,
    )
    ledger.post(sim, pat_num, balance=amount)
    audit.security(
        sim,
        audit.ADJUSTMENT_CREATE,
        f"Adjustment {type_name} {money(amount):.2f}",
        when,
        pat_num=pat_num,
        fkey=int(row["AdjNum"]),
    )
    return row


def charge_adjustment(
    sim: Sim, pat_num: int, type_name: str, amount: int, when: dt.datetime, note: str = ""
) -> None:
    """A positive adjustment the family owes (broken-appointment fee, finance charge, ...)."""
    patient = sim.patients[pat_num]
    row = adjust(sim, pat_num, type_name, amount, when, patient.pri_prov, patient.clinic_num, note=note)
    ledger.open_charge(
        sim, pat_num, patient.pri_prov, patient.clinic_num, when.date(), amount, adj_num=int(row["AdjNum"])
    )


def write_off_charges(
    sim: Sim, family: Family, type_name: str, amount: int, when: dt.datetime, note: str
) -> None:
    """A negative adjustment that closes the family's oldest charges (bad debt, small balance)."""
    guarantor = sim.patients[family.guarantor]
    adjust(
        sim, family.guarantor, type_name, -amount, when, guarantor.pri_prov, guarantor.clinic_num, note=note
    )
    left = amount
    for charge in ledger.open_charges(sim, family.guarantor):
        part = min(left, charge.remaining)
        charge.remaining -= part
        left -= part
        if left <= 0:
            break


# ---- statements and collections -----------------------------------------------------------------


# Collection policy of the practice (docs/synthetic-practice.md, "Money the practice collects").
FOLLOW_UP_DAYS = 60  # an open charge this old gets a collection call with the statement
BAD_DEBT_DAYS = 150  # ... and this old, for a family that does not pay, a bad-debt write-off


def statements(sim: Sim, when: dt.datetime) -> None:
    """Monthly billing: a statement for every family that owes something, then what follows it.

    Most families pay their statement within a few weeks (the more reliable, the sooner and the
    more surely). Balances older than :data:`FOLLOW_UP_DAYS` get a collection call, after which
    most families pay; what is still unpaid after :data:`BAD_DEBT_DAYS` from a family that keeps
    not paying is written off as bad debt and the account goes to a collection agency.
    """
    for family in list(sim.families.values()):
        due = family.patient_due
        guarantor = sim.patients[family.guarantor]
        if guarantor.status == 4 or family.collections:
            continue
        if 0 < due < 500:
            write_off_charges(sim, family, "Small Balance Write-off", due, when, "Balance under $5.00")
            continue
        if due < 500:
            if family.bal < -5000 and sim.chance(0.25):
                refund(sim, family, -family.bal, when)
            continue
        statement = _statement(sim, family, when)
        family.last_statement = when.date()
        reliability = family.reliability
        oldest = ledger.open_charges(sim, family.guarantor)
        age = (when.date() - oldest[0].day).days if oldest else 0
        bad_debt = age >= BAD_DEBT_DAYS and sim.chance(0.6 - 0.5 * reliability)
        if bad_debt and _maybe_collections(sim, family, when):
            continue
        if age >= FOLLOW_UP_DAYS:
            _collection_call(sim, family, when)
        if sim.chance(0.6 + 0.38 * reliability + (0.15 if age >= FOLLOW_UP_DAYS else 0.0)):
            delay = int(4 + (1 - reliability) * 18 + sim.rng.randrange(0, 8))
            share = 1.0 if sim.chance(0.8) else sim.rng.uniform(0.4, 0.8)
            sim.schedule(
                sim.next_workday(when.date(), delay),
                "statement_payment",
                family.guarantor,
                int(statement["StatementNum"]),
                share,
            )


def _collection_call(sim: Sim, family: Family, when: dt.datetime) -> None:
    """The front desk calls about a balance past due (a commlog of the Financial type)."""
    audit.commlog(
        sim,
        family.guarantor,
        when + dt.timedelta(hours=2),
        "Financial",
        f"Called about the past-due balance of {money(family.patient_due):.2f}.",
        mode=3,
        duration_minutes=4,
    )
    sim.count("collection calls")


def statement_payment(sim: Sim, guarantor: int, statement_num: int, share: float) -> None:
    """Event: the family pays (part of) what the statement said."""
    family = sim.families.get(guarantor)
    if family is None or family.collections:
        return
    amount = round(max(family.patient_due, 0) * share)
    if amount >= 500:
        pay(sim, family, amount, sim.office_time(9, 16), note=f"Statement #{statement_num}")


def _statement(sim: Sim, family: Family, when: dt.datetime) -> dict[str, Any]:
    guarantor_row = sim.store.get("patient", family.guarantor)
    email = bool(guarantor_row.get("Email")) and guarantor_row["BillingType"] == sim.practice.def_num(
        BILLING_TYPES, "E-Statement"
    )
    mode = 2 if email else (3 if sim.chance(0.5) else 0)
    start = family.last_statement or (when.date() - dt.timedelta(days=45))
    open_ended = sim.chance(0.08)
    row = sim.store.insert(
        "statement",
        {
            "PatNum": family.guarantor,
            "DateSent": when.date(),
            "DateRangeFrom": start,
            "DateRangeTo": dt.date(2200, 1, 1) if open_ended else when.date(),
            "Note": "",
            "NoteBold": "",
            "Mode_": mode,
            "HidePayment": 0,
            "SinglePatient": 0,
            "Intermingled": 1,
            "IsSent": int(sim.chance(0.97)),
            "DocNum": 0,
            "IsReceipt": 0,
            "IsInvoice": 0,
            "IsInvoiceCopy": 0,
            "EmailSubject": "Your statement from Main Street Dental" if mode == 2 else "",
            "EmailBody": "Please find your statement attached." if mode == 2 else "",
            "SuperFamily": guarantor_row.get("SuperFamily", 0) if sim.chance(0.5) else 0,
            "IsBalValid": 1,
            "InsEst": money(family.ins_est),
            "BalTotal": money(family.bal),
            "StatementType": "LimitedStatement" if sim.chance(0.02) else "NotSet",
            "ShortGUID": "",
            "StatementShortURL": "",
            "StatementURL": "",
            "SmsSendStatus": 0,
            "LimitedCustomFamily": 0,
        },
        when,
    )
    if sim.chance(0.3):
        audit.commlog(
            sim,
            family.guarantor,
            when,
            "Statement Sent",
            "Statement sent.",
            mode=2 if mode == 2 else 2,
            source=0,
        )
    return row


def _receipt(sim: Sim, family: Family, when: dt.datetime) -> None:
    sim.store.insert(
        "statement",
        {
            "PatNum": family.guarantor,
            "DateSent": when.date(),
            "DateRangeFrom": when.date(),
            "DateRangeTo": when.date(),
            "Note": "",
            "NoteBold": "",
            "Mode_": 1,
            "HidePayment": 0,
            "SinglePatient": 1,
            "Intermingled": 0,
            "IsSent": 1,
            "IsReceipt": 1,
            "IsInvoice": 0,
            "EmailSubject": "",
            "EmailBody": "",
            "IsBalValid": 1,
            "InsEst": money(family.ins_est),
            "BalTotal": money(family.bal),
            "StatementType": "NotSet",
            "ShortGUID": "",
            "StatementShortURL": "",
            "StatementURL": "",
        },
        when,
    )


def invoice(sim: Sim, pat_num: int, proc_nums: list[int], when: dt.datetime) -> None:
    """An invoice statement listing procedures (statementprod rows); procedurelog.StatementNum is set."""
    family = sim.family_of(pat_num)
    row = sim.store.insert(
        "statement",
        {
            "PatNum": pat_num,
            "DateSent": when.date(),
            "DateRangeFrom": when.date(),
            "DateRangeTo": when.date(),
            "Note": "Invoice",
            "NoteBold": "",
            "Mode_": 1,
            "HidePayment": 0,
            "SinglePatient": 1,
            "Intermingled": 0,
            "IsSent": 1,
            "IsReceipt": 0,
            "IsInvoice": 1,
            "EmailSubject": "",
            "EmailBody": "",
            "IsBalValid": 1,
            "InsEst": money(family.ins_est),
            "BalTotal": money(family.bal),
            "StatementType": "NotSet",
            "ShortGUID": "",
            "StatementShortURL": "",
            "StatementURL": "",
        },
        when,
    )
    for proc_num in proc_nums:
        sim.store.insert(
            "statementprod",
            {
                "StatementNum": row["StatementNum"],
                "FKey": proc_num,
                "ProdType": 0,
                "LateChargeAdjNum": 0,
                "DocNum": 0,
            },
            when,
        )
        if sim.store.has("procedurelog", proc_num):
            sim.store.update("procedurelog", proc_num, when, StatementNum=row["StatementNum"])


def _maybe_collections(sim: Sim, family: Family, when: dt.datetime) -> bool:
    """Write an old unpaid balance off as bad debt and send the account to collections (or not)."""
    oldest = ledger.open_charges(sim, family.guarantor)
    if not oldest or (when.date() - oldest[0].day).days < BAD_DEBT_DAYS or family.patient_due < 5000:
        return False
    amount = family.patient_due
    write_off_charges(sim, family, "Bad Debt Write-off", amount, when, "Sent to collection agency")
    family.collections = True
    sim.store.update(
        "patient", family.guarantor, when, BillingType=sim.practice.def_num(BILLING_TYPES, "Collection")
    )
    audit.commlog(
        sim,
        family.guarantor,
        when,
        "Financial",
        f"Account sent to collections, balance {money(amount):.2f} written off.",
        mode=2,
    )
    sim.count("bad debt write-offs")
    return True


def refund(sim: Sim, family: Family, amount: int, when: dt.datetime) -> None:
    """Pay a credit balance back: a negative, unallocated payment."""
    guarantor = sim.patients[family.guarantor]
    payment = new_payment(
        sim,
        family.guarantor,
        when,
        sim.practice.def_num(PAYMENT_TYPES, "Check"),
        guarantor.clinic_num,
        note="Refund of credit balance",
    )
    add_split(sim, payment, family.guarantor, -amount, guarantor.pri_prov, guarantor.clinic_num, when)
    close_payment(sim, payment, when)
    if family.prepaid > 0:
        family.prepaid = max(0, family.prepaid - amount)
    sim.count("refunds")


def finance_charges(sim: Sim, when: dt.datetime) -> None:
    """Monthly 1.5% finance charge on balances more than 90 days old, for standard accounts."""
    standard = sim.practice.def_num(BILLING_TYPES, "Standard Account")
    for family in list(sim.families.values()):
        if family.collections or family.patient_due <= 0:
            continue
        old = sum(
            c.remaining for c in ledger.open_charges(sim, family.guarantor) if (when.date() - c.day).days > 90
        )
        if old < 5000 or sim.store.get("patient", family.guarantor)["BillingType"] != standard:
            continue
        if sim.chance(0.3):
            charge_adjustment(
                sim,
                family.guarantor,
                "Finance Charge",
                round(old * 0.015),
                when,
                "1.5% monthly finance charge",
            )


# ---- payment plans (PayPlansVersion 1) ----------------------------------------------------------


def payment_plan(sim: Sim, family: Family, pat_num: int, charges: list[Charge], when: dt.datetime) -> None:
    """Finance the patient portion of ``charges`` on a version-1 payment plan.

    Under version 1 the plan's CompletedAmt is a credit on the account (the financed treatment
    leaves the aged balance); payments on the plan carry PayPlanNum and only reduce PayPlanDue.
    """
    principal = sum(max(c.remaining, 0) for c in charges)
    if principal < 100_000:
        return
    months = sim.pick([6, 10, 12])
    apr = sim.pick([0.0, 0.0, 9.9])
    installment = -(-principal // months)
    plan = sim.store.insert(
        "payplan",
        {
            "PatNum": pat_num,
            "Guarantor": family.guarantor,
            "PayPlanDate": when.date(),
            "APR": apr,
            "Note": "Financed treatment",
            "PlanNum": 0,
            "CompletedAmt": money(principal),
            "InsSubNum": 0,
            "PaySchedule": 0,
            "NumberOfPayments": months,
            "PayAmt": money(installment),
            "DownPayment": 0.0,
            "IsClosed": 0,
            "Signature": "",
            "SigIsTopaz": 0,
            "PlanCategory": sim.practice.def_num(PAYPLAN_CATEGORIES, "In-house"),
            "IsDynamic": 0,
            "ChargeFrequency": 3,
            "DatePayPlanStart": when.date(),
            "IsLocked": 0,
            "DateInterestStart": dt.date(1, 1, 1),
            "DynamicPayPlanTPOption": 0,
            "MobileAppDeviceNum": 0,
            "SecurityHash": "",
        },
        when,
        hold=dt.date.max,
    )
    ledger.post(sim, pat_num, balance=-principal)
    for charge in charges:
        charge.remaining = 0
    patient = sim.patients[pat_num]
    left = principal
    for index in range(months):
        due = _add_months(when.date(), index + 1)
        part = min(installment, left)
        left -= part
        interest = round(part * apr / 1200) if apr else 0
        charge_row = sim.store.insert(
            "payplancharge",
            {
                "PayPlanNum": plan["PayPlanNum"],
                "Guarantor": family.guarantor,
                "PatNum": pat_num,
                "ChargeDate": due,
                "Principal": money(part),
                "Interest": money(interest),
                "Note": f"Payment {index + 1} of {months}",
                "ProvNum": patient.pri_prov,
                "ClinicNum": patient.clinic_num,
                "ChargeType": 0,
                "ProcNum": 0,
                "StatementNum": 0,
                "FKey": 0,
                "LinkType": 0,
                "IsOffset": 0,
            },
            when,
        )
        if sim.chance(0.9 if family.reliability > 0.3 else 0.6):
            sim.schedule(
                due + dt.timedelta(days=sim.rng.randrange(-3, 6)),
                "payplan_payment",
                int(plan["PayPlanNum"]),
                int(charge_row["PayPlanChargeNum"]),
                part + interest,
                index == months - 1,
            )
    family.payplan = int(plan["PayPlanNum"])
    audit.security(
        sim,
        audit.PAYPLAN_EDIT,
        f"Payment plan created for {money(principal):.2f}",
        when,
        pat_num=pat_num,
        fkey=int(plan["PayPlanNum"]),
    )
    sim.count("payment plans")


def payplan_payment(sim: Sim, plan_num: int, charge_num: int, amount: int, last: bool) -> None:
    """Event: an installment paid on a payment plan."""
    if not sim.store.has("payplan", plan_num):
        return
    plan = sim.store.get("payplan", plan_num)
    when = sim.office_time(9, 16)
    family = sim.families[int(plan["Guarantor"])]
    payment = new_payment(
        sim,
        family.guarantor,
        when,
        pay_type(sim, when.date()),
        sim.patients[family.guarantor].clinic_num,
        note="Payment plan installment",
    )
    add_split(
        sim,
        payment,
        int(plan["PatNum"]),
        amount,
        sim.patients[int(plan["PatNum"])].pri_prov,
        sim.patients[int(plan["PatNum"])].clinic_num,
        when,
        payplan=plan_num,
        payplan_charge=charge_num,
    )
    close_payment(sim, payment, when)
    if last:
        sim.store.update("payplan", plan_num, when, IsClosed=1)
        sim.store.hold("payplan", plan_num, sim.today)


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, 28))


# ---- deposits -----------------------------------------------------------------------------------


def deposits(sim: Sim, when: dt.datetime) -> None:
    """End of day: checks and cash received today (patients and insurance) go on one deposit slip."""
    deposited = {
        sim.practice.defs[(PAYMENT_TYPES, name)]
        for name in DEPOSITED_TYPES
        if (PAYMENT_TYPES, name) in sim.practice.defs
    }
    payments = [
        row
        for row in sim.store.rows("payment")
        if row["PayDate"] == sim.today
        and row["PayType"] in deposited
        and not row["DepositNum"]
        and row["PayAmt"] > 0
    ]
    checks = [
        row
        for row in sim.store.rows("claimpayment")
        if row["CheckDate"] == sim.today
        and not row["DepositNum"]
        and row["CheckAmt"] > 0
        and not row["IsPartial"]
    ]
    if not payments and not checks:
        return
    total = sum(round(row["PayAmt"] * 100) for row in payments) + sum(
        round(r["CheckAmt"] * 100) for r in checks
    )
    deposit = sim.store.insert(
        "deposit",
        {
            "DateDeposit": sim.today,
            "BankAccountInfo": "First State Bank ****4471" if sim.chance(0.9) else None,
            "Amount": money(total),
            "Memo": "",
            "Batch": f"{sim.today:%y%m%d}",
            "DepositAccountNum": sim.practice.def_num(AUTO_DEPOSIT, "Operating account"),
            "IsSentToQuickBooksOnline": 0,
        },
        when,
    )
    for row in payments:
        sim.store.update("payment", int(row["PayNum"]), when, DepositNum=deposit["DepositNum"])
    for row in checks:
        sim.store.update("claimpayment", int(row["ClaimPaymentNum"]), when, DepositNum=deposit["DepositNum"])
