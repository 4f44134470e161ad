"""One connection factory for the source, its replica and the warehouse.

Every database connection the loaders open comes from here, so the rules live in one place:

* source sessions are read-only (``SET SESSION TRANSACTION READ ONLY`` on top of the account's own
  privileges), use ``time_zone='+00:00'`` so TIMESTAMP values travel as exact instants, and
  ``sql_mode=''`` so string literals and zero dates behave as OpenDental expects;
* reads go to ``MDC_SOURCE_REPLICA_URL`` when it is set;
* warehouse sessions use ``sql_mode=''`` (raw stores zero dates exactly as the source holds them),
  ``time_zone='+00:00'`` and allow ``LOAD DATA LOCAL INFILE``;
* transient failures (lost connection, deadlock, lock wait timeout, too many connections) are
  retried with exponential backoff; the others become a :class:`DatabaseError` whose message says
  what to fix, without the password.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import pymysql
from sqlalchemy.engine import URL, make_url

from mdc.config import Settings, redact

log = logging.getLogger(__name__)

Role = Literal["source", "replica", "warehouse"]
T = TypeVar("T")

# MariaDB/MySQL error numbers worth another try: the operation is idempotent on our side.
TRANSIENT_ERRORS = {
    1040: "too many connections",
    1205: "lock wait timeout",
    1213: "deadlock",
    2003: "cannot connect",
    2006: "server has gone away",
    2013: "lost connection during query",
    2055: "lost connection",
}
# Errors that retrying cannot fix, with what the user should do.
ADVICE = {
    1044: "the account may not use database {database}: grant it access (see docs/etl.md)",
    1045: "authentication failed for user {user}: check the user and password in {variable}",
    1049: "database {database} does not exist on {host}: check the database name in {variable}",
    1142: "the account lacks a privilege for this statement: see `mdc doctor` and docs/etl.md",
    1143: "the account lacks a column privilege: see `mdc doctor` and docs/etl.md",
    1227: "the account lacks a privilege for this statement: see `mdc doctor` and docs/etl.md",
    1792: "the source session is read-only, so the loader cannot write there (by design)",
    2003: "cannot reach {host}:{port}: is the server running and the host/port in {variable} right?",
    2005: "unknown host {host}: check the host in {variable}",
}
VARIABLES = {
    "source": "MDC_SOURCE_URL",
    "replica": "MDC_SOURCE_REPLICA_URL",
    "warehouse": "MDC_WAREHOUSE_URL",
}
# URL query parameters passed through to PyMySQL (TLS, sockets, timeouts, a statement run on connect).
PASSTHROUGH = (
    "unix_socket", "ssl_ca", "ssl_cert", "ssl_key", "connect_timeout", "read_timeout", "init_command",
)


class DatabaseError(RuntimeError):
    """A database problem explained for the user (no password, says what to fix)."""


def error_code(exc: BaseException) -> int | None:
    """The server or client error number of a PyMySQL exception, if any."""
    if isinstance(exc, pymysql.err.MySQLError) and exc.args and isinstance(exc.args[0], int):
        return exc.args[0]
    return None


def is_transient(exc: BaseException) -> bool:
    """True for failures that a retry can cure (see :data:`TRANSIENT_ERRORS`)."""
    return error_code(exc) in TRANSIENT_ERRORS


def explain(exc: BaseException, role: Role, url: str | URL) -> DatabaseError:
    """Turn a driver exception into a :class:`DatabaseError` that names the server and the fix."""
    parsed = make_url(url)
    code = error_code(exc)
    fields = {
        "user": parsed.username or "?",
        "host": parsed.host or "localhost",
        "port": parsed.port or 3306,
        "database": parsed.database or "?",
        "variable": VARIABLES[role],
    }
    detail = exc.args[1] if isinstance(exc, pymysql.err.MySQLError) and len(exc.args) > 1 else str(exc)
    advice = ADVICE.get(code or -1)
    where = f"{role} database {redact(url)}"
    if advice:
        return DatabaseError(f"{where}: {advice.format(**fields)} (error {code}: {detail})")
    return DatabaseError(f"{where}: error {code}: {detail}")


def retry(
    action: Callable[[], T],
    *,
    what: str,
    attempts: int = 5,
    first_delay: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Run ``action``; on a transient database error wait (0.5 s, 1 s, 2 s, ...) and run it again.

    Args:
        action: an idempotent callable.
        what: short description for the log line of each retry.
        attempts: total tries before the last error is raised.
        first_delay: seconds before the second try; doubled after each failure.
        sleep: injectable for tests.

    Returns:
        Whatever ``action`` returns.
    """
    delay = first_delay
    for attempt in range(1, attempts + 1):
        try:
            return action()
        except pymysql.err.MySQLError as exc:
            if not is_transient(exc) or attempt == attempts:
                raise
            log.warning(
                "%s: %s (attempt %d of %d), retrying in %.1f s",
                what,
                TRANSIENT_ERRORS[error_code(exc) or 0],
                attempt,
                attempts,
                delay,
            )
            sleep(delay)
            delay *= 2
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Endpoint:
    """Where and how to connect: a URL plus the session rules for its role."""

    url: str
    role: Role

    @property
    def database(self) -> str | None:
        """The database named in the URL, if any."""
        return make_url(self.url).database

    def session_statements(self) -> list[str]:
        """Statements run on every new connection of this role."""
        common = [
            "SET SESSION sql_mode=''",
            "SET SESSION time_zone='+00:00'",
            "SET SESSION net_write_timeout=3600",
            "SET SESSION net_read_timeout=3600",
        ]
        if self.role in ("source", "replica"):
            return [*common, "SET SESSION TRANSACTION READ ONLY"]
        return common

    def connect_kwargs(self) -> dict[str, object]:
        """Keyword arguments for :func:`pymysql.connect`."""
        parsed = make_url(self.url)
        kwargs: dict[str, object] = {
            "host": parsed.host or "127.0.0.1",
            "port": parsed.port or 3306,
            "user": parsed.username or "root",
            "password": parsed.password or "",
            "database": parsed.database,
            "charset": "utf8mb4",
            "autocommit": True,
            "local_infile": self.role == "warehouse",
            "connect_timeout": 10,
        }
        for name in PASSTHROUGH:
            if name in parsed.query:
                value = parsed.query[name]
                kwargs[name] = int(value) if name.endswith("timeout") else value  # type: ignore[arg-type]
        return kwargs


def scalar(cursor: pymysql.cursors.Cursor, sql: str, args: Any = None) -> Any:
    """First column of the first row of ``sql`` (an aggregate always has one row)."""
    cursor.execute(sql, args)
    row = cursor.fetchone()
    if row is None:
        raise DatabaseError(f"no row returned by: {sql}")
    return row[0]


def open_connection(endpoint: Endpoint, *, attempts: int = 3) -> pymysql.connections.Connection:
    """Open one configured connection, retrying transient failures; raise :class:`DatabaseError`."""

    def attempt() -> pymysql.connections.Connection:
        conn = pymysql.connect(**endpoint.connect_kwargs())  # type: ignore[arg-type, call-overload]
        with conn.cursor() as cur:
            for statement in endpoint.session_statements():
                cur.execute(statement)
        return conn

    try:
        return retry(attempt, what=f"connecting to the {endpoint.role} database", attempts=attempts)
    except pymysql.err.MySQLError as exc:
        raise explain(exc, endpoint.role, endpoint.url) from exc


class Pool:
    """A small thread-safe pool of configured connections for one endpoint.

    Connections are pinged on checkout; a dead one is replaced (with its session settings) instead
    of being silently reconnected without them.
    """

    def __init__(self, endpoint: Endpoint, size: int = 4) -> None:
        self.endpoint = endpoint
        self._idle: queue.LifoQueue[pymysql.connections.Connection] = queue.LifoQueue()
        self._size = size
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def connection(self) -> Iterator[pymysql.connections.Connection]:
        """Check a connection out for the duration of the ``with`` block."""
        conn = self._checkout()
        healthy = True
        try:
            yield conn
        except pymysql.err.MySQLError as exc:
            healthy = not is_transient(exc)
            raise
        finally:
            if healthy and conn.open:
                self._idle.put(conn)
            else:
                with contextlib.suppress(Exception):
                    conn.close()

    def _checkout(self) -> pymysql.connections.Connection:
        while True:
            try:
                conn = self._idle.get_nowait()
            except queue.Empty:
                return open_connection(self.endpoint)
            try:
                conn.ping(reconnect=False)
                return conn
            except pymysql.err.MySQLError:
                with contextlib.suppress(Exception):
                    conn.close()

    def close(self) -> None:
        """Close every idle connection."""
        while True:
            try:
                conn = self._idle.get_nowait()
            except queue.Empty:
                return
            with contextlib.suppress(Exception):
                conn.close()


class Connections:
    """The factory: endpoints and pools for one run's configuration."""

    def __init__(self, config: Settings) -> None:
        self.config = config
        self.source_endpoint = Endpoint(config.source_url, "source")
        replica = config.source_replica_url
        self.read_endpoint = Endpoint(replica, "replica") if replica else self.source_endpoint
        self.warehouse_endpoint = Endpoint(config.warehouse_url, "warehouse")
        self._pools: dict[Role, Pool] = {}
        self._lock = threading.Lock()

    def pool(self, role: Role) -> Pool:
        """The shared pool for ``role`` ("source" means: where reads go, i.e. the replica when set)."""
        with self._lock:
            if role not in self._pools:
                endpoint = {
                    "source": self.read_endpoint,
                    "replica": self.read_endpoint,
                    "warehouse": self.warehouse_endpoint,
                }[role]
                self._pools[role] = Pool(endpoint)
            return self._pools[role]

    def reader(self) -> contextlib.AbstractContextManager[pymysql.connections.Connection]:
        """A read-only source connection (the replica when configured)."""
        return self.pool("source").connection()

    def warehouse(self) -> contextlib.AbstractContextManager[pymysql.connections.Connection]:
        """A warehouse connection (sql_mode='', UTC, LOAD DATA LOCAL allowed)."""
        return self.pool("warehouse").connection()

    def close(self) -> None:
        """Close all pooled connections."""
        for pool in self._pools.values():
            pool.close()
