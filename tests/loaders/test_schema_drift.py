"""OpenDental versions differ (21.x to 25.x): raw mirrors whatever columns the source has.

An older source lacks columns the catalogue or staging knows; a newer one has extra columns. Both
load, in a first load and in an incremental load after an upgrade or downgrade.
"""

from __future__ import annotations

import loader_support
from loader_support import DIRTY_ROWS, server_connection


def _columns(env, schema: str, table: str) -> list[str]:
    rows = env.query(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = %s AND table_name = %s"
        " AND column_name <> '_loaded_at' ORDER BY ordinal_position",
        (schema, table),
    )
    return [name for (name,) in rows]


def _modes(env) -> dict[str, tuple[str, str]]:
    rows = env.query(
        f"SELECT table_name, mode, strategy FROM `{env.raw}`._mdc_load_tables WHERE run_id ="
        f" (SELECT run_id FROM `{env.raw}`._mdc_load_runs ORDER BY started_at DESC LIMIT 1)"
    )
    return {name: (mode, strategy) for name, mode, strategy in rows}


def test_older_and_newer_opendental_columns_load_first_and_incrementally(loader_env):
    env = loader_env
    with server_connection(env.source) as conn:
        loader_support.insert_rows(conn, DIRTY_ROWS)
        loader_support.bulk_rows(conn, procedures=40)
    env.source_sql(
        "INSERT INTO claimtracking (ClaimTrackingNum, ClaimNum, TrackingType, Note) VALUES (1, 9, 'x', 'n')",
        # an older OpenDental: columns staging selects, a PHI column and a change column are missing
        "ALTER TABLE procedurelog DROP COLUMN Surf",
        "ALTER TABLE patient DROP COLUMN Email",
        "ALTER TABLE claimtracking DROP COLUMN DateTimeEntry",
        # a newer OpenDental: a column the catalogue does not know
        "ALTER TABLE appointment ADD COLUMN NewerOdColumn varchar(255) NOT NULL DEFAULT 'h1'",
    )
    code, output = env.load()
    assert code == 0, output
    assert "PHI policy names column Email, which the source does not have" in output
    assert "cursor column DateTimeEntry does not exist in the source; copied with strategy replace" in output
    for table in ("procedurelog", "patient", "claimtracking", "appointment"):
        assert sorted(_columns(env, env.raw, table)) == sorted(_kept(env, table)), table
    assert "NewerOdColumn" in _columns(env, env.raw, "appointment")
    assert _modes(env)["claimtracking"] == ("full", "replace")
    assert env.differences() == []

    # the practice upgrades: Surf and DateTimeEntry come back, a column goes, another changes type
    env.source_sql(
        "ALTER TABLE procedurelog ADD COLUMN Surf varchar(10) NOT NULL DEFAULT 'MO' AFTER CodeNum",
        "ALTER TABLE claimtracking ADD COLUMN DateTimeEntry timestamp NOT NULL"
        " DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP AFTER UserNum",
        "ALTER TABLE appointment DROP COLUMN ProcDescript",
        "ALTER TABLE claimproc MODIFY COLUMN InsPayEst decimal(10,2) NOT NULL DEFAULT 0",
        "UPDATE procedurelog SET Surf = 'B', ProcFee = 5 WHERE ProcNum = 1003",
        "UPDATE appointment SET NewerOdColumn = 'h2' WHERE AptNum = 7",
        "INSERT INTO appointment (AptNum, PatNum, NewerOdColumn) VALUES (8, 1, 'h3')",
    )
    code, output = env.load()
    assert code == 0, output
    assert "new column procedurelog.Surf (varchar(10)) added; table reloaded" in output
    assert "appointment.ProcDescript no longer exists in the source; removed from raw" in output
    assert "claimproc.InsPayEst changed type in the source: raw had double, now decimal(10,2)" in output
    for table in ("procedurelog", "claimtracking", "appointment", "claimproc"):
        assert sorted(_columns(env, env.raw, table)) == sorted(_kept(env, table)), table
    modes = _modes(env)
    assert modes["procedurelog"] == ("full", "incremental")  # reloaded: Surf holds the source's values
    assert modes["claimtracking"] == ("full", "incremental")  # back to its cursor
    assert modes["appointment"] == ("incremental", "incremental")  # a dropped column needs no reload
    assert env.differences() == []
    assert env.query(f"SELECT Surf FROM `{env.raw}`.procedurelog WHERE ProcNum IN (10, 1003)") == [
        ("MO",),
        ("B",),
    ]

    # and the next night is an ordinary incremental run
    env.source_sql("UPDATE claimtracking SET TrackingType = 'y' WHERE ClaimTrackingNum = 1")
    code, output = env.load()
    assert code == 0, output
    notes = [line for line in output.splitlines() if line.startswith("note:")]
    assert notes == ["note: table patient: PHI policy names column Email, which the source does not have"]
    modes = _modes(env)
    assert modes["procedurelog"][0] == modes["claimtracking"][0] == "incremental"
    assert env.differences() == []


def _kept(env, table: str) -> list[str]:
    """The source's columns minus those the PHI policy drops (hashed ones are kept as digests), then the
    catalogue's derived columns (computed in the source SELECT)."""
    from loaders.opendental.settings import load_catalogue

    spec = load_catalogue(None).spec(table)
    assert spec is not None
    kept = [c for c in _columns(env, env.source, table) if spec.phi_action(c) != "drop"]
    return [*kept, *spec.derived]
