"""Configuration in one place: environment variables with defaults.

Every command reads its settings through :func:`settings`, so two pipelines can run side by side on
one server by giving each its own ``MDC_*`` values. Passwords live in the URLs, which come from the
environment (or an untracked ``.env``-style file the user sources); :func:`redact` keeps them out
of logs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from sqlalchemy.engine import URL, make_url

DEFAULTS: dict[str, str] = {
    "MDC_SOURCE_URL": "mysql+pymysql://root@127.0.0.1:3306/opendental",
    "MDC_SOURCE_REPLICA_URL": "",
    "MDC_WAREHOUSE_URL": "mysql+pymysql://root@127.0.0.1:3306",
    "MDC_RAW_SCHEMA": "opendental_raw",
    "MDC_DBT_SCHEMA": "analytics",
    "MDC_PHI_HASH_KEY": "",
    "MDC_CATALOGUE": "",
    "MDC_DASHBOARD_PORT": "8501",
    "MDC_VERIFY_DAYS": "7",
}


@dataclass(frozen=True)
class Settings:
    """Resolved configuration; build it with :func:`settings`."""

    source_url: str
    source_replica_url: str
    warehouse_url: str
    raw_schema: str
    dbt_schema: str
    phi_hash_key: str
    catalogue_path: str
    dashboard_port: int
    verify_days: float = 7.0  # mdc load compares every table with the source when the last verify is older

    @property
    def source_database(self) -> str:
        """The OpenDental database named in ``MDC_SOURCE_URL``."""
        database = make_url(self.source_url).database
        if not database:
            raise ValueError("MDC_SOURCE_URL must name the OpenDental database, e.g. .../opendental")
        return database

    @property
    def read_url(self) -> str:
        """Where source reads go: the replica when one is configured, else the source."""
        return self.source_replica_url or self.source_url

    def warehouse(self) -> URL:
        """The warehouse server URL (no database: schemas are chosen per statement)."""
        return make_url(self.warehouse_url)


def settings(environ: dict[str, str] | None = None) -> Settings:
    """Read the ``MDC_*`` variables (or ``environ``), falling back to :data:`DEFAULTS`."""
    env = os.environ if environ is None else environ

    def get(name: str) -> str:
        return env.get(name) or DEFAULTS[name]

    return Settings(
        source_url=get("MDC_SOURCE_URL"),
        source_replica_url=get("MDC_SOURCE_REPLICA_URL"),
        warehouse_url=get("MDC_WAREHOUSE_URL"),
        raw_schema=get("MDC_RAW_SCHEMA"),
        dbt_schema=get("MDC_DBT_SCHEMA"),
        phi_hash_key=get("MDC_PHI_HASH_KEY"),
        catalogue_path=get("MDC_CATALOGUE"),
        dashboard_port=int(get("MDC_DASHBOARD_PORT")),
        verify_days=_number("MDC_VERIFY_DAYS", get("MDC_VERIFY_DAYS")),
    )


def _number(name: str, value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{name} must be a number of days (0 = never), not {value!r}") from None
    if number < 0:
        raise ValueError(f"{name} must be 0 or more days, not {value!r}")
    return number


def redact(url: str | URL) -> str:
    """Render a database URL with its password masked, for messages and logs."""
    return make_url(url).render_as_string(hide_password=True) if url else ""
