"""Invariants of a synthetic OpenDental database, written as SQL that returns offending rows.

Each check is (name, SQL); a check passes when its SQL returns no row. Used by the demo and the
advance tests, so the same rules hold after a build and after ``--advance-days``.
"""

from __future__ import annotations

MONEY_CHECKS = [
    (
        "payment.PayAmt equals the sum of its paysplits",
        """
        select p.PayNum, p.PayAmt, x.total from payment p
        left join (select PayNum, round(sum(SplitAmt), 2) as total from paysplit group by PayNum) x
            on x.PayNum = p.PayNum
        where abs(p.PayAmt - coalesce(x.total, 0)) > 0.001""",
    ),
    (
        "claimpayment.CheckAmt equals the attached claimprocs' InsPayAmt",
        """
        select c.ClaimPaymentNum, c.CheckAmt, x.total from claimpayment c
        left join (select ClaimPaymentNum, round(sum(InsPayAmt), 2) as total from claimproc
                   where ClaimPaymentNum <> 0 group by ClaimPaymentNum) x
            on x.ClaimPaymentNum = c.ClaimPaymentNum
        where abs(c.CheckAmt - coalesce(x.total, 0)) > 0.001""",
    ),
    (
        "claimproc.DateCP equals claimpayment.CheckDate when attached",
        """
        select cp.ClaimProcNum from claimproc cp join claimpayment c on c.ClaimPaymentNum = cp.ClaimPaymentNum
        where cp.DateCP <> c.CheckDate""",
    ),
    (
        "paysplit.DatePay equals payment.PayDate",
        """
        select s.SplitNum from paysplit s join payment p on p.PayNum = s.PayNum
        where s.DatePay <> p.PayDate""",
    ),
    (
        "claim totals roll up its claimprocs",
        """
        select c.ClaimNum from claim c
        left join (select ClaimNum, round(sum(FeeBilled), 2) as fee, round(sum(InsPayEst), 2) as est,
                          round(sum(InsPayAmt), 2) as paid, round(sum(WriteOff), 2) as wo,
                          round(sum(DedApplied), 2) as ded
                   from claimproc where ClaimNum <> 0 group by ClaimNum) x on x.ClaimNum = c.ClaimNum
        where abs(c.ClaimFee - coalesce(x.fee, 0)) > 0.001 or abs(c.InsPayEst - coalesce(x.est, 0)) > 0.001
           or abs(c.InsPayAmt - coalesce(x.paid, 0)) > 0.001 or abs(c.WriteOff - coalesce(x.wo, 0)) > 0.001
           or abs(c.DedApplied - coalesce(x.ded, 0)) > 0.001""",
    ),
    (
        "income transfers net to zero",
        """
        select p.PayNum from payment p join paysplit s on s.PayNum = p.PayNum
        where p.PayType = 0 group by p.PayNum having abs(sum(s.SplitAmt)) > 0.001""",
    ),
    (
        "money has at most 2 decimals",
        """
        select 'procedurelog' as t, ProcNum as k from procedurelog
            where abs(ProcFee * 100 - round(ProcFee * 100)) > 1e-6
        union all select 'paysplit', SplitNum from paysplit
            where abs(SplitAmt * 100 - round(SplitAmt * 100)) > 1e-6
        union all select 'claimproc', ClaimProcNum from claimproc
            where abs(InsPayAmt * 100 - round(InsPayAmt * 100)) > 1e-6
               or abs(WriteOff * 100 - round(WriteOff * 100)) > 1e-6
        union all select 'adjustment', AdjNum from adjustment
            where abs(AdjAmt * 100 - round(AdjAmt * 100)) > 1e-6""",
    ),
]

# (child table, column, parent table, parent key, 0 allowed)
REFERENCES = [
    ("patient", "Guarantor", "patient", "PatNum", False),
    ("patient", "PriProv", "provider", "ProvNum", False),
    ("patient", "SecProv", "provider", "ProvNum", True),
    ("patient", "BillingType", "definition", "DefNum", False),
    ("patient", "ClinicNum", "clinic", "ClinicNum", True),
    ("patient", "FeeSched", "feesched", "FeeSchedNum", True),
    ("patient", "SuperFamily", "patient", "PatNum", True),
    ("appointment", "PatNum", "patient", "PatNum", False),
    ("appointment", "Op", "operatory", "OperatoryNum", True),
    ("appointment", "ProvNum", "provider", "ProvNum", False),
    ("appointment", "ProvHyg", "provider", "ProvNum", True),
    ("appointment", "Confirmed", "definition", "DefNum", True),
    ("appointment", "UnschedStatus", "definition", "DefNum", True),
    ("appointment", "NextAptNum", "appointment", "AptNum", True),
    ("appointment", "AppointmentTypeNum", "appointmenttype", "AppointmentTypeNum", True),
    ("appointment", "Assistant", "employee", "EmployeeNum", True),
    ("procedurelog", "PatNum", "patient", "PatNum", False),
    ("procedurelog", "CodeNum", "procedurecode", "CodeNum", False),
    ("procedurelog", "ProvNum", "provider", "ProvNum", False),
    ("procedurelog", "AptNum", "appointment", "AptNum", True),
    ("procedurelog", "PlannedAptNum", "appointment", "AptNum", True),
    ("procedurelog", "ClinicNum", "clinic", "ClinicNum", True),
    ("procedurelog", "Priority", "definition", "DefNum", True),
    ("procedurelog", "Dx", "definition", "DefNum", True),
    ("procedurelog", "Prognosis", "definition", "DefNum", True),
    ("procedurelog", "StatementNum", "statement", "StatementNum", True),
    ("procedurecode", "ProcCat", "definition", "DefNum", False),
    ("claim", "PatNum", "patient", "PatNum", False),
    ("claim", "PlanNum", "insplan", "PlanNum", False),
    ("claim", "InsSubNum", "inssub", "InsSubNum", False),
    ("claim", "ProvTreat", "provider", "ProvNum", False),
    ("claim", "PlanNum2", "insplan", "PlanNum", True),
    ("claim", "InsSubNum2", "inssub", "InsSubNum", True),
    ("claim", "CustomTracking", "definition", "DefNum", True),
    ("claimproc", "ClaimNum", "claim", "ClaimNum", True),
    ("claimproc", "ProcNum", "procedurelog", "ProcNum", True),
    ("claimproc", "PatNum", "patient", "PatNum", False),
    ("claimproc", "PlanNum", "insplan", "PlanNum", False),
    ("claimproc", "InsSubNum", "inssub", "InsSubNum", False),
    ("claimproc", "ClaimPaymentNum", "claimpayment", "ClaimPaymentNum", True),
    ("claimproc", "ClaimPaymentTracking", "definition", "DefNum", True),
    ("claimpayment", "PayType", "definition", "DefNum", False),
    ("claimpayment", "DepositNum", "deposit", "DepositNum", True),
    ("claimsnapshot", "ProcNum", "procedurelog", "ProcNum", False),
    ("claimtracking", "ClaimNum", "claim", "ClaimNum", False),
    ("payment", "PatNum", "patient", "PatNum", False),
    ("payment", "PayType", "definition", "DefNum", True),
    ("payment", "DepositNum", "deposit", "DepositNum", True),
    ("paysplit", "PayNum", "payment", "PayNum", False),
    ("paysplit", "PatNum", "patient", "PatNum", False),
    ("paysplit", "ProcNum", "procedurelog", "ProcNum", True),
    ("paysplit", "ProvNum", "provider", "ProvNum", True),
    ("paysplit", "UnearnedType", "definition", "DefNum", True),
    ("paysplit", "PayPlanNum", "payplan", "PayPlanNum", True),
    ("paysplit", "AdjNum", "adjustment", "AdjNum", True),
    ("paysplit", "PayPlanChargeNum", "payplancharge", "PayPlanChargeNum", True),
    ("adjustment", "PatNum", "patient", "PatNum", False),
    ("adjustment", "AdjType", "definition", "DefNum", False),
    ("adjustment", "ProcNum", "procedurelog", "ProcNum", True),
    ("adjustment", "ProvNum", "provider", "ProvNum", False),
    ("insplan", "CarrierNum", "carrier", "CarrierNum", False),
    ("insplan", "FeeSched", "feesched", "FeeSchedNum", True),
    ("insplan", "CopayFeeSched", "feesched", "FeeSchedNum", True),
    ("inssub", "PlanNum", "insplan", "PlanNum", False),
    ("inssub", "Subscriber", "patient", "PatNum", False),
    ("patplan", "PatNum", "patient", "PatNum", False),
    ("patplan", "InsSubNum", "inssub", "InsSubNum", False),
    ("benefit", "PlanNum", "insplan", "PlanNum", False),
    ("benefit", "CovCatNum", "covcat", "CovCatNum", True),
    ("benefit", "CodeNum", "procedurecode", "CodeNum", True),
    ("fee", "FeeSched", "feesched", "FeeSchedNum", False),
    ("fee", "CodeNum", "procedurecode", "CodeNum", False),
    ("fee", "ClinicNum", "clinic", "ClinicNum", True),
    ("fee", "ProvNum", "provider", "ProvNum", True),
    ("recall", "PatNum", "patient", "PatNum", False),
    ("recall", "RecallTypeNum", "recalltype", "RecallTypeNum", False),
    ("recall", "RecallStatus", "definition", "DefNum", True),
    ("schedule", "ProvNum", "provider", "ProvNum", True),
    ("schedule", "EmployeeNum", "employee", "EmployeeNum", True),
    ("schedule", "BlockoutType", "definition", "DefNum", True),
    ("scheduleop", "ScheduleNum", "schedule", "ScheduleNum", False),
    ("scheduleop", "OperatoryNum", "operatory", "OperatoryNum", False),
    ("commlog", "PatNum", "patient", "PatNum", True),
    ("commlog", "CommType", "definition", "DefNum", True),
    ("treatplan", "PatNum", "patient", "PatNum", False),
    ("proctp", "TreatPlanNum", "treatplan", "TreatPlanNum", False),
    ("proctp", "ProcNumOrig", "procedurelog", "ProcNum", False),
    ("treatplanattach", "TreatPlanNum", "treatplan", "TreatPlanNum", False),
    ("treatplanattach", "ProcNum", "procedurelog", "ProcNum", False),
    ("refattach", "ReferralNum", "referral", "ReferralNum", False),
    ("refattach", "PatNum", "patient", "PatNum", False),
    ("refattach", "ProcNum", "procedurelog", "ProcNum", True),
    ("statement", "PatNum", "patient", "PatNum", False),
    ("statementprod", "StatementNum", "statement", "StatementNum", False),
    ("securityloghash", "SecurityLogNum", "securitylog", "SecurityLogNum", False),
    ("payplan", "PatNum", "patient", "PatNum", False),
    ("payplan", "Guarantor", "patient", "PatNum", False),
    ("payplancharge", "PayPlanNum", "payplan", "PayPlanNum", False),
    ("procnote", "ProcNum", "procedurelog", "ProcNum", False),
    ("procgroupitem", "ProcNum", "procedurelog", "ProcNum", False),
    ("procgroupitem", "GroupNum", "procedurelog", "ProcNum", False),
    ("insverifyhist", "InsVerifyNum", "insverify", "InsVerifyNum", False),
    ("discountplansub", "DiscountPlanNum", "discountplan", "DiscountPlanNum", False),
    ("discountplansub", "PatNum", "patient", "PatNum", False),
    ("operatory", "ClinicNum", "clinic", "ClinicNum", True),
    ("provider", "FeeSched", "feesched", "FeeSchedNum", False),
    ("userod", "ProvNum", "provider", "ProvNum", True),
    ("userod", "EmployeeNum", "employee", "EmployeeNum", True),
]

# Dates in the order the workflow produces them. {now}: end of the last simulated day.
DATE_CHECKS = [
    (
        "a provider's week is planned once: no two open provider blocks alike in one operatory",
        """
        select s.ProvNum, s.SchedDate, s.StartTime, so.OperatoryNum, count(*)
        from schedule s inner join scheduleop so on so.ScheduleNum = s.ScheduleNum
        where s.SchedType = 1 group by 1, 2, 3, 4 having count(*) > 1""",
    ),
    (
        "completed appointments: arrived <= seated <= dismissed, on the appointment's day",
        """
        select AptNum from appointment where AptStatus = 2 and not (
            DateTimeArrived <= DateTimeSeated and DateTimeSeated <= DateTimeDismissed
            and date(DateTimeArrived) = date(AptDateTime))""",
    ),
    (
        "no completed or broken appointment in the future, no scheduled one in the past",
        """
        select AptNum from appointment
        where (AptStatus in (2, 5) and AptDateTime > %(now)s)
           or (AptStatus = 1 and AptDateTime < date(%(now)s))""",
    ),
    (
        "completed procedures are dated on or before today and after treatment planning",
        """
        select ProcNum from procedurelog where ProcStatus = 2
          and (ProcDate > date(%(now)s) or (DateTP > '1880-01-01' and DateTP > ProcDate))""",
    ),
    (
        "claims: service <= sent <= received",
        """
        select ClaimNum from claim where (DateSent > '1880-01-01' and DateSent < DateService)
           or (DateReceived > '1880-01-01' and DateReceived < DateSent)""",
    ),
    (
        "received claimprocs are paid on or after the procedure date",
        """
        select ClaimProcNum from claimproc where Status in (1, 4) and DateCP < ProcDate""",
    ),
    (
        "payments and checks are dated on or before today",
        """
        select PayNum from payment where PayDate > date(%(now)s)
        union all select ClaimPaymentNum from claimpayment
        where CheckDate > date(%(now)s) or DateIssued > CheckDate""",
    ),
]


ENTRY_STAMPED = [  # insert-time columns OpenDental fills from the server clock (legacy rows excepted)
    ("appointment", "SecDateTEntry"),
    ("procedurelog", "SecDateEntry"),
    ("procedurelog", "DateEntryC"),
    ("paysplit", "DateEntry"),
    ("payment", "DateEntry"),
    ("adjustment", "DateEntry"),
    ("claim", "SecDateEntry"),
    ("claimproc", "SecDateEntry"),
    ("patient", "SecDateEntry"),
    ("histappointment", "HistDateTStamp"),
    ("claimsnapshot", "DateTEntry"),
    ("procnote", "EntryDateTime"),
    ("entrylog", "EntryDateTime"),
    ("patplan", "SecDateTEntry"),
    ("insverify", "DateTimeEntry"),
    ("payplancharge", "SecDateTEntry"),
]
DATE_CHECKS += [
    (f"{table}.{column} is stamped at insert", f"select 1 from `{table}` where `{column}` < '1880-01-01'")
    for table, column in ENTRY_STAMPED
]
DATE_CHECKS += [
    (
        "securitylog.LogDateTime is stamped (but for three imported legacy rows)",
        "select count(*) from securitylog where LogDateTime < '1880-01-01' having count(*) > 3",
    )
]


def stamp_checks(tables: dict[str, tuple[str, str | None]]) -> list[tuple[str, str]]:
    """Change columns lie in the simulated past and never before the row's insert-time column.

    ``tables`` maps a table to (its TIMESTAMP column, its insert-time column or None).
    """
    checks = []
    for table, (stamp, entry) in sorted(tables.items()):
        condition = f"`{stamp}` > %(now)s or `{stamp}` < '2000-01-01'"
        if entry:
            condition += f" or (`{entry}` > '1880-01-01' and `{stamp}` < `{entry}`)"
        checks.append(
            (f"{table}.{stamp} follows the simulated history", f"select 1 from `{table}` where {condition}")
        )
    return checks


def failures(cursor: object, now: object, timestamp_tables: dict[str, tuple[str, str | None]]) -> list[str]:
    """Run every check; return a description of each one that found offending rows."""
    problems = []
    checks = MONEY_CHECKS + DATE_CHECKS + stamp_checks(timestamp_tables)
    for child, column, parent, key, zero_ok in REFERENCES:
        condition = f"c.`{column}` <> 0" if zero_ok else "1 = 1"
        checks.append(
            (
                f"{child}.{column} resolves to {parent}",
                f"""
            select c.`{column}` from `{child}` c left join `{parent}` p on p.`{key}` = c.`{column}`
            where {condition} and p.`{key}` is null""",
            )
        )
    for name, sql in checks:
        cursor.execute(sql, {"now": now})  # type: ignore[attr-defined]
        rows = cursor.fetchmany(5)  # type: ignore[attr-defined]
        cursor.fetchall()  # type: ignore[attr-defined]
        if rows:
            problems.append(f"{name}: e.g. {rows}")
    return problems
