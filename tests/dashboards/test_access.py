"""Access control: loopback needs no login; any other address needs a valid credentials file and a login."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import pytest
from dashboard_support import APP, DASHBOARDS, PASSWORD
from navigation import PAGES
from streamlit.testing.v1 import AppTest

from mdc import dashboard
from mdc.dashboard import LoginConfigError, is_loopback, read_login_config


@pytest.mark.parametrize(("address", "loopback"), [
    ("127.0.0.1", True), ("127.0.0.53", True), ("localhost", True), ("::1", True), ("[::1]", True),
    ("", False), ("0.0.0.0", False), ("::", False), ("192.168.1.20", False), ("dentist.example", False),
])
def test_only_loopback_addresses_count_as_local(address: str, loopback: bool) -> None:
    assert is_loopback(address) is loopback


def test_a_valid_credentials_file_is_read(login_file: Path) -> None:
    login = read_login_config(login_file)
    assert list(login.usernames) == ["alice"]
    assert login.cookie_name == "mdc_dashboard_test"
    assert login.cookie_expiry_days == 1.0


@pytest.mark.parametrize(("content", "message"), [
    (None, "no dashboard credentials file"),
    ("- just\n- a list\n", "expected a mapping"),
    ("cookie: {key: short}\ncredentials: {usernames: {alice: {password: x}}}\n", "cookie.key"),
    ("cookie: {key: " + "k" * 40 + "}\ncredentials: {usernames: {}}\n", "lists no user"),
    ("cookie: {key: " + "k" * 40 + "}\ncredentials: {usernames: {bob: {password: hunter2hunter2}}}\n",
     "user 'bob': password must be a bcrypt hash"),
])
def test_an_unusable_credentials_file_is_refused_with_the_reason(
        tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "auth.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(LoginConfigError, match=message) as raised:
        read_login_config(path)
    assert str(path) in str(raised.value)


def test_the_command_refuses_a_public_address_without_credentials(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("MDC_DASHBOARD_AUTH_FILE", str(tmp_path / "missing.yaml"))
    args = argparse.Namespace(host="0.0.0.0", port=None, check=False, hash_password=False, screenshot=None)
    assert dashboard.run(args) == 2
    err = capsys.readouterr().err
    assert "refusing to listen on '0.0.0.0' without a login" in err
    assert str(tmp_path / "missing.yaml") in err


def test_a_public_address_without_credentials_shows_only_an_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, listening_on: Callable[[str], None]) -> None:
    monkeypatch.setenv("MDC_DASHBOARD_AUTH_FILE", str(tmp_path / "missing.yaml"))
    listening_on("0.0.0.0")
    app = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not app.exception
    assert [error.value for error in app.error] == [
        "This dashboard requires a login, but it is not configured: no dashboard credentials file at "
        f"{tmp_path / 'missing.yaml'}: a login is required when the dashboard is not bound to localhost. "
        "Create it as docs/dashboards.md shows (or set MDC_DASHBOARD_AUTH_FILE)."
    ]
    assert not app.sidebar.date_input and not app.metric


@pytest.mark.parametrize("address", ["0.0.0.0", ""])
def test_a_public_address_shows_the_login_and_rejects_a_wrong_password(
        login_file: Path, listening_on: Callable[[str], None], address: str) -> None:
    listening_on(address)
    app = AppTest.from_file(str(APP), default_timeout=60).run()
    assert [field.label for field in app.text_input] == ["Username", "Password"]
    assert not app.sidebar.date_input and not app.metric
    app.text_input[0].input("alice")
    app.text_input[1].input(PASSWORD + "!")
    app.button[0].click().run()
    assert [error.value for error in app.error] == ["Username or password is incorrect."]
    assert app.session_state["authentication_status"] is False
    assert not app.sidebar.date_input and not app.metric


@pytest.mark.parametrize("page", [page.path for page in PAGES])
def test_no_page_is_reachable_without_the_login(
        login_file: Path, listening_on: Callable[[str], None], page: str) -> None:
    # Streamlit runs scripts of a folder named `pages/` on their own, without app.py and its login:
    # every page must go through app.py.
    listening_on("0.0.0.0")
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.switch_page(page).run()
    assert not app.exception, [item.value for item in app.exception]
    assert [field.label for field in app.text_input] == ["Username", "Password"]
    assert not app.title and not app.metric and not app.sidebar.date_input
    assert not (DASHBOARDS / "pages").exists()
