"""An aging computed in SQL alone, independently of synth/aging.py (used by the tests).

Same rules as OpenDental's aging (docs/synthetic-practice.md): a union of money events per
patient, summed per guarantor, charges bucketed by age, credits applied to the oldest first.
"""

from __future__ import annotations

AGING_SQL = """
with events as (
    select p.PatNum, p.ProcDate as d, round(p.ProcFee * 100) * (p.UnitQty + p.BaseUnits) as cents,
           0 as pending
    from procedurelog p
    where p.ProcStatus = 2 and p.ProcFee <> 0
    union all
    select cp.PatNum, cp.DateCP,
           case when cp.Status = 0 then 0
                else -(case when cp.PayPlanNum = 0 then round(cp.InsPayAmt * 100) else 0 end)
                     - round(cp.WriteOff * 100) end,
           case when cp.Status = 0 then round(cp.InsPayEst * 100) + round(cp.WriteOff * 100) else 0 end
    from claimproc cp
    left join procedurelog p on p.ProcNum = cp.ProcNum
    where cp.Status in (0, 1, 4, 5, 7) and (cp.ProcNum = 0 or p.ProcStatus = 2)
    union all
    select a.PatNum, a.AdjDate, round(a.AdjAmt * 100), 0 from adjustment a where a.AdjAmt <> 0
    union all
    select s.PatNum, s.DatePay, -round(s.SplitAmt * 100), 0
    from paysplit s
    left join definition d on d.DefNum = s.UnearnedType
    where s.PayPlanNum = 0 and (s.UnearnedType = 0 or coalesce(d.ItemValue, '') = '')
    union all
    select pp.PatNum, pp.PayPlanDate, -round(pp.CompletedAmt * 100), 0 from payplan pp where pp.PlanNum = 0
),
families as (
    select pat.Guarantor as guarantor,
        sum(case when e.cents > 0 and e.d <= %(as_of)s and e.d >= %(as_of)s - interval 30 day
                 then e.cents else 0 end) as c0,
        sum(case when e.cents > 0 and e.d < %(as_of)s - interval 30 day and e.d >= %(as_of)s - interval 60 day
                 then e.cents else 0 end) as c31,
        sum(case when e.cents > 0 and e.d < %(as_of)s - interval 60 day and e.d >= %(as_of)s - interval 90 day
                 then e.cents else 0 end) as c61,
        sum(case when e.cents > 0 and e.d < %(as_of)s - interval 90 day then e.cents else 0 end) as c90,
        -sum(case when e.cents < 0 and e.d <= %(as_of)s then e.cents else 0 end) as credits,
        sum(e.cents) as total,
        sum(e.pending) as pending
    from events e
    join patient pat on pat.PatNum = e.PatNum
    group by pat.Guarantor
),
payplan_due as (
    select guarantor, sum(cents) as due from (
        select pc.Guarantor as guarantor, round((pc.Principal + pc.Interest) * 100) as cents
        from payplancharge pc join payplan pp on pp.PayPlanNum = pc.PayPlanNum
        where pc.ChargeType = 0 and pp.PlanNum = 0
          and pc.ChargeDate <= %(as_of)s + interval %(advance_days)s day
        union all
        select pat.Guarantor, -round(s.SplitAmt * 100)
        from paysplit s join patient pat on pat.PatNum = s.PatNum
        where s.PayPlanNum <> 0
    ) x group by guarantor
)
select g.PatNum,
    greatest(f.c0 - greatest(f.credits - f.c90 - f.c61 - f.c31, 0), 0) / 100 as bal_0_30,
    greatest(f.c31 - greatest(f.credits - f.c90 - f.c61, 0), 0) / 100 as bal_31_60,
    greatest(f.c61 - greatest(f.credits - f.c90, 0), 0) / 100 as bal_61_90,
    greatest(f.c90 - f.credits, 0) / 100 as bal_over_90,
    f.total / 100 as bal_total,
    f.pending / 100 as ins_est,
    coalesce(d.due, 0) / 100 as payplan_due
from patient g
join families f on f.guarantor = g.PatNum
left join payplan_due d on d.guarantor = g.PatNum
where g.Guarantor = g.PatNum
"""
