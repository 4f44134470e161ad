"""The group bench's own pieces (bench/bench_group.py): its MDC_PRACTICES file, schema names, sizes, table.

The whole bench (1, 2, 4 practices) runs in ``make bench-group``, never here: these checks take a second.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import bench_group  # noqa: E402

from mdc.config import settings  # noqa: E402
from mdc.practices import read_practices  # noqa: E402
from testdb import server_connection  # noqa: E402


def arguments(**changes: Any) -> argparse.Namespace:
    values = {"prefix": "mdct_bench", "scale": "tiny", "seed": 42, "suffix": "",
              "end_date": dt.date(2026, 10, 31)}
    return argparse.Namespace(**{**values, **changes})


def test_the_practices_file_names_each_practice_with_its_own_source_and_seed(tmp_path: Path) -> None:
    path = tmp_path / "practices.toml"
    path.write_text(bench_group.practices_toml(arguments(), 3))

    practices = read_practices({"MDC_PRACTICES": str(path)})

    assert practices is not None
    assert [p.id for p in practices] == ["p1", "p2", "p3"]
    assert [p.synth_seed for p in practices] == [42, 43, 44]
    assert {p.synth_scale for p in practices} == {"tiny"}
    assert [p.source_url.rsplit("/", 1)[1] for p in practices] == [
        "mdct_bench_group_tiny_p1_s42", "mdct_bench_group_tiny_p2_s43", "mdct_bench_group_tiny_p3_s44"
    ]


def test_the_schemas_measured_are_those_each_practice_is_built_in(tmp_path: Path) -> None:
    path = tmp_path / "practices.toml"
    path.write_text(bench_group.practices_toml(arguments(), 2))
    practices = read_practices({"MDC_PRACTICES": str(path)})
    assert practices is not None
    base = settings({"MDC_RAW_SCHEMA": "r", "MDC_DBT_SCHEMA": "a"})

    parts = bench_group.schemas("r", "a", [p.id for p in practices])

    raws = [p.settings(base).raw_schema for p in practices]
    assert parts["raw"] == [name for r in raws for name in (r, f"{r}_staging")]
    marts = [p.settings(base).dbt_schema for p in practices]
    assert parts["practice marts"] == [name for m in marts for name in (m, f"{m}_staging")]
    assert parts["group layer"] == ["a", "a_staging"]


def test_sizes_are_sorted_distinct_and_positive() -> None:
    assert bench_group.sizes("4,1,2,2") == [1, 2, 4]
    for wrong in ("0,1", "one", ""):
        with pytest.raises(argparse.ArgumentTypeError):
            bench_group.sizes(wrong)


def test_warehouse_size_counts_only_the_named_schemas(make_database: Callable[[str], str]) -> None:
    # `_` in a LIKE pattern matches any character: the neighbour differs from the measured schema
    # only where the measured one has an underscore, so an unescaped pattern would count it too
    measured = make_database("bg_s")
    neighbour = measured.replace("bg_s", "bgxs")
    with server_connection() as conn, conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE `{neighbour}`")
        try:
            for schema, rows in ((measured, 20_000), (neighbour, 200_000)):
                cur.execute(f"CREATE TABLE `{schema}`.t (id INT PRIMARY KEY, pad CHAR(200)) ENGINE=InnoDB")
                cur.execute(f"INSERT INTO `{schema}`.t SELECT seq, 'x' FROM `{schema}`.seq_1_to_{rows}")
                cur.execute(f"ANALYZE TABLE `{schema}`.t")
            result = bench_group.sizes_mb({"raw": [measured]})
        finally:
            cur.execute(f"DROP DATABASE `{neighbour}`")

    # 20,000 rows of ~210 bytes: about 4-8 MB with InnoDB's pages; the neighbour holds ten times more
    assert 3 < result["raw"]["disk_mb"] < 15
    assert 3 < result["raw"]["data_index_mb"] < 15
    assert bench_group.missing([measured, neighbour]) == [neighbour]


def measurement(practices: int, full: tuple[float, float], nightly: tuple[float, float]) -> dict[str, Any]:
    steps = {
        "full_load": {"seconds": full[0], "peak_rss_mb": 300},
        "full_build": {"seconds": full[1], "peak_rss_mb": 170,
                       "invocations": [{"target": "p1", "seconds": full[1] - 1, "nodes": 1080}]},
        "nightly_load": {"seconds": nightly[0], "peak_rss_mb": 220},
        "nightly_build": {"seconds": nightly[1], "peak_rss_mb": 190},
    }
    part = {"disk_mb": 10.0 * practices, "data_index_mb": 9.0 * practices}
    return {
        "practices": practices,
        "steps": steps,
        "full_run_seconds": sum(full),
        "nightly_run_seconds": sum(nightly),
        "warehouse": {"raw": part, "practice marts": part, "group layer": part},
        "queries": [
            {"query": "ar_aging_summary", "ms": 30.0 * practices, "first_ms": 40.0 * practices, "rows": 1}
        ],
        "warehouse_disk_mb": 30.0 * practices,
        "warehouse_data_index_mb": 27.0 * practices,
    }


def test_the_table_compares_each_group_with_one_practice() -> None:
    result = {
        "scale": "demo", "seeds": [42, 43, 44, 45], "end_date": "2026-10-31", "jobs": 2,
        "measured_at": "2026-12-07 13:00 UTC", "cpus": 2,
        "sizes": [
            measurement(1, (10.0, 40.0), (4.0, 36.0)),
            measurement(2, (15.0, 80.0), (6.0, 70.0)),  # full 1.90x, nightly 1.90x: met
            measurement(4, (30.0, 200.0), (12.0, 150.0)),  # full 4.60x: MISSED; nightly 4.05x: MISSED
        ],
    }

    table = bench_group.render(result)

    ratios = [line for line in table.splitlines() if " <= " in line]
    assert ratios[1] == (
        "| 2 | 1.50x | 2.00x | 1.90x | <= 2x: met | 1.50x | 1.94x | 1.90x | <= 2x: met | 2.00x |"
    )
    assert ratios[2] == (
        "| 4 | 3.00x | 5.00x | 4.60x | <= 4x: MISSED | 3.00x | 4.17x | 4.05x | <= 4x: MISSED | 4.00x |"
    )
    assert "| 4 | 30.0 | 200.0 | 230.0 | 12.0 | 150.0 | 162.0 | 120.0 (40.0 + 40.0 + 40.0) |" in table
    assert "| 1 | full | p1 | 39.0 | 1080 |" in table
    # the slowest run of the largest group decides: 160 ms at 4 practices
    assert "| query | 1 practice | 2 practices | 4 practices | goal |" in table
    assert "| ar_aging_summary | 30.0 (40.0) | 60.0 (80.0) | 120.0 (160.0) | < 100 ms: MISSED |" in table
