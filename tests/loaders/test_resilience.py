"""Killing the loader at any moment and running it again converges; schema changes are handled."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import loader_support
from loader_support import server_connection

SMALL_CHUNKS = """
[defaults]
chunk_size = 1000
[tables.procedurelog]
chunk_size = 1000
[tables.claimproc]
chunk_size = 1000
"""


def _start(env, catalogue: Path) -> subprocess.Popen[str]:
    environ = {
        **os.environ,
        **env.env,
        "MDC_CATALOGUE": str(catalogue),
        "DATA_WRITER__FILE_MAX_ITEMS": "2000",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "loaders.opendental_pipeline", "--no-progress"],
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _raw_rows(env, table: str) -> int:
    rows = env.query(
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = %s AND table_name = %s",
        (env.raw, table),
    )
    if not rows[0][0]:
        return 0
    return int(env.query(f"SELECT COUNT(*) FROM `{env.raw}`.`{table}`")[0][0])


def _kill_when(process: subprocess.Popen[str], ready, timeout: float = 120) -> bool:
    """SIGKILL ``process`` as soon as ``ready()`` is true; False if it finished first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if ready():
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True
        time.sleep(0.05)
    process.kill()
    raise AssertionError("the loader never reached the kill point")


def test_killed_load_converges_without_duplicates(loader_env, tmp_path):
    env = loader_env
    with server_connection(env.source) as conn:
        loader_support.insert_rows(conn, loader_support.DIRTY_ROWS)
        loader_support.bulk_rows(conn, procedures=10_000, claimprocs=10_000, securitylogs=2000)
    catalogue = tmp_path / "catalogue.toml"
    catalogue.write_text(SMALL_CHUNKS)
    # 1) killed while extracting: the first table is partly read, nothing written yet
    first = _start(env, catalogue)
    killed_extracting = _kill_when(
        first,
        lambda: (
            (env.state_dir / "dlt").exists()
            and _raw_rows(env, "patient") == 0
            and any((env.state_dir / "dlt").rglob("*.parquet"))
        ),
    )
    # 2) killed while writing procedurelog into raw
    second = _start(env, catalogue)
    killed_writing = _kill_when(second, lambda: 0 < _raw_rows(env, "procedurelog") < 10_002)
    assert killed_extracting or killed_writing
    env.source_sql(
        "UPDATE procedurelog SET ProcFee = ProcFee + 1 WHERE ProcNum BETWEEN 1000 AND 1100",
        "DELETE FROM claimproc WHERE ClaimProcNum BETWEEN 2000 AND 2010",
    )
    code, output = env.load(MDC_CATALOGUE=str(catalogue), DATA_WRITER__FILE_MAX_ITEMS="2000")
    assert code == 0, output
    assert env.differences() == []
    keys = env.query(f"SELECT COUNT(*), COUNT(DISTINCT ProcNum) FROM `{env.raw}`.procedurelog")
    assert keys == [(10_002, 10_002)]
    runs = dict(env.query(f"SELECT status, COUNT(*) FROM `{env.raw}`._mdc_load_runs GROUP BY status"))
    assert runs.get("success") == 1 and runs.get("interrupted", 0) >= 1


def test_added_source_column_is_absorbed(loader_env):
    env = loader_env
    with server_connection(env.source) as conn:
        loader_support.insert_rows(conn, loader_support.DIRTY_ROWS)
    assert env.load()[0] == 0
    env.source_sql(
        "ALTER TABLE procedurelog ADD COLUMN NewFlag tinyint(4) NOT NULL DEFAULT 3",
        "UPDATE procedurelog SET NewFlag = 7 WHERE ProcNum = 10",
    )
    code, output = env.load()
    assert code == 0, output
    assert "new column procedurelog.NewFlag" in output
    assert env.query(f"SELECT ProcNum, NewFlag FROM `{env.raw}`.procedurelog ORDER BY ProcNum") == [
        (10, 7),
        (11, 3),
    ]
    assert env.differences() == []


def test_dropped_or_retyped_source_column_is_absorbed(loader_env):
    env = loader_env
    with server_connection(env.source) as conn:
        loader_support.insert_rows(conn, loader_support.DIRTY_ROWS)
    assert env.load()[0] == 0
    env.source_sql(
        "ALTER TABLE procedurelog DROP COLUMN Surf",
        "ALTER TABLE claimproc MODIFY COLUMN InsPayEst decimal(10,2) NOT NULL DEFAULT 0",
    )
    code, output = env.load()
    assert code == 0, output
    assert "procedurelog.Surf no longer exists in the source; removed from raw" in output
    assert (
        "claimproc.InsPayEst changed type in the source: raw had double, now decimal(10,2);"
        " column rebuilt, table reloaded" in output
    )
    ((kind,),) = env.query(
        "SELECT column_type FROM information_schema.columns WHERE table_schema = %s"
        " AND table_name = 'claimproc' AND column_name = 'InsPayEst'",
        (env.raw,),
    )
    assert kind == "decimal(10,2)"
    assert env.differences() == []


def test_changed_primary_key_fails_with_a_clear_message(loader_env):
    env = loader_env
    with server_connection(env.source) as conn:
        loader_support.insert_rows(conn, loader_support.DIRTY_ROWS)
    assert env.load()[0] == 0
    env.source_sql("ALTER TABLE definition DROP PRIMARY KEY, ADD PRIMARY KEY (DefNum, Category)")
    code, output = env.load()
    assert code == 1
    assert "definition: primary key changed from ['DefNum'] to ['DefNum', 'Category']" in output
    code, output = env.load("--full-refresh", "--tables", "definition")
    assert code == 0, output
    assert env.differences() == []


def test_phi_policy_changes_apply_to_existing_raw_tables(loader_env, tmp_path):
    env = loader_env
    with server_connection(env.source) as conn:
        loader_support.insert_rows(conn, loader_support.DIRTY_ROWS)
    assert env.load()[0] == 0
    catalogue = tmp_path / "phi.toml"
    catalogue.write_text(
        '[tables.appointment.phi]\nProcDescript = "drop"\n[tables.inssub.phi]\nSubscriberID = "keep"\n'
    )
    code, output = env.load(MDC_CATALOGUE=str(catalogue))
    assert code == 0, output
    columns = {
        c
        for (c,) in env.query(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = %s"
            " AND table_name = 'appointment'",
            (env.raw,),
        )
    }
    assert "ProcDescript" not in columns and "AptNum" in columns
    assert dict(env.query(f"SELECT InsSubNum, SubscriberID FROM `{env.raw}`.inssub")) == {
        3: "XYZ123456",
        4: "",
    }
    code, output = env.load(MDC_PHI_HASH_KEY="")  # back to the packaged policy, but no key: dropped
    assert code == 0, output
    columns = {
        c
        for (c,) in env.query(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = %s"
            " AND table_name = 'inssub'",
            (env.raw,),
        )
    }
    assert "SubscriberID" not in columns and "InsSubNum" in columns
    assert "MDC_PHI_HASH_KEY is not set" in output
