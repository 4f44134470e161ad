"""Clinical decisions: which procedures a visit holds and what an exam finds.

Pure choices (codes, teeth, surfaces, units); the rows are written by scheduling.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .sim import Patient, Sim

ANTERIOR = {6, 7, 8, 9, 10, 11, 22, 23, 24, 25, 26, 27}
MOLARS = {1, 2, 3, 14, 15, 16, 17, 18, 19, 30, 31, 32}
WISDOM = {1, 16, 17, 32}
PRIMARY = "ABCDEFGHIJKLMNOPQRST"
PRIMARY_MOLARS = "ABIJKLST"


@dataclass
class Item:
    """One procedure to chart: code, tooth/surface/area, units, who does it, which visit."""

    code: str
    tooth: str = ""
    surf: str = ""
    units: int = 1
    who: str = "doc"  # doc, hyg or spec
    visit: int = 0
    status: int = 1  # ProcStatus when charted


def _tooth(sim: Sim, patient: Patient, day: dt.date, *, molar: bool = False, anterior: bool = False) -> str:
    if patient.age(day) < 12:
        return sim.pick(PRIMARY_MOLARS) if molar else sim.pick(PRIMARY)
    choices = [t for t in range(1, 33) if t not in WISDOM]
    if molar:
        choices = [t for t in choices if t in MOLARS]
    elif anterior:
        choices = [t for t in choices if t in ANTERIOR]
    return str(sim.pick(choices))


def _surfaces(sim: Sim, tooth: str, count: int) -> str:
    anterior = tooth.isdigit() and int(tooth) in ANTERIOR
    pool = ["M", "D", "F", "L", "I"] if anterior else ["M", "O", "D", "B", "L"]
    chosen = set(sim.rng.sample(pool, count))
    return "".join(s for s in pool if s in chosen)


def filling(sim: Sim, patient: Patient, day: dt.date, visit: int) -> Item:
    """A direct restoration on a random tooth."""
    tooth = _tooth(sim, patient, day)
    surfaces = sim.weighted([1, 2, 3, 4], [35, 40, 20, 5])
    anterior = tooth.isdigit() and int(tooth) in ANTERIOR
    if anterior:
        code = {1: "D2330", 2: "D2331", 3: "D2332", 4: "D2335"}[surfaces]
    elif sim.chance(0.15):
        code = {1: "D2140", 2: "D2150", 3: "D2160", 4: "D2161"}[surfaces]
    else:
        code = {1: "D2391", 2: "D2392", 3: "D2393", 4: "D2394"}[surfaces]
    return Item(code, tooth, _surfaces(sim, tooth, surfaces), visit=visit)


def recall_visit(
    sim: Sim, patient: Patient, day: dt.date, *, new_patient: bool, bitewings: bool, fmx: bool, pano: bool
) -> list[Item]:
    """Exam, cleaning, radiographs and small extras of a hygiene (recall) visit."""
    age = patient.age(day)
    items: list[Item] = []
    if new_patient:
        items.append(Item("D0150" if age >= 3 else "D0145"))
    elif patient.perio and sim.chance(0.3):
        items.append(Item("D0180"))
    else:
        items.append(Item("D0120" if age >= 3 else "D0145"))
    if age < 14:
        items.append(Item("D1120", who="hyg"))
        if sim.chance(0.8):
            items.append(Item("D1206", who="hyg"))
    elif patient.perio and not new_patient:
        items.append(Item("D4910", who="hyg"))
        if sim.chance(0.12):
            items.append(
                Item(
                    "D4381",
                    tooth=_tooth(sim, patient, day, molar=True),
                    units=sim.pick([1, 1, 2, 3]),
                    who="hyg",
                )
            )
    elif new_patient and patient.perio and sim.chance(0.3):
        items.append(Item("D4355", who="hyg"))
    elif sim.chance(0.05):
        items.append(Item("D4346", who="hyg"))
    else:
        items.append(Item("D1110", who="hyg"))
    if fmx:
        items.append(Item("D0210", who="hyg"))
    elif bitewings:
        items.append(Item("D0274" if age >= 12 else "D0272", who="hyg"))
    if pano:
        items.append(Item("D0330", who="hyg"))
    if 6 <= age <= 15 and sim.chance(0.15):
        for _ in range(sim.pick([2, 2, 4])):
            items.append(Item("D1351", tooth=_tooth(sim, patient, day, molar=True), surf="O", who="hyg"))
    for code, probability in (
        ("D1330", 0.04),
        ("D0431", 0.02 if age > 40 else 0),
        ("D9910", 0.02),
        ("D1310", 0.01),
        ("D0350", 0.02),
        ("D1320", 0.01 if age > 18 else 0),
    ):
        if probability and sim.chance(probability):
            items.append(Item(code, who="hyg"))
    return items


def findings(sim: Sim, patient: Patient, day: dt.date) -> list[Item]:
    """What an exam finds: treatment to plan, grouped in visits (visit 1, 2, ...)."""
    age = patient.age(day)
    items: list[Item] = []
    visit = 1
    decay = sim.rng.random() < patient.caries_risk * 2
    if decay:
        for _ in range(sim.weighted([1, 2, 3, 4], [50, 30, 15, 5])):
            items.append(filling(sim, patient, day, visit))
        visit += 1
    if age < 12:
        if sim.chance(0.05):
            tooth = sim.pick(PRIMARY_MOLARS)
            items += [Item("D3220", tooth, visit=visit), Item("D2930", tooth, visit=visit)]
            visit += 1
        if age >= 9 and sim.chance(0.04):
            items.append(Item("D8080", status=5, visit=0))
        return items
    if 12 <= age <= 16 and sim.chance(0.08):
        items.append(Item("D8080", status=5, visit=0))
    if sim.chance(0.11):
        tooth = _tooth(sim, patient, day)
        crown = sim.weighted(["D2740", "D2750", "D2790", "D2752"], [60, 25, 8, 7])
        if sim.chance(0.25):
            anterior = tooth.isdigit() and int(tooth) in ANTERIOR
            rct = "D3310" if anterior else ("D3330" if tooth.isdigit() and int(tooth) in MOLARS else "D3320")
            items.append(Item(rct, tooth, visit=visit))
            visit += 1
        items.append(Item(crown, tooth, visit=visit))
        if sim.chance(0.6):
            items.append(Item("D2950", tooth, visit=visit))
        visit += 1
    if sim.chance(0.035):
        tooth = _tooth(sim, patient, day, molar=sim.chance(0.6))
        surgical = sim.chance(0.5)
        who = "spec" if surgical else "doc"
        items.append(Item("D7210" if surgical else "D7140", tooth, who=who, visit=visit))
        if surgical and sim.chance(0.4):
            items.append(Item("D9239", who="spec", visit=visit))
            items.append(Item("D9243", units=sim.pick([1, 2, 3]), who="spec", visit=visit))
        visit += 1
        if sim.chance(0.3):
            items.append(Item("D6010", tooth, who="spec", visit=visit))
            items.append(Item("D6057", tooth, visit=visit + 1))
            items.append(Item("D6065", tooth, visit=visit + 1))
            visit += 2
    if age > 20 and sim.chance(0.03):
        items.append(
            Item(sim.pick(["D7240", "D7230"]), str(sim.pick([1, 16, 17, 32])), who="spec", visit=visit)
        )
        if sim.chance(0.5):
            items.append(Item("D9223", units=sim.pick([2, 3, 4]), who="spec", visit=visit))
        visit += 1
    if patient.perio and sim.chance(0.18):
        quads = sim.rng.sample(["UR", "UL", "LR", "LL"], sim.pick([2, 4, 4]))
        for index, quad in enumerate(quads):
            items.append(
                Item("D4341" if sim.chance(0.8) else "D4342", surf=quad, who="hyg", visit=visit + index // 2)
            )
        visit += (len(quads) + 1) // 2
    for code, probability, units in (
        ("D9944", 0.025, 1),
        ("D9975", 0.015, 2),
        ("D9972", 0.005, 1),
        ("D2962", 0.004, 1),
        ("D9110", 0.01, 1),
    ):
        if sim.chance(probability):
            items.append(Item(code, units=units, visit=visit, tooth="8" if code == "D2962" else ""))
            visit += 1
    if age > 62 and sim.chance(0.05):
        items.append(Item("D5110", surf="U", visit=visit))
        items.append(Item("D5120", surf="L", visit=visit + 1))
        visit += 2
    if sim.chance(0.008):
        items += [
            Item("D6750", "3", visit=visit),
            Item("D6240", "4", visit=visit),
            Item("D6750", "5", visit=visit),
        ]
        visit += 1
    if sim.chance(0.04):
        items.append(Item(sim.pick(["ZZ-WATCH", "ZZ-FRACT"]), _tooth(sim, patient, day), status=7, visit=0))
    return items


def emergency(sim: Sim, patient: Patient, day: dt.date) -> list[Item]:
    """A walk-in or same-week emergency: limited exam, PA, then palliative care or extraction."""
    tooth = _tooth(sim, patient, day)
    items = [Item("D0140"), Item("D0220", tooth)]
    if sim.chance(0.3):
        items.append(Item("D0230", tooth))
    if sim.chance(0.45):
        items.append(Item("D9110", tooth))
    elif sim.chance(0.5):
        items.append(Item("D7140", tooth))
    else:
        items.append(Item("D3221" if sim.chance(0.5) else "D2940", tooth))
    return items


def existing_work(sim: Sim, patient: Patient, day: dt.date) -> list[Item]:
    """Work done before the patient came (charted as existing: EC by us, EO by others)."""
    items = []
    for _ in range(sim.weighted([0, 1, 2, 4], [30, 30, 25, 15])):
        item = filling(sim, patient, day, 0)
        item.status = sim.pick([3, 4])
        items.append(item)
    if patient.age(day) > 35 and sim.chance(0.3):
        items.append(Item("D2750", _tooth(sim, patient, day), status=sim.pick([3, 4])))
    if patient.age(day) > 30 and sim.chance(0.15):
        items.append(Item("ZZ-MISSING", str(sim.pick([3, 14, 19, 30])), status=7))
    return items
