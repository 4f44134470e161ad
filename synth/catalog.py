"""The synthetic practice's configuration, read from the data files in ``synth/data``."""

from __future__ import annotations

import csv
import json
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data")


@dataclass(frozen=True)
class Scale:
    """How big the practice is and how long its history runs."""

    name: str
    months: int
    clinics: int
    dentists: int
    hygienists: int
    specialists: int
    initial_families: int
    new_families_per_year: int
    plan_groups: int
    chunk_rows: int
    defer_indexes: bool


@dataclass(frozen=True)
class CodeSpec:
    """One procedure code as configured (CDT codes in our own short words)."""

    code: str
    descript: str
    abbr: str
    time: str
    category: str
    area: int
    hygiene: bool
    prosth: bool
    no_bill_ins: bool
    base_units: int
    fee: float
    covcat: str
    paint: int


@lru_cache(maxsize=1)
def scales() -> dict[str, Scale]:
    """The configured scales (tiny, demo, large) by name."""
    with open(DATA / "scales.toml", "rb") as handle:
        raw = tomllib.load(handle)
    return {name: Scale(name=name, **values) for name, values in raw.items()}


def scale(name: str) -> Scale:
    """The scale called ``name``; raise a clear error for an unknown name."""
    known = scales()
    if name not in known:
        raise ValueError(f"unknown scale {name!r}; choose one of {', '.join(known)}")
    return known[name]


@lru_cache(maxsize=1)
def procedure_codes() -> tuple[CodeSpec, ...]:
    """Every configured procedure code, in file order."""
    with open(DATA / "procedure_codes.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(
        CodeSpec(
            code=row["code"],
            descript=row["descript"],
            abbr=row["abbr"],
            time=row["time"],
            category=row["category"],
            area=int(row["area"]),
            hygiene=row["hygiene"] == "1",
            prosth=row["prosth"] == "1",
            no_bill_ins=row["no_bill_ins"] == "1",
            base_units=int(row["base_units"]),
            fee=float(row["fee"]),
            covcat=row["covcat"],
            paint=int(row["paint"]),
        )
        for row in rows
    )


@lru_cache(maxsize=1)
def definitions() -> tuple[dict[str, Any], ...]:
    """Definition categories with their items (see definitions.toml)."""
    with open(DATA / "definitions.toml", "rb") as handle:
        return tuple(tomllib.load(handle)["category"])


@lru_cache(maxsize=1)
def insurance() -> dict[str, Any]:
    """Fee schedules, coverage categories and profiles, carriers and plan templates."""
    with open(DATA / "insurance.toml", "rb") as handle:
        return tomllib.load(handle)


@lru_cache(maxsize=1)
def people() -> dict[str, Any]:
    """Names, addresses, referral sources, staff and note texts."""
    with open(DATA / "people.json", encoding="utf-8") as handle:
        return dict(json.load(handle))
