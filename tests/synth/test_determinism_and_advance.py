"""The same seed gives the same database; ``--advance-days`` writes like OpenDental (inserts, updates
that move the change columns forward, hard deletes) and keeps every invariant."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from synth_support import (
    aging_differences,
    checksums,
    database_url,
    invariant_failures,
    last_aging,
    query,
    scalar,
    timestamp_tables,
)

from synth import PINNED_END_DATE, advance_practice, create_practice


def test_the_same_seed_and_scale_give_an_identical_database(
    tiny_practice: str, make_database: Callable[[str], str]
) -> None:
    again = make_database("again")
    create_practice(database_url(again), "tiny", seed=7, end_date=PINNED_END_DATE)
    assert checksums(again) == checksums(tiny_practice)
    other = make_database("other")
    create_practice(database_url(other), "tiny", seed=8, end_date=PINNED_END_DATE)
    mine, theirs = checksums(tiny_practice), checksums(other)
    assert {"patient", "procedurelog", "appointment", "claimproc", "paysplit"} <= {
        t for t in mine if mine[t] != theirs[t]
    }
    for database in (tiny_practice, again):
        advance_practice(database_url(database), 2)
    assert checksums(again) == checksums(tiny_practice)


def _stamp_max(database: str) -> dict[str, dt.datetime]:
    return {
        table: scalar(database, f"select max(`{stamp}`) from `{table}`")
        for table, (stamp, _entry) in timestamp_tables().items()
    }


def test_advance_days_inserts_updates_and_hard_deletes(make_database: Callable[[str], str]) -> None:
    database = make_database("advance")
    create_practice(database_url(database), "tiny", seed=11, end_date=PINNED_END_DATE)
    before_day = last_aging(database)
    before_end = dt.datetime.combine(before_day, dt.time(23, 59, 59))
    appointments = {row[0] for row in query(database, "select AptNum from appointment")}
    splits = {row[0] for row in query(database, "select SplitNum from paysplit")}
    deleted_procs = scalar(database, "select count(*) from procedurelog where ProcStatus = 6")
    stamps = _stamp_max(database)
    assert all(value is None or value <= before_end for value in stamps.values())

    report = advance_practice(database_url(database), 3)

    assert last_aging(database) == before_day + dt.timedelta(days=3)
    assert report.first_day == before_day + dt.timedelta(days=1)
    assert len(query(database, "show tables")) == 57
    for table in ("appointment", "procedurelog", "histappointment", "securitylog", "commlog"):
        assert report.inserted.get(table, 0) > 0, table
    for table in ("appointment", "procedurelog", "recall", "claim"):
        assert report.updated.get(table, 0) > 0, table
    assert report.deleted.get("appointment", 0) >= 1 and report.deleted.get("paysplit", 0) >= 1
    # Every inserted or updated row carries a change stamp after the old "today", nothing else moved.
    for table in ("appointment", "procedurelog", "claimproc", "claim", "recall", "payment"):
        stamp = timestamp_tables()[table][0]
        moved = scalar(database, f"select count(*) from `{table}` where `{stamp}` > %s", (before_end,))
        assert moved == report.inserted.get(table, 0) + report.updated.get(table, 0), table
    # Hard deletes, the OpenDental way.
    now_appointments = {row[0] for row in query(database, "select AptNum from appointment")}
    gone = appointments - now_appointments
    assert gone and gone <= {
        row[0]
        for row in query(
            database,
            "select AptNum from histappointment where HistApptAction = 4 and HistDateTStamp > %s",
            (before_end,),
        )
    }
    assert splits - {row[0] for row in query(database, "select SplitNum from paysplit")}
    assert scalar(database, "select count(*) from procedurelog where ProcStatus = 6") > deleted_procs
    assert (
        scalar(
            database,
            """select count(*) from procedurelog p where p.ProcStatus = 6 and p.DateTStamp > %s and
        (exists (select 1 from claimproc c where c.ProcNum = p.ProcNum)
         or exists (select 1 from adjustment a where a.ProcNum = p.ProcNum))""",
            (before_end,),
        )
        == 0
    )
    assert invariant_failures(database) == []
    compared, differences = aging_differences(database)
    assert compared > 20 and differences == []
    # A second run continues after the first: its changes are newer still.
    after_first = _stamp_max(database)
    first_end = dt.datetime.combine(last_aging(database), dt.time(23, 59, 59))
    advance_practice(database_url(database), 1)
    later = _stamp_max(database)
    assert later["appointment"] > first_end >= after_first["appointment"]
    assert invariant_failures(database) == []
