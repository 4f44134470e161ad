"""The table catalogue: complete, consistent with OpenDental's DDL, and safely overridable."""

from __future__ import annotations

import re

import pytest
from loader_support import ddl_statements

from loaders.opendental.extract import build_query
from loaders.opendental.schema import SourceColumn, SourceTable, plan_table
from loaders.opendental.settings import CatalogueError, auto_spec, load_catalogue


def _ddl_tables() -> dict[str, dict[str, str]]:
    """table -> column -> declared type, parsed from the project's DDL copy."""
    tables = {}
    for statement in ddl_statements():
        name = re.search(r"CREATE TABLE `(\w+)`", statement).group(1)
        tables[name] = dict(re.findall(r"^\s+`(\w+)` (\w+)", statement, re.M))
    return tables


def _source(name: str, columns: dict[str, str]) -> SourceTable:
    key = next(iter(columns))
    cols = tuple(
        SourceColumn(c, t, t, False, "utf8mb3_general_ci" if "char" in t else None, "")
        for c, t in columns.items()
    )
    return SourceTable(name, cols, (key,), 0)


def test_catalogue_covers_the_57_core_tables_with_real_columns():
    catalogue = load_catalogue()
    ddl = _ddl_tables()
    assert len(ddl) == 57
    assert set(catalogue.tables) == set(ddl)
    for name, spec in catalogue.tables.items():
        columns = ddl[name]
        if spec.strategy == "incremental":
            assert columns[spec.cursor] == "timestamp", f"{name}.{spec.cursor} must be auto-updated"
        for column in spec.phi:
            assert column in columns, f"{name}.{column}"
    assert catalogue.spec("patient").phi_action("SSN") == "drop"
    assert catalogue.spec("inssub").phi_action("SubscriberID") == "hash"
    assert catalogue.spec("patient").phi_action("State") == "keep"
    assert {n for n, s in catalogue.tables.items() if s.strategy == "append"} == {
        "securitylog",
        "securityloghash",
        "entrylog",
        "procnote",
    }
    hard_deletes = {
        "appointment",
        "claim",
        "claimproc",
        "claimpayment",
        "payment",
        "paysplit",
        "adjustment",
        "inssub",
        "patplan",
        "fee",
        "recall",
        "schedule",
        "commlog",
        "treatplan",
        "proctp",
        "refattach",
        "statement",
        "payplancharge",
        "benefit",
    }
    assert {n for n in hard_deletes if catalogue.spec(n).deletes != "reconcile"} == set()


def test_overrides_merge_and_bad_values_name_file_table_and_key(tmp_path):
    override = tmp_path / "mine.toml"
    override.write_text(
        '[defaults]\nlag_seconds = 60\n[tables.patient.phi]\nBirthdate = "keep"\n'
        '[tables.famaging]\nstrategy = "skip"\n[tables.sheet]\ncursor = "DateTStamp"\n'
    )
    catalogue = load_catalogue(override)
    patient = catalogue.spec("patient")
    assert patient.phi_action("Birthdate") == "keep" and patient.phi_action("SSN") == "drop"
    assert patient.lag_seconds == 60 and patient.chunk_size == 20000
    assert "famaging" not in catalogue.loadable()
    assert catalogue.spec("sheet").strategy == "incremental"
    for text, message in [
        ('[tables.claim]\ndeletes = "sometimes"\n', "[tables.claim] deletes = 'sometimes'"),
        ("[tables.claim]\nchunk = 5\n", "[tables.claim] unknown key(s) ['chunk']"),
        ('[tables.claim.phi]\nClaimFee = "blur"\n', "phi.ClaimFee = 'blur'; use one of drop, hash, keep"),
        (
            '[tables.newone]\nstrategy = "incremental"\n',
            "[tables.newone] strategy 'incremental' needs cursor",
        ),
        ("[tables.claim]\nchunk_size = 10\n", "chunk_size = 10 must be an integer >= 100"),
        ("[tables.claim\n", "not valid TOML"),
    ]:
        override.write_text(text)
        with pytest.raises(CatalogueError) as caught:
            load_catalogue(override)
        assert message in str(caught.value)
        assert "mine.toml" in str(caught.value)


def test_unlisted_tables_get_a_strategy_from_their_columns():
    defaults = load_catalogue().defaults
    sheet = auto_spec("sheet", {"SheetNum": "bigint", "DateTStamp": "timestamp"}, ("SheetNum",), defaults)
    assert (sheet.strategy, sheet.cursor, sheet.deletes, sheet.listed) == (
        "incremental",
        "DateTStamp",
        "reconcile",
        False,
    )
    plain = auto_spec("toothinitial", {"ToothInitialNum": "bigint"}, ("ToothInitialNum",), defaults)
    assert plain.strategy == "replace"
    custom = auto_spec(
        "x", {"Id": "bigint", "Changed": "datetime"}, ("Id",), defaults, on_update_columns=("Changed",)
    )
    assert custom.cursor == "Changed"


def test_dropped_phi_columns_are_never_selected_from_the_source():
    catalogue = load_catalogue()
    source = _source("patient", _ddl_tables()["patient"])
    plan = plan_table(catalogue.spec("patient"), source, hash_key_set=True)
    sql = build_query(plan, "od", mode="full", start=0, now=1, after=None).sql
    # A derived column's expression may read a dropped column at the source (the birth-year band reads
    # Birthdate); only its result leaves the source. Outside those expressions, no dropped column appears.
    derived = catalogue.spec("patient").derived
    assert "BirthYearBand" in derived and derived["BirthYearBand"][1] in sql
    for _, expression in derived.values():
        sql = sql.replace(expression, "")
    for column in ("SSN", "LName", "FName", "Birthdate", "Email", "HmPhone", "ChartNumber", "AddrNote"):
        assert f"`{column}`" not in sql
    assert "`PatNum`" in sql and "`State`" in sql and "`BalTotal`" in sql
    inssub = plan_table(
        catalogue.spec("inssub"), _source("inssub", _ddl_tables()["inssub"]), hash_key_set=False
    )
    assert "SubscriberID" not in [c.name for c in inssub.columns]
    assert "MDC_PHI_HASH_KEY is not set" in inssub.warnings[0]
