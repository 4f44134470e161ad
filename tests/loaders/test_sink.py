"""The sink writes load files with LOAD DATA and refuses values the raw column cannot hold."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from loader_support import server_connection

from loaders.opendental.sink import LoadDataError, SinkContext, load_file
from mdc.config import settings
from mdc.connections import Connections

HINT = {
    "target": "raw",
    "columns": ["Id", "Code", "Payload"],
    "hex": ["Payload"],
    "key": ["Id"],
    "key_positions": [0],
}


def _write(path, lines: list[bytes]) -> str:
    pq.write_table(pa.table({"_line": pa.array(lines, pa.binary())}), path)
    return str(path)


@pytest.fixture
def sink_context(loader_env, tmp_path):
    with server_connection() as conn, conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE `{loader_env.raw}`")
        cur.execute(
            f"CREATE TABLE `{loader_env.raw}`.t (Id bigint PRIMARY KEY, Code varchar(3) NULL,"
            " Payload varbinary(10) NULL, _loaded_at datetime(6) NOT NULL)"
        )
    connections = Connections(settings(loader_env.env))
    yield SinkContext(connections, loader_env.raw, str(tmp_path)), loader_env
    connections.close()


def test_lines_are_upserted_with_escapes_nulls_and_hex(sink_context, tmp_path):
    context, env = sink_context
    assert (
        load_file(context, _write(tmp_path / "a.parquet", [b"1\ta\\tb\t00FF", b"2\t\\N\t\\N"]), "t", HINT)
        == 2
    )
    assert load_file(context, _write(tmp_path / "b.parquet", [b"2\txyz\t41"]), "t", HINT) == 1  # upsert
    rows = env.query(f"SELECT Id, Code, Payload, _loaded_at IS NOT NULL FROM `{env.raw}`.t ORDER BY Id")
    assert rows == [(1, "a\tb", b"\x00\xff", 1), (2, "xyz", b"A", 1)]
    assert context.tallies["t"].rows_written == 3 and context.tallies["t"].files == 2


def test_a_value_raw_cannot_hold_fails_naming_table_key_and_column(sink_context, tmp_path):
    context, env = sink_context
    path = _write(tmp_path / "bad.parquet", [b"1\tok\t\\N", b"2\ttoo long\t\\N"])
    with pytest.raises(LoadDataError) as caught:
        load_file(context, path, "t", HINT)
    message = str(caught.value)
    assert message.startswith("table t, row with key Id=2, column Code: Warning 1265")
    assert "nothing from this batch was kept" in message
    assert env.query(f"SELECT COUNT(*) FROM `{env.raw}`.t") == [(0,)]  # rolled back
    assert context.tallies["t"].error == message
