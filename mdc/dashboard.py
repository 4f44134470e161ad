"""``mdc dashboard``: serve the Streamlit dashboards in ``dashboards/``, which read only the marts.

The server listens on 127.0.0.1 (port ``MDC_DASHBOARD_PORT``, default 8501) with Streamlit's usage
statistics off (``dashboards/.streamlit/config.toml``). ``--host ADDRESS`` binds elsewhere, and then a
login is required: the credentials file (``MDC_DASHBOARD_AUTH_FILE``, default ``.mdc/dashboard-auth.yaml``,
gitignored) must exist and hold bcrypt hashes, or the command refuses to start. ``--check`` renders every
page once against the warehouse, prints the overview figures and exits (``make demo`` ends with it).
``--hash-password`` prints the bcrypt hash of a password for the credentials file.

The helpers that decide whether a login is needed and read the credentials file live here so that the
command and the app (``dashboards/access.py``) apply the same rule.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import ipaddress
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mdc.config import redact, settings
from mdc.practices import PracticesError, practices_file, read_practices

REPO_ROOT = Path(__file__).resolve().parents[1]
APP_DIR = REPO_ROOT / "dashboards"
APP_SCRIPT = APP_DIR / "app.py"
EXPOSURES_FILE = REPO_ROOT / "dbt_project" / "models" / "exposures" / "_dashboards__exposures.yml"
AUTH_FILE_VARIABLE = "MDC_DASHBOARD_AUTH_FILE"
DEFAULT_AUTH_FILE = REPO_ROOT / ".mdc" / "dashboard-auth.yaml"
# bcrypt hashes as written by bcrypt / streamlit-authenticator's Hasher: $2a$, $2b$ or $2y$, cost, 53 chars.
BCRYPT_HASH = re.compile(r"^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$")
MIN_COOKIE_KEY_LENGTH = 32
# What a user of the credentials file may have: streamlit-authenticator's keys and ours (`practices`).
USER_KEYS = {"name", "password", "email", "first_name", "last_name", "roles", "logged_in",
             "failed_login_attempts", "practices"}
# How long `--check` waits for one page to render (the first run fills the query cache).
CHECK_TIMEOUT_SECONDS = 180
SERVER_START_SECONDS = 120


class LoginConfigError(ValueError):
    """The credentials file is missing or unusable; the message says what to fix."""


@dataclass(frozen=True)
class LoginConfig:
    """What streamlit-authenticator needs: the users (bcrypt hashes) and the re-login cookie settings."""

    path: Path
    usernames: dict[str, dict[str, Any]]
    cookie_name: str
    cookie_key: str
    cookie_expiry_days: float


def is_loopback(address: str) -> bool:
    """True when ``address`` only accepts connections from this machine.

    An empty address means "every interface" to Streamlit, so it is not loopback.
    """
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


def auth_file(environ: dict[str, str] | None = None) -> Path:
    """The credentials file: ``MDC_DASHBOARD_AUTH_FILE`` (relative to the repository) or the default."""
    env = os.environ if environ is None else environ
    value = env.get(AUTH_FILE_VARIABLE, "")
    if not value:
        return DEFAULT_AUTH_FILE
    path = Path(value).expanduser()
    return path if path.is_absolute() else REPO_ROOT / path


def configured_practice_ids(environ: dict[str, str] | None = None) -> list[str] | None:
    """The practice ids of MDC_PRACTICES (a group), or None for a single practice.

    Raises:
        LoginConfigError: the MDC_PRACTICES file is unusable (a login's practices could not be checked).
    """
    try:
        practices = read_practices(environ)
    except PracticesError as exc:
        raise LoginConfigError(str(exc)) from None
    return None if practices is None else [practice.id for practice in practices]


def read_login_config(path: Path, practice_ids: Collection[str] | None = None) -> LoginConfig:
    """Read and validate the credentials file.

    Expected YAML (see docs/dashboards.md)::

        cookie: {name: mdc_dashboard, key: <32+ random characters>, expiry_days: 1}
        credentials:
          usernames:
            alice: {name: Alice Example, password: <bcrypt hash from `mdc dashboard --hash-password`>}
            bob: {name: Bob Example, password: <hash>, practices: [north, south]}

    A user with ``practices`` sees only those practices of the group (MDC_PRACTICES); without it, all.

    Args:
        path: the credentials file.
        practice_ids: the group's practice ids (:func:`configured_practice_ids`), or None for a single
            practice, where ``practices`` has nothing to limit and is refused.

    Raises:
        LoginConfigError: the file is missing, is not that shape, holds a plain-text password, an unknown
            key, or practices that are not a non-empty list of the group's practice ids.
    """
    import yaml

    if not path.is_file():
        raise LoginConfigError(
            f"no dashboard credentials file at {path}: a login is required when the dashboard is not "
            f"bound to localhost. Create it as docs/dashboards.md shows (or set {AUTH_FILE_VARIABLE})."
        )
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise LoginConfigError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise LoginConfigError(f"{path}: expected a mapping with `cookie` and `credentials`")
    cookie = data.get("cookie") or {}
    key = str(cookie.get("key") or "")
    if len(key) < MIN_COOKIE_KEY_LENGTH:
        raise LoginConfigError(
            f"{path}: cookie.key must be a random secret of at least {MIN_COOKIE_KEY_LENGTH} characters "
            "(it signs the re-login cookie); e.g. python -c 'import secrets; print(secrets.token_hex(32))'"
        )
    usernames = ((data.get("credentials") or {}).get("usernames")) or {}
    if not isinstance(usernames, dict) or not usernames:
        raise LoginConfigError(f"{path}: credentials.usernames lists no user")
    for username, user in usernames.items():
        if not isinstance(user, dict):
            raise LoginConfigError(f"{path}: user {username!r}: expected a mapping (name, password, ...)")
        unknown = sorted(str(key) for key in set(user) - USER_KEYS)
        if unknown:
            raise LoginConfigError(f"{path}: user {username!r}: unknown key(s) {', '.join(unknown)} "
                                   f"(known: {', '.join(sorted(USER_KEYS))})")
        password = str(user.get("password") or "")
        if not BCRYPT_HASH.match(password):
            raise LoginConfigError(
                f"{path}: user {username!r}: password must be a bcrypt hash, never plain text "
                "(make one with `mdc dashboard --hash-password`)"
            )
        if "practices" in user:
            _check_practices(path, str(username), user["practices"], practice_ids)
    return LoginConfig(
        path=path,
        usernames={str(name): dict(user) for name, user in usernames.items()},
        cookie_name=str(cookie.get("name") or "mdc_dashboard"),
        cookie_key=key,
        cookie_expiry_days=float(cookie.get("expiry_days", 1)),
    )


def _check_practices(path: Path, username: str, value: object, practice_ids: Collection[str] | None) -> None:
    """A user's ``practices``: a non-empty list of the group's practice ids."""
    where = f"{path}: user {username!r}: practices"
    if practice_ids is None:
        raise LoginConfigError(f"{where}: only a group of practices (MDC_PRACTICES) has practices to limit "
                               "a login to; remove the key")
    if not isinstance(value, list) or not value or not all(isinstance(item, str) for item in value):
        raise LoginConfigError(f"{where}: expected a non-empty list of practice ids, e.g. [north, south]")
    unknown = sorted(set(value) - set(practice_ids))
    if unknown:
        raise LoginConfigError(f"{where}: unknown practice(s) {', '.join(unknown)} "
                               f"(MDC_PRACTICES has {', '.join(practice_ids)})")


def exposed_relations(exposures_file: Path = EXPOSURES_FILE) -> dict[str, list[str]]:
    """Exposure name -> the models it depends on, from the dashboards' dbt exposures file."""
    import yaml

    data = yaml.safe_load(exposures_file.read_text(encoding="utf-8"))
    pattern = re.compile(r"""ref\(\s*['"](\w+)['"]\s*\)""")
    return {
        exposure["name"]: [match.group(1) for ref in exposure["depends_on"] if (match := pattern.search(ref))]
        for exposure in data["exposures"]
    }


def missing_relations(schema: str, wanted: set[str]) -> list[str]:
    """The models of ``wanted`` that do not exist in ``schema`` on the warehouse."""
    from sqlalchemy import bindparam, create_engine, text
    from sqlalchemy.exc import DBAPIError

    engine = create_engine(settings().warehouse_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "select table_name from information_schema.tables where table_schema = :schema "
                    "and table_name in :names"
                ).bindparams(bindparam("names", expanding=True)),
                {"schema": schema, "names": sorted(wanted)},
            )
            present = {str(row[0]) for row in rows}
    except DBAPIError as exc:  # say what failed without SQLAlchemy's traceback (the URL is redacted)
        raise OSError(str(exc.orig)) from exc
    finally:
        engine.dispose()
    return sorted(wanted - present)


def empty_relations(schema: str, names: set[str]) -> list[str]:
    """The models of ``names`` in ``schema`` that exist and hold no row."""
    from sqlalchemy import create_engine, text

    engine = create_engine(settings().warehouse_url)
    try:
        with engine.connect() as conn:
            return sorted(name for name in names
                          if conn.execute(text(f"select 1 from `{schema}`.`{name}` limit 1")).first() is None)
    finally:
        engine.dispose()


# The default view is "empty" when these overview figures show no money (a $0.00 month, or no month).
DEFAULT_VIEW_FIGURES = ("Gross production", "Collections")


def shows_nothing(value: str) -> bool:
    """True for a figure without a non-zero digit: ``$0.00``, ``0``, ``—``."""
    return not re.search(r"[1-9]", value)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``mdc dashboard``."""
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1; anything else requires a login)",
    )
    parser.add_argument("--port", type=int, default=None, help="port (default MDC_DASHBOARD_PORT, 8501)")
    parser.add_argument(
        "--check",
        action="store_true",
        help="render every page once against the warehouse, print the overview figures, exit",
    )
    parser.add_argument(
        "--hash-password",
        action="store_true",
        help="read a password (twice, not echoed) and print its bcrypt hash",
    )
    parser.add_argument(
        "--screenshot",
        metavar="PNG",
        type=Path,
        default=None,
        help="serve on a free loopback port, save the overview page as PNG with headless "
        "Chromium, stop (docs/img/overview.png)",
    )


def hash_password() -> int:
    """Prompt for a password and print its bcrypt hash (for the credentials file)."""
    from streamlit_authenticator import Hasher

    password = getpass.getpass("password: ")
    if password != getpass.getpass("again: "):
        print("mdc dashboard: the passwords differ", file=sys.stderr)
        return 2
    if len(password) < 12:
        print("mdc dashboard: use at least 12 characters", file=sys.stderr)
        return 2
    print(Hasher.hash(password))
    return 0


def check_pages() -> int:
    """Render every page headlessly with the default filters; print the overview's figures.

    Returns:
        0 when every page rendered without an exception or error box, no mart a page reads is empty and
        the default view's headline figures are not all empty; else 1 (each failure names page and figure).
    """
    sys.path.insert(0, str(APP_DIR))
    import streamlit.config
    from navigation import PAGES  # dashboards/navigation.py
    from streamlit.testing.v1 import AppTest

    # The pages render in this process, for this machine only: the login is for served pages.
    streamlit.config.set_option("server.address", "127.0.0.1")
    # AppTest runs outside `streamlit run`, which Streamlit reports once per page as a harmless warning.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").disabled = True
    failures = 0
    reads = exposed_relations()
    empty = set(empty_relations(settings().dbt_schema, {name for names in reads.values() for name in names}))
    for page in PAGES:
        app = AppTest.from_file(str(APP_SCRIPT), default_timeout=CHECK_TIMEOUT_SECONDS)
        app.switch_page(page.path).run()
        problems = [str(item.value) for item in [*app.exception, *app.error]]
        problems += [f"mart {name} is empty (rebuild it: mdc dbt build)"
                     for name in reads.get(page.exposure, []) if name in empty]
        if page.default:
            problems += [f"{metric.label} is {metric.value} in the default view (an empty period)"
                         for metric in app.metric
                         if metric.label in DEFAULT_VIEW_FIGURES and shows_nothing(str(metric.value))]
        if problems:
            failures += 1
            print(f"  {page.title}: FAILED: {problems[0]}", file=sys.stderr)
            continue
        print(f"  {page.title}: ok")
        if page.default:
            for metric in app.metric:
                print(f"      {metric.label}: {metric.value}")
    return 1 if failures else 0


def run(args: argparse.Namespace) -> int:
    """Serve the dashboards (or check them, or hash a password); return the exit code."""
    if args.hash_password:
        return hash_password()
    config = settings()
    host, port = args.host, args.port or config.dashboard_port
    environment = dict(os.environ)
    if not is_loopback(host):
        try:
            login = read_login_config(auth_file(), configured_practice_ids())
        except LoginConfigError as exc:
            print(f"mdc dashboard: refusing to listen on {host!r} without a login: {exc}", file=sys.stderr)
            return 2
        environment[AUTH_FILE_VARIABLE] = str(login.path)
        print(f"mdc dashboard: listening on {host}: login required ({len(login.usernames)} user(s))")
    wanted = {name for names in exposed_relations().values() for name in names}
    if practices_file() is not None:  # a group: the practices' names (a group model, in no exposure)
        wanted.add("dim_practice")
    try:
        missing = missing_relations(config.dbt_schema, wanted)
    except OSError as exc:  # no server there; SQLAlchemy's errors are handled below
        print(f"mdc dashboard: cannot reach {redact(config.warehouse_url)}: {exc}", file=sys.stderr)
        return 2
    if missing:
        print(
            f"mdc dashboard: {redact(config.warehouse_url)} database {config.dbt_schema} lacks "
            f"{', '.join(missing)}: build the marts first (`make build` or `mdc dbt build`)",
            file=sys.stderr,
        )
        return 2
    if args.check:
        print(f"mdc dashboard: rendering every page against {config.dbt_schema}")
        code = check_pages()
        if code == 0:
            print(f"mdc dashboard: ready: `make dashboard` serves http://127.0.0.1:{port}")
        return code
    if args.screenshot:
        return screenshot(args.screenshot.resolve(), environment)
    print(f"mdc dashboard: http://{host}:{port} (marts of {config.dbt_schema}; Ctrl-C stops)")
    try:
        served_app = subprocess.run(streamlit_command(host, port), cwd=APP_DIR, env=environment, check=False)
        return served_app.returncode
    except KeyboardInterrupt:
        return 130


def streamlit_command(host: str, port: int) -> list[str]:
    """The command that serves the app; run it in :data:`APP_DIR` so Streamlit reads its config.toml."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP_SCRIPT),
        "--server.address",
        host,
        "--server.port",
        str(port),
    ]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_healthy(
    url: str, server: subprocess.Popen[bytes], timeout: float = SERVER_START_SECONDS
) -> None:
    """Poll Streamlit's health endpoint until it answers ``ok``.

    Raises:
        RuntimeError: the server exited or did not answer within ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the Streamlit server exited with code {server.returncode}")
        health = f"{url}/_stcore/health"
        with contextlib.suppress(OSError), urllib.request.urlopen(health, timeout=5) as reply:
            if reply.read().strip() == b"ok":
                return
        time.sleep(0.5)
    raise RuntimeError(f"the Streamlit server did not answer on {url} within {timeout:.0f} s")


@contextlib.contextmanager
def served(environment: dict[str, str]) -> Iterator[str]:
    """Serve the app on a free loopback port for the ``with`` block; yield its base URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        streamlit_command("127.0.0.1", port),
        cwd=APP_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_healthy(url, server)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)


def screenshot(path: Path, environment: dict[str, str]) -> int:
    """Save the overview page, fully drawn, as a PNG at ``path``; print its KPI figures."""
    sys.path.insert(0, str(APP_DIR))
    from browser import chromium  # dashboards/browser.py

    with served(environment) as url, chromium() as browser:
        browser.open(f"{url}/")
        figures = browser.wait_until_drawn()
        browser.screenshot(path)
    print(f"mdc dashboard: saved {path}")
    for label, value in figures.items():
        print(f"      {label}: {value}")
    return 0
