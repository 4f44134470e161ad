"""The dbt profile and ``mdc dbt``: MDC_* variables reach dbt the same way from ``mdc`` and plain ``dbt``.

The profile is rendered with dbt's own renderer (no database needed), so these checks see exactly the
credentials dbt would connect with.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]

from mdc import dbt_runner

PROFILE_TEMPLATE = dbt_runner.PROFILE_TEMPLATE


def render_profile(monkeypatch: pytest.MonkeyPatch, target: str | None = None, **env: str) -> Any:
    """The credentials dbt builds from profiles.example.yml with ``env`` as the only MDC_* values."""
    from dbt.config.profile import Profile
    from dbt.config.renderer import ProfileRenderer
    from dbt.flags import set_flags

    for name in ("MDC_WAREHOUSE_URL", "MDC_DBT_SCHEMA", "MDC_RAW_SCHEMA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    set_flags(argparse.Namespace(MACRO_DEBUGGING=False))
    raw_profiles = yaml.safe_load(PROFILE_TEMPLATE.read_text())
    profile = Profile.from_raw_profiles(raw_profiles, "mdc", ProfileRenderer({}), target_override=target)
    return profile.credentials


@pytest.mark.parametrize(
    ("url", "server", "port", "user", "password"),
    [
        ("", "127.0.0.1", 3306, "root", ""),
        ("mysql+pymysql://root@127.0.0.1:3306", "127.0.0.1", 3306, "root", ""),
        ("mysql+pymysql://analyst:s3cret@db.example.org:3307", "db.example.org", 3307, "analyst", "s3cret"),
        ("mysql+pymysql://loader:1234@warehouse", "warehouse", 3306, "loader", "1234"),
        # Percent-encoded user and password, as SQLAlchemy URLs require for @ : / %.
        ("mysql+pymysql://us%40er:p%40ss%3Aw%2Frd%25x@10.0.0.5:3310/ignored", "10.0.0.5", 3310, "us@er",
         "p@ss:w/rd%x"),
        ("mariadb+pymysql://bi:pa%20ss@host-1:3306?charset=utf8mb4", "host-1", 3306, "bi", "pa ss"),
    ],
)
def test_profile_reads_the_warehouse_url(
    monkeypatch: pytest.MonkeyPatch, url: str, server: str, port: int, user: str, password: str
) -> None:
    credentials = render_profile(monkeypatch, MDC_WAREHOUSE_URL=url)

    assert (credentials.server, credentials.port, credentials.username, credentials.password) == (
        server, port, user, password,
    )
    # A numeric password stays text (dbt renders YAML natively: "1234" would otherwise become 1234).
    assert isinstance(credentials.password, str)


def test_profile_schema_and_connection_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    assert render_profile(monkeypatch).schema == "analytics"
    assert render_profile(monkeypatch, MDC_DBT_SCHEMA="").schema == "analytics"
    credentials = render_profile(monkeypatch, MDC_DBT_SCHEMA="practice_b")

    assert credentials.schema == "practice_b"
    assert (credentials.charset, credentials.collation) == ("utf8mb4", "utf8mb4_general_ci")


def test_ci_target_needs_no_database(monkeypatch: pytest.MonkeyPatch) -> None:
    credentials = render_profile(monkeypatch, target="ci", MDC_WAREHOUSE_URL="mysql+pymysql://x:y@far:1")

    # Port 1 on localhost refuses at once, so sqlfluff's compile never waits on a timeout.
    assert (credentials.server, credentials.port) == ("127.0.0.1", 1)


def test_ensure_profile_copies_once_and_keeps_edits(tmp_path: Path) -> None:
    template = tmp_path / "profiles.example.yml"
    shutil.copyfile(PROFILE_TEMPLATE, template)

    profile = dbt_runner.ensure_profile(tmp_path, template)
    assert profile.read_text() == template.read_text()

    profile.write_text("# my edits\n")
    dbt_runner.ensure_profile(tmp_path, template)
    assert profile.read_text() == "# my edits\n"


def test_dbt_environment_resolves_empty_variables_like_mdc() -> None:
    env = dbt_runner.dbt_environment({"MDC_DBT_SCHEMA": "", "MDC_RAW_SCHEMA": "raw_b", "PATH": "/bin"})

    assert env["MDC_DBT_SCHEMA"] == "analytics"
    assert env["MDC_RAW_SCHEMA"] == "raw_b"
    assert env["MDC_WAREHOUSE_URL"] == "mysql+pymysql://root@127.0.0.1:3306"
    assert env["DBT_PROFILES_DIR"] == str(dbt_runner.PROJECT_DIR)
    assert env["PATH"] == "/bin"


def test_dbt_environment_keeps_a_users_profiles_dir() -> None:
    env = dbt_runner.dbt_environment({"DBT_PROFILES_DIR": "/home/me/.dbt"})

    assert env["DBT_PROFILES_DIR"] == "/home/me/.dbt"


def test_mdc_dbt_returns_dbts_exit_code(capfd: pytest.CaptureFixture[str]) -> None:
    assert dbt_runner.run(argparse.Namespace(extra=["debug", "--config-dir"])) == 0
    assert "dbt_project" in capfd.readouterr().out

    assert dbt_runner.run(argparse.Namespace(extra=["no-such-command"])) == 2
