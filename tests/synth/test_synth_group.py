"""`mdc synth` with MDC_PRACTICES: every practice in its own source database, numbered so that equal
keys (PatNum, ProvNum, CodeNum, DefNum) mean different things, and a join that forgets which practice
a row came from gives wrong figures."""

from __future__ import annotations

import contextlib
import io
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from synth_support import aging_differences, database_url, invariant_failures, query, scalar, values

from mdc.cli import main
from mdc.practices import read_practices
from synth import PINNED_END_DATE, SCALES
from synth.catalog import procedure_codes
from testdb import server_connection

END = PINNED_END_DATE.isoformat()
# north and south: two tiny practices with their own seeds; a third practice would add only time.
GROUP = """\
# the synthetic group of the tests
[practices.north]
name = "North Dental"
source_url = "{north}"
synth = {{ scale = "tiny", seed = 3 }}

[practices.south]
name = "South Dental"
source_url = "{south}"
synth = {{ scale = "tiny", seed = 5 }}
"""


def _synth(monkeypatch: pytest.MonkeyPatch, group: Path, *arguments: str) -> tuple[int, str, str]:
    """Run ``mdc synth *arguments`` with MDC_PRACTICES=group; (exit code, stdout, stderr)."""
    monkeypatch.setenv("MDC_PRACTICES", str(group))
    monkeypatch.delenv("MDC_SOURCE_URL", raising=False)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["synth", *arguments])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def group(
    make_module_database: Callable[[str], str], tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, str, str]:
    """(north, south, stdout) after one `mdc synth` over a group of two tiny practices."""
    north, south = make_module_database("synthgroup_north"), make_module_database("synthgroup_south")
    path = tmp_path_factory.mktemp("group") / "group.toml"
    path.write_text(GROUP.format(north=database_url(north), south=database_url(south)), encoding="utf-8")
    with pytest.MonkeyPatch.context() as monkeypatch:
        code, out, err = _synth(monkeypatch, path, "--end-date", END)
    assert code == 0, err
    return north, south, out


def test_every_practice_is_made_in_its_own_database_with_its_own_size_and_seed(
    group: tuple[str, str, str],
) -> None:
    north, south, out = group
    assert f"database {north}: scale tiny, seed 3, simulated" in out
    assert f"database {south}: scale tiny, seed 5, simulated" in out
    assert "practice north (North Dental) in" in out and "practice south (South Dental) in" in out
    assert out.count("KPIs of") == 2  # one summary per practice
    for database in (north, south):
        assert scalar(database, "select count(*) from procedurelog") > 0
        assert scalar(database, "select ValueString from preference where PrefName='DateLastAging'") == str(
            PINNED_END_DATE
        )


def test_shuffled_codes_keep_every_invariant_and_the_aging(group: tuple[str, str, str]) -> None:
    for database in group[:2]:
        assert invariant_failures(database) == []
        compared, differences = aging_differences(database)
        assert compared > 0 and differences == []


def test_patnum_and_provnum_collide_with_different_people(group: tuple[str, str, str]) -> None:
    north, south, _ = group
    patient = "select LName, FName, Birthdate from patient where PatNum = 1"
    assert query(north, patient) and query(south, patient)
    assert query(north, patient) != query(south, patient)
    provider = "select LName, FName, Abbr from provider where ProvNum = 1"
    assert query(north, provider) and query(south, provider)
    assert query(north, provider) != query(south, provider)


def test_codenum_and_defnum_collide_with_different_meanings(group: tuple[str, str, str]) -> None:
    north, south, _ = group
    codes = [dict(query(db, "select CodeNum, ProcCode from procedurecode")) for db in (north, south)]
    assert codes[0].keys() == codes[1].keys()  # the same numbers ...
    assert sum(codes[0][num] != codes[1][num] for num in codes[0]) > len(codes[0]) // 2  # ... other codes
    assert sorted(codes[0].values()) == sorted(codes[1].values())  # of the same catalogue
    assert [codes[0][num] for num in sorted(codes[0])] != [spec.code for spec in procedure_codes()]
    definitions = [
        {
            num: (category, name)
            for num, category, name in query(db, "select DefNum, Category, ItemName from definition")
        }
        for db in (north, south)
    ]
    shared = definitions[0].keys() & definitions[1].keys()
    assert any(definitions[0][num] != definitions[1][num] for num in shared)


def test_a_join_that_forgets_the_practice_gives_wrong_totals(group: tuple[str, str, str]) -> None:
    north, south, _ = group
    fees = """
        select c.ProcCode, sum(p.ProcFee)
        from `{procedures}`.procedurelog p join `{codes}`.procedurecode c on c.CodeNum = p.CodeNum
        where p.ProcStatus = 2
        group by c.ProcCode
    """

    def by_code(*pairs: tuple[str, str]) -> Counter[str]:
        total: Counter[str] = Counter()
        for procedures, codes in pairs:
            for code, fee in query(north, fees.format(procedures=procedures, codes=codes)):
                total[code] += Decimal(fee)
        return total

    right = by_code((north, north), (south, south))
    # one practice's code list used for both: what a join on CodeNum without practice_id amounts to
    wrong = by_code((north, north), (south, north))
    completed = "select coalesce(sum(ProcFee), 0) from procedurelog where ProcStatus = 2"
    assert sum(right.values()) == Decimal(scalar(north, completed)) + Decimal(scalar(south, completed))
    assert sum(wrong.values()) == sum(right.values())  # every number finds a code: nothing looks wrong ...
    assert wrong != right  # ... yet production by ADA code is wrong
    assert wrong["D1110"] != right["D1110"]


def test_practice_option_creates_only_that_practice_and_its_missing_database(
    make_database: Callable[[str], str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    north, south = make_database("synthgroup_north"), make_database("synthgroup_south")
    with server_connection() as connection, connection.cursor() as cursor:
        cursor.execute(
            f"DROP DATABASE `{south}`"
        )  # a source that does not exist yet (dropped again at the end)
    path = tmp_path / "group.toml"
    # no synth tables: the scale comes from --scale, the seed is --seed plus the position in the file
    path.write_text(
        f'[practices.north]\nname = "North"\nsource_url = "{database_url(north)}"\n\n'
        f'[practices.south]\nname = "South"\nsource_url = "{database_url(south)}"\n',
        encoding="utf-8",
    )
    code, out, err = _synth(
        monkeypatch, path, "--practice", "south", "--scale", "tiny", "--seed", "20", "--end-date", END
    )
    assert code == 0, err
    assert f"database {south}: scale tiny, seed 21, simulated" in out
    assert "practice north" not in out
    assert scalar(south, "select count(*) from patient") > 0
    assert (
        values(north, "select table_name from information_schema.tables where table_schema = database()")
        == set()
    )

    code, out, _ = _synth(monkeypatch, path, "--practice", "south", "--advance-days", "2")
    assert code == 0
    assert "advancing the practice south (South) in" in out and "practice north" not in out
    assert scalar(south, "select ValueString from preference where PrefName='DateLastAging'") == "2026-11-02"


@pytest.mark.parametrize(
    ("group_file", "arguments", "message"),
    [
        (True, ["--practice", "west"], "--practice west: no such practice in MDC_PRACTICES (known: north)"),
        (False, ["--practice", "north"], "--practice needs MDC_PRACTICES"),
    ],
)
def test_practice_option_is_checked(
    group_file: bool,
    arguments: list[str],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "group.toml"
    path.write_text('[practices.north]\nname = "North"\nsource_url = "mysql+pymysql://root@127.0.0.1/x"\n')
    if group_file:
        monkeypatch.setenv("MDC_PRACTICES", str(path))
    else:
        monkeypatch.delenv("MDC_PRACTICES", raising=False)
    assert main(["synth", *arguments]) == 2
    assert message in capsys.readouterr().err


def test_a_failing_practice_does_not_stop_the_others(
    make_database: Callable[[str], str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    east = make_database("synthgroup_east")
    path = tmp_path / "group.toml"
    path.write_text(
        '[practices.down]\nname = "Down"\n'
        'source_url = "mysql+pymysql://root:s3cret-pw@127.0.0.1:1/mdct_synthgroup_never"\n\n'
        f'[practices.east]\nname = "East"\nsource_url = "{database_url(east)}"\n'
        'synth = { scale = "tiny", seed = 9 }\n',
        encoding="utf-8",
    )
    code, out, err = _synth(monkeypatch, path, "--end-date", END)
    assert code == 1
    assert "practice down failed" in err and "failed: down" in err
    assert "s3cret-pw" not in out + err
    assert f"database {east}: scale tiny, seed 9" in out


def test_the_example_group_has_three_practices_of_different_sizes_and_seeds() -> None:
    example = Path(__file__).parents[2] / "examples" / "group.toml"
    practices = read_practices({"MDC_PRACTICES": str(example)})
    assert practices is not None
    assert [p.id for p in practices] == ["north", "south", "east"]
    assert {p.synth_scale for p in practices} == {"demo", "small", "tiny"} and set(SCALES) >= {
        "demo",
        "small",
        "tiny",
    }
    assert len({p.synth_seed for p in practices}) == 3
    assert [make_url(p.source_url).database for p in practices] == [
        "opendental_north",
        "opendental_south",
        "opendental_east",
    ]
