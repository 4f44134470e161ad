"""Static guards for the OpenDental staging layer: what it reads, what it names, what it documents.

No database: these read the loader's catalogue (``loaders/opendental/tables.toml``), the project's
OpenDental DDL and the staging YAML/SQL, so drift between them fails fast, before any dbt run.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from loaders.opendental.settings import load_catalogue
from synth.ddl import table_defs

REPO = Path(__file__).resolve().parents[2]
STAGING = REPO / "dbt_project" / "models" / "staging" / "opendental"
SEEDS = REPO / "dbt_project" / "seeds" / "opendental"
LOADED_AT = "_loaded_at"


@cache
def _yaml(path: Path) -> dict[str, Any]:
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict), f"{path} is not a YAML mapping"
    return loaded


def _source_tables() -> dict[str, list[str]]:
    """Table -> column names, as listed under the `opendental` source."""
    sources = _yaml(STAGING / "_opendental__sources.yml")["sources"]
    (opendental,) = [source for source in sources if source["name"] == "opendental"]
    return {table["name"]: [column["name"] for column in table["columns"]] for table in opendental["tables"]}


def _phi_optional() -> dict[str, set[str]]:
    """Table -> PHI columns the source YAML declares with ``meta: {phi: optional}``: dropped by the default
    policy, so raw has them only when a practice's catalogue keeps them (od_source gives NULL otherwise)."""
    sources = _yaml(STAGING / "_opendental__sources.yml")["sources"]
    (opendental,) = [source for source in sources if source["name"] == "opendental"]
    return {
        table["name"]: {column["name"] for column in table["columns"]
                        if (column.get("meta") or {}).get("phi") == "optional"}
        for table in opendental["tables"]
    }


def _models() -> dict[str, dict[str, Any]]:
    return {model["name"]: model for model in _yaml(STAGING / "_opendental__models.yml")["models"]}


def _expected_raw_columns() -> dict[str, list[str]]:
    """What the loader writes: every DDL column the catalogue does not drop, its derived columns, then
    ``_loaded_at``."""
    catalogue = load_catalogue()
    expected = {}
    for name, table in table_defs().items():
        spec = catalogue.spec(name)
        assert spec is not None, f"table {name} is in the DDL but not in the catalogue"
        if spec.strategy == "skip":
            continue
        kept = [column.name for column in table.columns if spec.phi_action(column.name) != "drop"]
        expected[name] = [*kept, *spec.derived, LOADED_AT]
    return expected


def _sql(table: str) -> str:
    """A staging model's SQL without comments."""
    text = (STAGING / f"stg_opendental__{table}.sql").read_text(encoding="utf-8")
    return re.sub(r"--[^\n]*", "", re.sub(r"\{#.*?#\}", "", text, flags=re.DOTALL))


def test_sources_list_exactly_the_catalogue_tables_and_columns() -> None:
    expected = _expected_raw_columns()
    listed = _source_tables()
    optional = _phi_optional()
    assert sorted(listed) == sorted(expected), "source tables differ from the catalogue"
    catalogue = load_catalogue()
    for table, columns in expected.items():
        spec = catalogue.spec(table)
        assert spec is not None
        # a column declared phi: optional is one the default policy drops, listed in its DDL place
        assert all(spec.phi_action(column) == "drop" for column in optional[table]), table
        ddl = [column.name for column in table_defs()[table].columns]
        columns = [column for column in ddl if column in columns or column in optional[table]] + [
            column for column in columns if column not in ddl]
        assert listed[table] == columns, (
            f"source table {table}: columns differ from DDL minus PHI drops "
            f"(missing {sorted(set(columns) - set(listed[table]))}, "
            f"unexpected {sorted(set(listed[table]) - set(columns))}, or out of order)"
        )


def test_every_source_table_has_a_primary_key_test() -> None:
    sources = _yaml(STAGING / "_opendental__sources.yml")["sources"]
    (opendental,) = [source for source in sources if source["name"] == "opendental"]
    for table in opendental["tables"]:
        primary_key = table_defs()[table["name"]].primary_key
        (column,) = [column for column in table["columns"] if column["name"] == primary_key]
        assert {"unique", "not_null"} <= set(column.get("tests", [])), f"{table['name']}.{primary_key}"


def test_one_staging_model_per_source_table_reading_only_its_table() -> None:
    tables = set(_source_tables())
    files = {path.stem.removeprefix("stg_opendental__") for path in STAGING.glob("stg_opendental__*.sql")}
    assert files == tables
    for table in tables:
        # Staging reads raw through od_source('<table>') (source('opendental', '<table>') with the columns
        # an older OpenDental lacks as NULL), and nothing else.
        sources = re.findall(r"source\(\s*'(\w+)'(?:\s*,\s*'(\w+)')?\s*\)", _sql(table))
        assert sources == [(table, "")], f"stg_opendental__{table} reads {sources}"


def test_staging_selects_only_columns_the_loader_writes() -> None:
    """A column the catalogue drops (PHI) can never be selected: raw column names are PascalCase. The one
    exception is a column declared ``phi: optional``, and only the four of ``patient`` the issue names
    (chart number and names for the "Patients to call" list): od_source gives it as NULL unless the
    practice's catalogue keeps it."""
    listed = _source_tables()
    for table, columns in listed.items():
        sql = re.sub(r"od_source\(\s*'\w+'\s*\)", "", _sql(table))
        # Raw columns appear as macro arguments ('source.PatNum') or bare (source.PatNum, PatNum).
        used = set(re.findall(r"od_\w+\((?:od_\w+\()?'(?:source\.)?(\w+)'", sql))
        used |= set(re.findall(r"\b([A-Z][A-Za-z0-9_]*)\b", re.sub(r"'[^']*'", "''", sql)))
        used |= {LOADED_AT} & set(re.findall(r"\w+", sql))
        unknown = sorted(used - (set(columns) - _phi_optional()[table]))
        if table == "patient":  # the PHI columns a practice may keep (NULL under the default policy)
            unknown = sorted(set(unknown) - {"ChartNumber", "LName", "FName", "Preferred"})
        assert not unknown, f"stg_opendental__{table} uses columns the loader does not write: {unknown}"


def _selected_columns(table: str) -> list[str]:
    """Output columns of a staging model: the aliases of its `renamed` select, in order."""
    select = _sql(table).split("renamed as (", 1)[1].split("\n    from source", 1)[0]
    select = re.sub(r"\n\s+as ", " as ", select)
    names = []
    for line in select.splitlines():
        match = re.search(r"(?:\bas |^\s+source\.|^\s+)(\w+),?$", line)
        if match and match.group(1) not in {"select", "case", "end"} and not line.strip().startswith("--"):
            names.append(match.group(1))
    return names


def test_models_yaml_describes_every_staging_column_in_order() -> None:
    models = _models()
    assert sorted(models) == sorted(f"stg_opendental__{table}" for table in _source_tables())
    for table in _source_tables():
        model = models[f"stg_opendental__{table}"]
        assert model.get("description", "").strip(), f"stg_opendental__{table} has no description"
        documented = [column["name"] for column in model["columns"]]
        assert documented == _selected_columns(table), f"stg_opendental__{table}: YAML columns != SQL columns"
        for column in model["columns"]:
            assert column.get("description", "").strip(), f"stg_opendental__{table}.{column['name']}"
        assert documented[-1] == LOADED_AT


# Cleaning macro -> what the name of a column it produces must look like.
NAME_RULES = {
    "od_bool": (r"(is|has)_\w+", "booleans start with is_ or has_"),
    "od_date": (r"\w+_date", "dates end in _date"),
    "od_datetime": (r"\w+_at", "datetimes end in _at"),
    "od_nullif_zero": (r"\w+_id", "references end in _id"),
    "od_string": (r"(?!\w+_id$)\w+", "strings never end in _id (reserved for keys)"),
    "od_money": (r"(?!\w+_id$)\w+", "money never ends in _id"),
}


def test_names_follow_the_conventions() -> None:
    for table in _source_tables():
        sql = re.sub(r"\n\s+as ", " as ", _sql(table))
        for macro, alias in re.findall(r"\{\{ (od_\w+)\(.*\}\}.* as (\w+),?$", sql, flags=re.MULTILINE):
            pattern, rule = NAME_RULES.get(macro, (r"\w+", ""))
            assert re.fullmatch(pattern, alias), f"stg_opendental__{table}.{alias}: {rule}"
        model = _models()[f"stg_opendental__{table}"]
        names = [column["name"] for column in model["columns"]]
        assert len(names) == len(set(names)), f"stg_opendental__{table} repeats a column"
        for name in names:
            assert re.fullmatch(r"_?[a-z][a-z0-9_]*", name), (
                f"stg_opendental__{table}.{name} is not snake_case"
            )
        primary_key = [c for c in model["columns"] if {"unique", "not_null"} <= _test_names(c)]
        assert len(primary_key) == 1 and primary_key[0]["name"].endswith("_id"), f"stg_opendental__{table}"


def _test_names(column: dict[str, Any]) -> set[str]:
    return {test if isinstance(test, str) else next(iter(test)) for test in column.get("tests", [])}


def test_every_decoded_code_keeps_its_code_and_has_a_tested_label() -> None:
    """A label from a seed comes with its `<x>_code`; a not_null test on the label fails for any code
    missing from the seed (the left join leaves the label NULL)."""
    for table in _source_tables():
        name = f"stg_opendental__{table}"
        columns = {column["name"]: column for column in _models()[name]["columns"]}
        sql = re.sub(r"\n\s+as ", " as ", _sql(table))
        for label in re.findall(r"\w+_codes\.label as (\w+)", sql):
            assert label == "preference_value_label" or f"{label}_code" in columns, f"{name}.{label}: no code"
            assert "not_null" in _test_names(columns[label]), f"{name}.{label} is not tested"


def _seed_entries() -> dict[str, dict[str, Any]]:
    return {seed["name"]: seed for seed in _yaml(SEEDS / "_opendental__seeds.yml")["seeds"]}


def test_every_seed_is_documented_typed_and_used() -> None:
    entries = _seed_entries()
    files = {path.stem: path for path in SEEDS.glob("*.csv")}
    assert sorted(entries) == sorted(files)
    referenced = set()
    for table in _source_tables():
        referenced |= set(re.findall(r"ref\('(opendental__\w+)'\)", _sql(table)))
    assert referenced == set(files), f"seeds never used: {sorted(set(files) - referenced)}"
    for name, entry in entries.items():
        header = next(csv.reader(files[name].open(encoding="utf-8")))
        assert entry.get("description", "").strip(), name
        assert sorted(entry["config"]["column_types"]) == sorted(header), f"{name}: column_types"
        assert [column["name"] for column in entry["columns"]] == header, f"{name}: columns"
        for column in entry["columns"]:
            assert column.get("description", "").strip(), f"{name}.{column['name']}"


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.csv")), ids=lambda path: path.stem)
def test_seed_codes_are_unique_and_labelled(path: Path) -> None:
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert rows, f"{path.name} is empty"
    key = [name for name in ("preference_name", "code") if name in rows[0]]
    keys = [tuple(row[name] for name in key) for row in rows]
    assert len(keys) == len(set(keys)), f"{path.name} repeats a code"
    for row in rows:
        assert row["name"].strip() and row["label"].strip(), f"{path.name}: code {row['code']!r} has no label"


def test_yaml_uses_dbt_17_keys() -> None:
    """dbt 1.7 silently ignores `data_tests:` and `unit_tests:` (1.8 keys): the tests would vanish."""
    for path in [*STAGING.glob("*.yml"), *SEEDS.glob("*.yml")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(data_tests|unit_tests):", text, flags=re.MULTILINE), path.name
