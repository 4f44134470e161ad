"""Structural guards on the dbt project: documentation coverage, YAML keys dbt 1.7 understands, macro
layout, offline packages. They read the manifest of ``dbt parse`` (no database needed) and the files.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]
from dbt_support import (
    MACROS_DIR,
    PROJECT_DIR,
    REPO_ROOT,
    DbtWork,
    macro_definitions,
    macro_files,
    models_without_yaml,
    output_tail,
    undocumented_resources,
)

pytestmark = pytest.mark.xdist_group("dbt_guards")

MACRO_TESTS_DIR = PROJECT_DIR / "tests" / "macros"
RAW_SCHEMA = "mdct_guards_raw"  # never created: parsing needs no database
# dbt 1.8 keys that dbt 1.7 silently ignores (the tests would vanish and the suite would stay green).
DBT_18_KEYS = re.compile(r"^\s*-?\s*(data_tests|unit_tests)\s*:", re.MULTILINE)


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The parsed project with the macro-test fixtures switched on (so they are checked too)."""
    work = DbtWork(tmp_path_factory.mktemp("guards"), dbt_schema="analytics", raw_schema=RAW_SCHEMA)
    done = work.run("parse", "--target", "ci", "--vars", "{mdc_fixture_tests: true}")
    assert done.returncode == 0, output_tail(done)
    return work.artifact("manifest")


def yaml_files() -> list[Path]:
    """Every YAML file of the dbt project and the shared macros."""
    found = [PROJECT_DIR / "dbt_project.yml"]
    folders = ["models", "seeds", "tests", "snapshots", "analyses", "macros"]
    for folder in [PROJECT_DIR / name for name in folders] + [MACROS_DIR]:
        if folder.exists():
            found += sorted(folder.rglob("*.yml")) + sorted(folder.rglob("*.yaml"))
    return found


def test_every_model_seed_source_and_column_is_described(manifest: dict[str, Any]) -> None:
    missing = undocumented_resources(manifest)

    assert missing == [], "no description:\n" + "\n".join(missing)


def test_the_group_layer_is_described_and_alone_in_group_mode(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """With MDC_GROUP_PRACTICES set only models/group, seeds/group and their tests are enabled, and every
    one of them and its declared columns is described (the manifest above is the practice mode's)."""
    work = DbtWork(tmp_path, dbt_schema="analytics", raw_schema=RAW_SCHEMA)
    monkeypatch.setenv("MDC_GROUP_PRACTICES", '[{"id": "north", "name": "North"}]')
    done = work.run("parse", "--target", "ci")
    assert done.returncode == 0, output_tail(done)
    group_manifest = work.artifact("manifest")

    assert {node["fqn"][1] for node in group_manifest["nodes"].values()} == {"group"}
    assert undocumented_resources(group_manifest) == []


def test_every_model_and_seed_has_a_yaml_entry(manifest: dict[str, Any]) -> None:
    missing = models_without_yaml(manifest)

    assert missing == [], "no YAML entry:\n" + "\n".join(missing)


def test_the_docs_front_page_is_ours(manifest: dict[str, Any]) -> None:
    overview = manifest["docs"]["doc.mdc_analytics.__overview__"]["block_contents"]

    assert "MDC Analytics" in overview
    for link in ("README.md", "DECISIONLOG.md", "docs/"):
        assert link in overview


def test_sources_read_the_raw_schema_of_this_pipeline(manifest: dict[str, Any]) -> None:
    """Every source follows MDC_RAW_SCHEMA, so two pipelines on one server never read each other's raw."""
    schemas = {source["schema"] for source in manifest["sources"].values()}

    assert schemas == {RAW_SCHEMA}


def test_no_dbt_18_only_yaml_keys() -> None:
    offenders = [
        str(path.relative_to(REPO_ROOT)) for path in yaml_files() if DBT_18_KEYS.search(path.read_text())
    ]

    assert offenders == []


def test_the_guard_sees_dbt_18_keys() -> None:
    assert DBT_18_KEYS.search("models:\n  - name: x\n    data_tests:\n      - unique\n")
    assert DBT_18_KEYS.search("unit_tests:\n  - name: t\n")
    assert not DBT_18_KEYS.search("models:\n  - name: x\n    tests:\n      - unique\n")


def test_macro_file_name_is_the_macro_name() -> None:
    """One public macro per file, named like the file; only its adapter variants may join it."""
    wrong: list[str] = []
    for path in macro_files():
        stem = path.stem
        for kind, name in macro_definitions(path):
            if not (name == stem or name.endswith(f"__{stem}")):
                wrong.append(f"{path.relative_to(REPO_ROOT)}: {kind} {name}")
        if not macro_definitions(path):
            wrong.append(f"{path.relative_to(REPO_ROOT)}: defines no macro")

    assert wrong == []


def test_public_macros_are_documented(manifest: dict[str, Any]) -> None:
    """Project macros callers use (not the default__/mysql__ dispatch targets) carry a description."""
    missing = [
        macro["name"]
        for macro in manifest["macros"].values()
        if macro["package_name"] == "mdc_analytics"
        and not macro["name"].startswith(("default__", "mysql__"))
        and not macro["description"].strip()
    ]

    assert missing == []


def test_documented_macro_arguments_match_the_signature(manifest: dict[str, Any]) -> None:
    wrong = [
        f"{macro['name']}: {[a['name'] for a in macro['arguments']]}"
        for macro in manifest["macros"].values()
        if macro["package_name"] == "mdc_analytics"
        and macro["arguments"]
        and [a["name"] for a in macro["arguments"]] != _signature(macro["macro_sql"])
    ]

    assert wrong == []


def _signature(macro_sql: str) -> list[str]:
    match = re.search(r"{%-?\s*(?:macro|test)\s+\w+\(([^)]*)\)", macro_sql)
    assert match, macro_sql[:200]
    return [part.split("=")[0].strip() for part in match.group(1).split(",") if part.strip()]


@pytest.mark.parametrize("folder", ["opendental", "cross_db"])
def test_every_cleaning_and_cross_db_macro_is_proven_by_a_value_test(folder: str) -> None:
    """Each od_* macro and each MariaDB cross-db shim is called by a singular test in tests/macros/."""
    tests = "\n".join(path.read_text() for path in MACRO_TESTS_DIR.glob("assert_*.sql"))
    untested = []
    for path in sorted((MACROS_DIR / folder).glob("*.sql")):
        call = f"{path.stem}(" if folder == "opendental" else f"dbt.{path.stem}("
        if call not in tests:
            untested.append(path.stem)

    assert untested == []


def test_packages_install_offline() -> None:
    """`mdc dbt deps` runs in `make setup`, where only PyPI is reachable: local packages only."""
    packages = yaml.safe_load((PROJECT_DIR / "packages.yml").read_text())["packages"] or []

    assert [entry for entry in packages if set(entry) != {"local"}] == []


def test_dbt_deps_succeeds_offline(tmp_path: Path) -> None:
    done = DbtWork(tmp_path, dbt_schema="analytics").run("deps", "--target", "ci")

    assert done.returncode == 0, output_tail(done)
