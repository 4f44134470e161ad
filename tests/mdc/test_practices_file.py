"""The ``MDC_PRACTICES`` file: what it accepts, what it refuses (naming file, practice and key)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mdc.config import settings
from mdc.dbt_runner import _take_option, with_vars
from mdc.practices import PracticesError, read_practices, select

GROUP = """
[practices.north]
name = "North Dental"
source_url = "mysql+pymysql://reader:${NORTH_PASSWORD}@10.0.0.5:3306/opendental"
replica_url = "mysql+pymysql://reader@10.0.0.6:3306/opendental"

[practices.south_2]
name = "South Dental"
source_url = "mysql+pymysql://root@127.0.0.1:3306/opendental_south"
synth = { scale = "tiny", seed = 11 }
vars = { active_patient_months = 24, writeoff_dating = "insurance_payment_date" }
"""


def write(tmp_path: Path, text: str) -> dict[str, str]:
    path = tmp_path / "practices.toml"
    path.write_text(text, encoding="utf-8")
    return {"MDC_PRACTICES": str(path), "NORTH_PASSWORD": "s3cret"}


def test_without_the_variable_there_is_one_practice_as_always() -> None:
    assert read_practices({}) is None
    assert read_practices({"MDC_PRACTICES": "  "}) is None


def test_each_practice_gets_its_own_source_and_schemas(tmp_path: Path) -> None:
    env = write(tmp_path, GROUP)
    north, south = read_practices(env) or []
    assert (north.id, north.name, south.id) == ("north", "North Dental", "south_2")
    assert north.source_url == "mysql+pymysql://reader:s3cret@10.0.0.5:3306/opendental"  # ${VAR} expanded
    assert north.replica_url.endswith("10.0.0.6:3306/opendental") and south.replica_url == ""
    assert (south.synth_scale, south.synth_seed) == ("tiny", 11)
    own = south.settings(settings({"MDC_RAW_SCHEMA": "od_raw", "MDC_DBT_SCHEMA": "group"}))
    assert (own.raw_schema, own.dbt_schema, own.source_url) == (
        "od_raw_south_2", "group_south_2", "mysql+pymysql://root@127.0.0.1:3306/opendental_south")
    child = south.environment({**env, "PATH": "/bin"}, settings({"MDC_RAW_SCHEMA": "od_raw"}))
    assert "MDC_PRACTICES" not in child  # a child works on its one practice, as a single practice does
    assert (child["MDC_RAW_SCHEMA"], child["MDC_DBT_SCHEMA"], child["MDC_PRACTICE_ID"], child["PATH"]) == (
        "od_raw_south_2", "analytics_south_2", "south_2", "/bin")
    assert [p.id for p in select([north, south], "south_2")] == ["south_2"]
    assert select([north, south], None) == [north, south]
    with pytest.raises(PracticesError, match="--practice west: no such practice .*known: north, south_2"):
        select([north, south], "west")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[practices.a]\nname = 'A'\n", r"\[practices.a\]: 'source_url' is required"),
        ("[practices.a-b]\nname = 'A'\nsource_url = 'x'\n", r"\[practices.a-b\]: the id must be"),
        ("[practices.x_staging]\nname = 'A'\nsource_url = 'x'\n", r"ids ending in 'staging'"),
        ("[practices.a]\nname = 'A'\nsource_url = 'x'\nsource = 'y'\n", r"unknown key\(s\) source"),
        ("[practices.a]\nname = 'A'\nsource_url = '${NOT_SET_ANYWHERE}'\n", r"uses \$\{NOT_SET_ANYWHERE\}"),
        ("[other]\n", r"has no \[practices.<id>\] table"),
        ("[practices.a\n", r"is not valid TOML"),
    ],
)
def test_a_wrong_file_is_refused_naming_the_practice_and_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(PracticesError, match=message):
        read_practices(write(tmp_path, text))


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(PracticesError, match=r"cannot read .*nowhere.toml"):
        read_practices({"MDC_PRACTICES": str(tmp_path / "nowhere.toml")})


def test_mdc_dbt_takes_its_own_options_out_of_dbt_arguments() -> None:
    extra = ["build", "--practice", "north", "-s", "staging", "--jobs=3"]
    assert (_take_option(extra, "--practice"), _take_option(extra, "--jobs")) == ("north", "3")
    assert extra == ["build", "-s", "staging"]
    assert _take_option(extra, "--practice") is None


def test_a_practices_dbt_vars_reach_its_builds_only_and_the_command_line_wins(tmp_path: Path) -> None:
    north, south = read_practices(write(tmp_path, GROUP)) or []
    assert with_vars(["build", "-s", "marts"], north.vars) == ["build", "-s", "marts"]
    merged = with_vars(["build", "--vars", "{active_patient_months: 18}"], south.vars)
    assert merged[:1] == ["build"] and merged[1] == "--vars"
    assert json.loads(merged[2]) == {"active_patient_months": 18, "writeoff_dating": "insurance_payment_date"}
