"""The family account as OpenDental's aging sees it, kept up to date as money moves.

The simulation needs each family's balance to decide statements, payments and collections. The
rules below are the aging rules (see aging.py), applied one transaction at a time:

* a completed procedure adds ``ProcFee*(UnitQty+BaseUnits)``;
* an adjustment adds ``AdjAmt``;
* a received/supplemental/capitation claimproc subtracts ``InsPayAmt + WriteOff``; a pending
  (NotReceived) one adds ``InsPayEst + WriteOff`` to the pending insurance instead;
* a paysplit subtracts ``SplitAmt`` unless it is of a hidden unearned type or on a payment plan;
* a (version 1) payment plan subtracts its ``CompletedAmt``.
"""

from __future__ import annotations

import datetime as dt

from .sim import Charge, Sim


def post(sim: Sim, pat_num: int, balance: int = 0, pending: int = 0) -> None:
    """Add ``balance`` cents to the family balance and ``pending`` cents to its pending insurance."""
    family = sim.family_of(pat_num)
    family.bal += balance
    family.ins_est += pending


def open_charge(
    sim: Sim,
    pat_num: int,
    prov_num: int,
    clinic_num: int,
    day: dt.date,
    amount: int,
    proc_num: int = 0,
    adj_num: int = 0,
) -> Charge:
    """Register an amount the family owes so payments can be allocated to it (oldest first)."""
    charge = Charge(
        pat_num=pat_num,
        prov_num=prov_num,
        clinic_num=clinic_num,
        day=day,
        remaining=amount,
        proc_num=proc_num,
        adj_num=adj_num,
    )
    sim.family_of(pat_num).charges.append(charge)
    return charge


def open_charges(sim: Sim, guarantor: int) -> list[Charge]:
    """The family's charges that still have something to pay, oldest first (closed ones dropped)."""
    family = sim.families[guarantor]
    family.charges = [charge for charge in family.charges if charge.remaining > 0]
    family.charges.sort(key=lambda charge: (charge.day, charge.proc_num, charge.adj_num))
    return family.charges
