"""``mdc doctor``: check connections, privileges and server settings; say what to fix.

Each check prints ``ok``, ``warn`` or ``FAIL`` with a one-line explanation. The exit code is 1 when any
check fails (the loader would not work), 0 otherwise. Nothing is changed on the source; on the
warehouse the raw schemas are created if missing and a scratch table is created and dropped to prove
the privileges.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mdc.practices import Practice

CORE_TABLE_COUNT = 57
WRITE_PRIVILEGES = ("ALL PRIVILEGES", "INSERT", "UPDATE", "DELETE", "DROP", "ALTER", "CREATE")
READ_ONLY_HELP = (
    "create a read-only account: CREATE USER 'mdc_reader'@'%' IDENTIFIED BY '...';"
    " GRANT SELECT ON {db}.* TO 'mdc_reader'@'%'; then put it in {variable}"
)


@dataclass
class Check:
    """One line of the report."""

    status: str  # ok | warn | FAIL
    subject: str
    detail: str


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``mdc doctor`` reads the MDC_* environment like every command; ``--practice`` picks one of a group."""
    parser.add_argument("--practice", metavar="ID", help="with MDC_PRACTICES: check only this practice")


def run(args: argparse.Namespace) -> int:
    """Run every check, print the report, return 1 if any check failed."""
    from mdc.config import redact, settings
    from mdc.practices import read_practices, select

    try:
        config = settings()
        practices = read_practices()
        if practices is not None:
            return doctor_practices(select(practices, args.practice))
    except ValueError as exc:
        print(f"mdc doctor: {exc}")
        return 2
    checks = diagnose(config)
    print(
        f"mdc doctor: source {redact(config.source_url)}, warehouse {redact(config.warehouse_url)},"
        f" raw schema {config.raw_schema}"
    )
    for check in checks:
        print(f"{check.status:<4}  {check.subject}: {check.detail}")
    failed = [c for c in checks if c.status == "FAIL"]
    warned = [c for c in checks if c.status == "warn"]
    if failed:
        print(f"{len(failed)} problem(s) to fix")
    elif warned:
        print(f"no problem stops loading; {len(warned)} warning(s) above")
    else:
        print("all checks passed")
    return 1 if failed else 0


def doctor_practices(practices: list[Practice]) -> int:
    """With MDC_PRACTICES: the checks of each practice, from its own process and settings."""
    import os

    from mdc.config import settings
    from mdc.fanout import mdc_command, report, run_per_practice

    config = settings()
    runs = run_per_practice(
        practices, lambda practice: (mdc_command("doctor"), practice.environment(os.environ, config)), jobs=1
    )
    return report("mdc doctor", runs, consequence="")


def diagnose(config: Any) -> list[Check]:
    """All checks for ``config`` (a :class:`mdc.config.Settings`)."""
    from loaders.opendental.settings import CatalogueError, load_catalogue
    from mdc.connections import DatabaseError, Endpoint, open_connection

    checks: list[Check] = []
    try:
        load_catalogue(config.catalogue_path or None)
        checks.append(
            Check(
                "ok",
                "catalogue",
                "tables.toml" + (f" + {config.catalogue_path}" if config.catalogue_path else ""),
            )
        )
    except CatalogueError as exc:
        checks.append(Check("FAIL", "catalogue", str(exc)))
    try:
        database = config.source_database
    except ValueError as exc:
        return [*checks, Check("FAIL", "source", str(exc))]
    endpoints = [Endpoint(config.source_url, "source")]
    if config.source_replica_url:
        endpoints.append(Endpoint(config.source_replica_url, "replica"))
    for endpoint in endpoints:
        try:
            conn = open_connection(endpoint, attempts=1)
        except DatabaseError as exc:
            checks.append(Check("FAIL", endpoint.role, str(exc)))
            continue
        with conn:
            checks.extend(_source_checks(conn, endpoint.role, endpoint.database or database))
    try:
        conn = open_connection(Endpoint(config.warehouse_url, "warehouse"), attempts=1)
    except DatabaseError as exc:
        return [*checks, Check("FAIL", "warehouse", str(exc))]
    with conn:
        checks.extend(_warehouse_checks(conn, config.raw_schema))
        try:
            checks.extend(_data_quality_checks(conn, config.dbt_schema))
        except Exception as exc:  # the report must not hide the connection checks above
            checks.append(Check("warn", "data quality", f"could not read the latest checks: {exc}"))
    return checks


def _scalar(conn: Any, sql: str, params: tuple[Any, ...] = ()) -> Any:
    with conn.cursor() as cur:
        cur.execute(sql, params)
        row = cur.fetchone()
    return row[0] if row else None


def _guard(subject: str, action: Callable[[], Check]) -> Check:
    try:
        return action()
    except Exception as exc:  # a check that cannot run is itself a finding
        return Check("FAIL", subject, f"could not check: {exc}")


def _data_quality_checks(conn: Any, dbt_schema: str) -> list[Check]:
    """The latest build's non-zero data-quality checks (mart_data_quality), one warning each."""
    from mdc.data_quality import MART, findings

    found = findings(conn, dbt_schema)
    if found is None:
        return [Check("warn", "data quality", f"{MART} is not built yet: run `mdc dbt build`")]
    if not found:
        return [Check("ok", "data quality", f"every check of the latest build is zero ({MART})")]
    return [
        Check("ok" if finding.severity == "info" else "warn", f"data quality {finding.check_name}",
              f"{finding.detail()}; to fix: {finding.how_to_fix}")
        for finding in found
    ]


def _source_checks(conn: Any, role: str, database: str) -> list[Check]:
    variable = "MDC_SOURCE_URL" if role == "source" else "MDC_SOURCE_REPLICA_URL"
    checks = [Check("ok", f"{role} connection", f"{_scalar(conn, 'SELECT VERSION()')}, database {database}")]

    def tables() -> Check:
        count = _scalar(
            conn, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = %s", (database,)
        )
        if not count:
            return Check(
                "FAIL",
                f"{role} tables",
                f"database {database} has no tables (or the account cannot see"
                f" them): check the database name in {variable} and GRANT SELECT ON {database}.*",
            )
        status = "ok" if count >= CORE_TABLE_COUNT else "warn"
        return Check(
            status,
            f"{role} tables",
            f"{count} tables visible (OpenDental has {CORE_TABLE_COUNT}+ core tables)",
        )

    def version() -> Check:
        value = _scalar(
            conn, f"SELECT ValueString FROM `{database}`.preference WHERE PrefName = 'DataBaseVersion'"
        )
        if not value:
            return Check("warn", f"{role} OpenDental version", "preference.DataBaseVersion not found")
        major = tuple(int(p) for p in re.findall(r"\d+", str(value))[:2])
        status = "ok" if major >= (24, 3) else "warn"
        note = (
            ""
            if status == "ok"
            else " (the catalogue describes 24.3; older versions load, columns may differ)"
        )
        return Check(status, f"{role} OpenDental version", f"DataBaseVersion {value}{note}")

    def sql_mode() -> Check:
        mode = str(_scalar(conn, "SELECT @@GLOBAL.sql_mode") or "")
        allowed = {"", "NO_AUTO_CREATE_USER"}
        extra = [m for m in mode.split(",") if m and m not in allowed]
        if extra:
            return Check(
                "warn",
                f"{role} sql_mode",
                f"global sql_mode is {mode!r}; OpenDental expects it blank"
                " (the loader sets its own session mode, so loading still works)",
            )
        return Check("ok", f"{role} sql_mode", f"{mode or 'blank'}, as OpenDental expects")

    def read_only_account() -> Check:
        with conn.cursor() as cur:
            cur.execute("SHOW GRANTS FOR CURRENT_USER()")
            grants = [str(row[0]) for row in cur.fetchall()]
        writable = [g for g in grants if _grants_write(g, database)]
        if writable:
            return Check(
                "warn",
                f"{role} account privileges",
                "the account can write to the source ("
                + writable[0][:80]
                + "...); the loader's sessions are read-only anyway, but "
                + READ_ONLY_HELP.format(db=database, variable=variable),
            )
        return Check("ok", f"{role} account privileges", "SELECT only: the account cannot write")

    def read_only_session() -> Check:
        try:
            with conn.cursor() as cur:
                cur.execute(f"UPDATE `{database}`.preference SET PrefNum = PrefNum WHERE 1 = 0")
        except Exception as exc:
            code = exc.args[0] if exc.args else None
            if code in (1792, 1142, 1044):
                return Check("ok", f"{role} session", "writes are refused (read-only session)")
            raise
        return Check("FAIL", f"{role} session", "a write statement was accepted by the loader's session")

    for subject, action in (
        ("tables", tables),
        ("OpenDental version", version),
        ("sql_mode", sql_mode),
        ("account privileges", read_only_account),
        ("session", read_only_session),
    ):
        checks.append(_guard(f"{role} {subject}", action))
    return checks


def _grants_write(grant: str, database: str) -> bool:
    """True if a GRANT line gives write privileges on ``database`` (or on everything)."""
    match = re.match(r"GRANT (.+?) ON (\S+) TO", grant)
    if not match:
        return False
    privileges, target = match.group(1).upper(), match.group(2).replace("`", "")
    on_database = target in ("*.*", f"{database}.*") or target.startswith(f"{database}.")
    return on_database and any(p in privileges for p in WRITE_PRIVILEGES)


def _warehouse_checks(conn: Any, raw_schema: str) -> list[Check]:
    from loaders.opendental.warehouse import ensure_schemas, staging_schema

    checks = [Check("ok", "warehouse connection", str(_scalar(conn, "SELECT VERSION()")))]

    def local_infile() -> Check:
        if str(_scalar(conn, "SELECT @@GLOBAL.local_infile")) in ("1", "ON"):
            return Check("ok", "warehouse local_infile", "ON (LOAD DATA LOCAL INFILE is allowed)")
        return Check(
            "FAIL",
            "warehouse local_infile",
            "OFF: the loader writes with LOAD DATA LOCAL INFILE;"
            " run SET GLOBAL local_infile = 1 (and local_infile=1 under [mysqld] in the server config)",
        )

    def packet() -> Check:
        size = int(_scalar(conn, "SELECT @@GLOBAL.max_allowed_packet") or 0)
        status = "ok" if size >= 16 * 1024 * 1024 else "warn"
        return Check(
            status,
            "warehouse max_allowed_packet",
            f"{size // (1024 * 1024)} MB"
            + ("" if status == "ok" else "; raise it to 64M for long text columns"),
        )

    def privileges() -> Check:
        ensure_schemas(conn, raw_schema)
        scratch = f"`{raw_schema}`.`_mdc_doctor_check`"
        with conn.cursor() as cur:
            cur.execute(f"CREATE TABLE IF NOT EXISTS {scratch} (id int primary key)")
            cur.execute(f"REPLACE INTO {scratch} VALUES (1)")
            cur.execute(f"DELETE FROM {scratch}")
            cur.execute(f"DROP TABLE {scratch}")
        return Check(
            "ok",
            "warehouse privileges",
            f"can create, write and drop tables in {raw_schema} and {staging_schema(raw_schema)}",
        )

    def privileges_guarded() -> Check:
        try:
            return privileges()
        except Exception as exc:
            return Check(
                "FAIL",
                "warehouse privileges",
                f"{exc}; grant the loader account: GRANT ALL ON"
                f" `{raw_schema}`.* and ON `{staging_schema(raw_schema)}`.* (and CREATE to create them)",
            )

    for subject, action in (("local_infile", local_infile), ("max_allowed_packet", packet)):
        checks.append(_guard(f"warehouse {subject}", action))
    checks.append(privileges_guarded())
    return checks
