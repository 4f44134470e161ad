"""A full load copies every core table exactly: rows, values, types; PHI stays out."""

from __future__ import annotations

import hashlib
import hmac
import math

import loader_support
import pytest
from loader_support import LONG_TEXT

from loaders.opendental.settings import load_catalogue

pytestmark = pytest.mark.xdist_group(name="loaders_full_load")


def test_full_load_copies_all_57_tables_exactly(dirty_loaded):
    env, code, output = dirty_loaded
    assert code == 0, output
    tables = loader_support.raw_tables(env.raw)
    assert len(tables) == 57
    assert "procedurelog" in tables and "patient" in tables
    assert env.differences() == []
    counts = dict(env.query(f"SELECT table_name, rows_written FROM `{env.raw}`._mdc_load_tables"))
    assert counts["procedurelog"] == 5002
    assert counts["claimproc"] == 5002
    assert "57 tables" in output and ": ok" in output


def test_dirty_values_survive(dirty_loaded):
    env, code, _ = dirty_loaded
    assert code == 0
    raw = env.raw
    ((est, total, first_visit, language),) = env.query(
        f"SELECT EstBalance, BalTotal, CAST(DateFirstVisit AS CHAR), Language FROM `{raw}`.patient"
        " WHERE PatNum = 1"
    )
    assert est == 0.1 + 0.2  # exact double, not 0.3
    assert total == -1234.56
    assert first_visit == "0000-00-00"
    assert language == "Deutsch für Anfänger ✓"
    rows = dict(env.query(f"SELECT PatNum, Language FROM `{raw}`.patient"))
    assert rows[2] == "NULL"  # the string NULL is not SQL NULL
    ((huge, tiny),) = env.query(f"SELECT BalTotal, EstBalance FROM `{raw}`.patient WHERE PatNum = 2")
    assert huge == 1.7976931348623157e308 and tiny == 1e-300
    proc = env.query(
        f"SELECT CAST(ProcTime AS CHAR), CAST(ProcTimeEnd AS CHAR), CAST(DateTP AS CHAR),"
        f" CAST(SecDateEntry AS CHAR), Discount, DiagnosticCode, CodeMod1, DrugQty = 0.1e0"
        f" FROM `{raw}`.procedurelog WHERE ProcNum = 10"
    )[0]
    assert proc[:4] == ("838:59:59", "-01:30:00", "0000-00-00", "0000-00-00 00:00:00")
    assert proc[4] == 33.333333333333336
    assert proc[5] == "\\N" and proc[6] is None  # a literal backslash-N is not NULL
    ((drug_raw,),) = env.query(f"SELECT DrugQty FROM `{raw}`.procedurelog WHERE ProcNum = 11")
    ((drug_src,),) = env.query(f"SELECT DrugQty FROM `{env.source}`.procedurelog WHERE ProcNum = 11")
    assert drug_raw == drug_src and math.isfinite(drug_raw)  # FLOAT max survives
    sentinels = env.query(
        f"SELECT CopayAmt, PaidOtherIns, Percentage FROM `{raw}`.claimproc WHERE ClaimProcNum = 100"
    )
    assert sentinels == [(-1.0, -1.0, -1)]
    ((colored, descript),) = env.query(f"SELECT ProcsColored, ProcDescript FROM `{raw}`.appointment")
    assert colored == LONG_TEXT and len(colored.encode()) > 50_000
    assert descript == LONG_TEXT[:255]
    assert env.query(f"SELECT ItemName, ItemValue FROM `{raw}`.definition") == [("Ä\tB\\C\nD", None)]
    codes = env.query(f"SELECT ProcCode FROM `{raw}`.procedurecode ORDER BY CodeNum")
    assert codes == [("D0120",), ("d0120",)]  # utf8_bin twins stay distinct
    ((zero_log,),) = env.query(
        f"SELECT CAST(LogDateTime AS CHAR) FROM `{raw}`.securitylog WHERE SecurityLogNum = 1"
    )
    assert zero_log == "0000-00-00 00:00:00"


def test_raw_types_match_the_source(dirty_loaded):
    env, code, _ = dirty_loaded
    assert code == 0
    source = dict(
        ((t, c), (ty, n))
        for t, c, ty, n in env.query(
            "SELECT table_name, column_name, column_type, is_nullable FROM information_schema.columns"
            " WHERE table_schema = %s",
            (env.source,),
        )
    )
    raw = env.query(
        "SELECT table_name, column_name, column_type, is_nullable FROM information_schema.columns"
        " WHERE table_schema = %s AND table_name NOT LIKE '\\_mdc%%'",
        (env.raw,),
    )
    assert raw
    for table, column, column_type, nullable in raw:
        if column == "_loaded_at":
            assert column_type == "datetime(6)"
        elif (table, column) == ("inssub", "SubscriberID"):
            assert column_type == "varchar(64)"
        elif column in loader_support.derived_columns(table):
            # computed in the source SELECT with the catalogue's type (tests/loaders/test_derived_columns.py)
            spec = load_catalogue(None).spec(table)
            assert spec is not None
            declared = spec.derived[column][0]  # MariaDB shows integer widths: smallint -> smallint(6)
            assert column_type == declared or column_type.startswith(f"{declared}("), (column, column_type)
        else:
            assert (column_type, nullable) == source[(table, column)], f"{table}.{column}"
    assert source[("procedurelog", "ProcFee")][0] == "double"
    keys = env.query(
        "SELECT table_name, column_name FROM information_schema.statistics WHERE table_schema = %s"
        " AND index_name = 'PRIMARY' AND table_name = 'procedurelog'",
        (env.raw,),
    )
    assert keys == [("procedurelog", "ProcNum")]


def test_phi_columns_never_reach_the_warehouse(dirty_loaded):
    env, code, output = dirty_loaded
    assert code == 0
    catalogue = load_catalogue()
    raw_columns = set(
        env.query(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = %s",
            (env.raw,),
        )
    )
    dropped = [(t, c) for t, spec in catalogue.tables.items() for c, a in spec.phi.items() if a == "drop"]
    assert len(dropped) > 60
    leaked = [pair for pair in dropped if pair in raw_columns]
    assert leaked == []
    assert ("patient", "PatNum") in raw_columns and ("patient", "State") in raw_columns
    subscriber = dict(env.query(f"SELECT InsSubNum, SubscriberID FROM `{env.raw}`.inssub"))
    expected = hmac.new(b"test-secret", b"XYZ123456", hashlib.sha256).hexdigest()
    assert subscriber == {3: expected, 4: ""}
    for secret in ("123-45-6789", "Smith", "ann@example.com", "XYZ123456", "card 4111"):
        assert secret not in output


def test_metrics_are_recorded(dirty_loaded):
    env, code, _ = dirty_loaded
    assert code == 0
    runs = env.query(
        f"SELECT status, tables_requested, tables_failed, rows_written, finished_at IS NOT NULL,"
        f" source_version FROM `{env.raw}`._mdc_load_runs"
    )
    assert runs == [("success", 57, 0, 10_019, 1, "24.3.10.0")]
    tables = env.query(
        f"SELECT table_name, strategy, mode, status, rows_read, rows_written, seconds >= 0"
        f" FROM `{env.raw}`._mdc_load_tables"
    )
    assert len(tables) == 57
    by_name = {row[0]: row[1:] for row in tables}
    assert by_name["procedurelog"] == ("incremental", "full", "success", 5002, 5002, 1)
    assert by_name["securitylog"][:3] == ("append", "full", "success")
    assert by_name["definition"][:3] == ("replace", "full", "success")
