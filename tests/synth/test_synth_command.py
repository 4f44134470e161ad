"""`mdc synth` on the command line: creates and advances the practice of MDC_SOURCE_URL, prints a
short summary, never the password, and refuses bad arguments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pymysql
import pytest
from synth_support import database_url, last_aging, scalar

import synth
from mdc.cli import main
from synth import kpis


def test_mdc_synth_creates_then_advances_the_source_practice(
    make_database: Callable[[str], str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    database = make_database("cli")
    monkeypatch.setenv("MDC_SOURCE_URL", database_url(database))
    assert main(["synth", "--scale", "tiny", "--seed", "3", "--end-date", "2025-06-30"]) == 0
    out = capsys.readouterr().out
    assert f"database {database}: scale tiny, seed 3, simulated 2024-12-31 .. 2025-06-30" in out
    assert "procedurelog" in out and "rows inserted" in out
    assert "KPIs of 2024-07 .. 2025-06" in out  # the twelve complete months to the last day
    assert all(kpi.label in out and f"[{kpi.describe()}]" in out for kpi in kpis.RANGES)
    assert str(last_aging(database)) == "2025-06-30"
    procedures = scalar(database, "select count(*) from procedurelog")
    assert main(["synth", "--advance-days", "2"]) == 0
    out = capsys.readouterr().out
    assert "simulated 2025-07-01 .. 2025-07-02" in out and "deleted" in out
    assert str(last_aging(database)) == "2025-07-02"
    assert scalar(database, "select count(*) from procedurelog") > procedures


def test_the_password_is_never_printed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MDC_SOURCE_URL", "mysql+pymysql://root:s3cret-pw@127.0.0.1:3306/mdct_never_created")
    with pytest.raises(pymysql.err.OperationalError):
        main(["synth", "--scale", "tiny"])
    captured = capsys.readouterr()
    assert "s3cret-pw" not in captured.out + captured.err
    assert "root:***@127.0.0.1" in captured.out


@pytest.mark.parametrize(
    "arguments", [["--advance-days", "0"], ["--end-date", "31/10/2026"], ["--scale", "huge"]]
)
def test_bad_arguments_are_refused(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["synth", *arguments])
    assert stopped.value.code == 2
    assert "error" in capsys.readouterr().err


def test_without_an_end_date_the_practice_ends_yesterday(
    make_database: Callable[[str], str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # "yesterday" pinned to a fixed day, so the test never depends on the calendar
    database = make_database("yesterday")
    monkeypatch.setenv("MDC_SOURCE_URL", database_url(database))
    monkeypatch.setattr(synth, "default_end_date", lambda: dt.date(2027, 2, 28))
    assert main(["synth", "--scale", "tiny", "--seed", "3"]) == 0
    assert "simulated 2026-08-29 .. 2027-02-28" in capsys.readouterr().out
    assert last_aging(database) == dt.date(2027, 2, 28)
