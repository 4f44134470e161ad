"""Build a synthetic practice from scratch, or advance an existing one by some days."""

from __future__ import annotations

import calendar
import datetime as dt
import random
import time

from pymysql.connections import Connection

from . import aging, catalog, engine, people
from .db import AGING_TIME, connect, count_rows, database_name, recreate_database
from .ddl import add_secondary_indexes, create_tables
from .practice import INS_VERIFY_STATUS
from .reference import ReferenceBuilder
from .report import SynthReport
from .sim import Sim
from .store import Store
from .writer import BulkWriter


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day of the month ``months`` earlier (clamped to that month's length)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def build(url: str, scale_name: str, seed: int, end: dt.date, *, shuffle_codes: bool = False) -> SynthReport:
    """Create the database named in ``url`` and simulate ``scale_name`` up to ``end``.

    ``shuffle_codes`` numbers the procedure codes in an order drawn from ``seed`` (see
    :func:`synth.create_practice`).
    """
    started = time.perf_counter()
    scale = catalog.scale(scale_name)
    recreate_database(url)
    connection = connect(url)
    try:
        create_tables(connection, secondary_indexes=not scale.defer_indexes)
        store = Store(BulkWriter(connection, scale.chunk_rows), connection, keep_all=False)
        rng = random.Random(seed)
        start = months_before(end, scale.months) + dt.timedelta(days=1)
        setup = dt.datetime.combine(start - dt.timedelta(days=2), dt.time(10))
        code_order = random.Random(f"procedurecode order {seed}") if shuffle_codes else None
        practice = ReferenceBuilder(store, rng, scale, setup, end, code_order).build()
        sim = Sim(rng=rng, store=store, practice=practice, scale=scale, start=start, end=end, today=start)
        _convert(sim)
        engine.run(sim, start, end)
        store.finish()
        if scale.defer_indexes:
            add_secondary_indexes(connection)
        changed = aging.run(connection, end, dt.datetime.combine(end, AGING_TIME))
        return _report(connection, url, scale_name, seed, start, end, store, sim, changed, started)
    finally:
        connection.close()


def _convert(sim: Sim) -> None:
    """Day one: schedules, plan verifications, the converted families, a departing hygienist."""
    when = sim.at(6, 0)
    engine.weekly(sim)
    for plan_num in sorted(sim.practice.plans):
        sim.store.insert(
            "insverify",
            {
                "DateLastVerified": sim.today,
                "UserNum": sim.user(),
                "VerifyType": 1,
                "FKey": plan_num,
                "DefNum": sim.practice.def_num(INS_VERIFY_STATUS, "Verified"),
                "Note": "",
                "DateLastAssigned": dt.date(1, 1, 1),
                "HoursAvailableForVerification": 0.0,
            },
            when,
            hold=dt.date.max,
        )
    for index in range(sim.scale.initial_families):
        people.convert(sim, when + dt.timedelta(seconds=3 * index))
    people.super_families(sim, sim.at(7, 55))
    for text in ("Imported audit entry (previous software)", "Imported login history", "Imported fee change"):
        row = sim.store.insert(
            "securitylog",
            {
                "PermType": 8,
                "UserNum": sim.practice.users["conversion"][0],
                "LogText": text,
                "CompName": "CONVERSION",
                "FKey": 0,
            },
            when,
        )
        row["LogDateTime"] = "0000-00-00 00:00:00"  # legacy rows with the old zero-date default
    engine.weekly(sim)
    hygienists = sorted(
        p.prov_num for p in sim.practice.providers.values() if p.kind == "hygienist" and not p.hidden
    )
    if len(hygienists) > 1:
        leave_day = sim.start + dt.timedelta(days=int((sim.end - sim.start).days * 0.4))
        sim.schedule(leave_day, "provider_leaves", hygienists[-1])


def _report(
    connection: Connection,
    url: str,
    scale: str,
    seed: int,
    first: dt.date,
    last: dt.date,
    store: Store,
    sim: Sim,
    changed: int,
    started: float,
) -> SynthReport:
    return SynthReport(
        database=database_name(url),
        scale=scale,
        seed=seed,
        first_day=first,
        last_day=last,
        rows=count_rows(connection),
        inserted=dict(store.inserted),
        updated=dict(store.updated),
        deleted=dict(store.deleted),
        deleted_in_history=dict(store.dropped),
        aging_rows_changed=changed,
        events=dict(sorted(sim.counters.items())),
        seconds=round(time.perf_counter() - started, 2),
    )
