"""Secondary indexes on raw tables, declared in the catalogue, created after the data is in.

Raw tables are created with their primary key only, so a full load writes into bare tables. The
staging views over them are read by joins and filters on OpenDental's foreign keys (``PatNum``,
``ProcNum``, ``ClaimNum`` ...) and by the incremental models on ``_loaded_at``; those columns are
declared per table in ``tables.toml`` (``indexes = [["PatNum"], ["ProcNum"]]``, each entry one index,
its columns in order; an MDC_CATALOGUE entry replaces the list). After every load
:func:`after_load` adds the declared indexes a table lacks (one ``ALTER TABLE`` per table, so a
table is scanned once however many indexes it gets) and runs ``ANALYZE TABLE`` on the tables the run
changed, so the optimizer's statistics describe the new data. See docs/query-optimization.md.
"""

from __future__ import annotations

import hashlib
import time
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from loaders.opendental.helpers import q, qualified
from loaders.opendental.settings import CATALOGUE_PATH, CatalogueError

if TYPE_CHECKING:
    from loaders.opendental.outcome import RunReport
    from mdc.config import Settings
    from mdc.connections import Connections

NAME_LIMIT = 64  # MariaDB's identifier length


@dataclass(frozen=True)
class RawIndex:
    """One declared secondary index of a raw table."""

    table: str
    columns: tuple[str, ...]

    @property
    def name(self) -> str:
        """``ix_<table>__<col>__<col>``, shortened with a hash past 64 characters (as the dbt macro)."""
        name = f"ix_{self.table}__{'__'.join(self.columns)}"
        if len(name) > NAME_LIMIT:
            name = f"{name[:55]}_{hashlib.md5(name.encode()).hexdigest()[:8]}"
        return name

    def ddl(self) -> str:
        """The ``ADD INDEX`` clause of an ``ALTER TABLE``."""
        return f"add index if not exists {q(self.name)} ({', '.join(q(c) for c in self.columns)})"


def declared_indexes(override: str | Path | None = None, base: Path = CATALOGUE_PATH) -> list[RawIndex]:
    """The indexes the catalogue declares, in catalogue order; the override's list replaces a table's.

    Raises:
        CatalogueError: an ``indexes`` value that is not a list of non-empty lists of column names
            (the message names the file and the table).
    """
    declared: dict[str, tuple[str, Any]] = {}
    for path in [base, *([Path(override)] if override else [])]:
        with path.open("rb") as handle:
            tables = tomllib.load(handle).get("tables", {})
        for table, entry in tables.items():
            if isinstance(entry, Mapping) and "indexes" in entry:
                declared[table.lower()] = (str(path), entry["indexes"])
    return [index for table, (where, value) in declared.items() for index in _parse(table, value, where)]


def _parse(table: str, value: Any, where: str) -> list[RawIndex]:
    shape = 'indexes = [["Column"], ["Column", "Column"]]'
    if not isinstance(value, list):
        raise CatalogueError(f"{where}: [tables.{table}] indexes = {value!r} must be a list: {shape}")
    indexes = []
    for columns in value:
        if not isinstance(columns, list) or not columns or not all(isinstance(c, str) for c in columns):
            raise CatalogueError(
                f"{where}: [tables.{table}] indexes entry {columns!r} must be a non-empty list of column"
                f" names: {shape}"
            )
        try:
            for column in columns:
                q(column)  # a plain column name, nothing to inject
        except ValueError as exc:
            raise CatalogueError(f"{where}: [tables.{table}] indexes: {exc}") from exc
        indexes.append(RawIndex(table, tuple(columns)))
    return indexes


def ensure_indexes(conn: Any, schema: str, indexes: Iterable[RawIndex]) -> list[RawIndex]:
    """Add every declared index that a table of ``schema`` lacks; return those added.

    Tables not in ``schema`` (not loaded, or left out by ``--tables``) are skipped.

    Raises:
        CatalogueError: a declared column does not exist in the raw table (names table and column).
    """
    with conn.cursor() as cur:
        cur.execute(
            "select table_name, column_name from information_schema.columns where table_schema = %s",
            (schema,),
        )
        columns: dict[str, set[str]] = {}
        for table, column in cur.fetchall():
            columns.setdefault(table.lower(), set()).add(column.lower())
        cur.execute(
            "select distinct table_name, index_name from information_schema.statistics"
            " where table_schema = %s",
            (schema,),
        )
        present = {(table.lower(), name.lower()) for table, name in cur.fetchall()}
    missing: dict[str, list[RawIndex]] = {}
    for index in indexes:
        if index.table not in columns or (index.table, index.name.lower()) in present:
            continue
        unknown = [c for c in index.columns if c.lower() not in columns[index.table]]
        if unknown:
            raise CatalogueError(
                f"[tables.{index.table}] indexes: column(s) {', '.join(unknown)} not in raw table"
                f" {schema}.{index.table}"
            )
        missing.setdefault(index.table, []).append(index)
    with conn.cursor() as cur:
        for table, adds in missing.items():
            cur.execute(f"alter table {qualified(schema, table)} {', '.join(i.ddl() for i in adds)}")
    return [index for adds in missing.values() for index in adds]


def analyze(conn: Any, schema: str, tables: Iterable[str]) -> None:
    """``ANALYZE TABLE`` (fresh index statistics for the optimizer) on ``tables`` of ``schema``."""
    names = sorted(set(tables))
    if names:
        with conn.cursor() as cur:
            cur.execute(f"analyze table {', '.join(qualified(schema, t) for t in names)}")
            cur.fetchall()


def changed_tables(report: RunReport) -> set[str]:
    """Tables this run loaded in full or wrote or deleted rows in."""
    return {
        r.table
        for r in report.results
        if r.status == "success" and (r.rows_written or r.rows_deleted or r.mode == "full")
    }


def after_load(config: Settings, connections: Connections, report: RunReport, out: TextIO) -> None:
    """Add missing declared indexes and analyze the changed tables (the load's last step).

    A bad declaration fails the run (``report.error``) with a message naming the table and column;
    the data loaded stays.
    """
    began = time.monotonic()
    try:
        indexes = declared_indexes(config.catalogue_path or None)
        with connections.warehouse() as conn:
            added = ensure_indexes(conn, config.raw_schema, indexes)
            analyzed = changed_tables(report) | {index.table for index in added}
            analyze(conn, config.raw_schema, analyzed)
    except CatalogueError as exc:
        report.error = report.error or f"raw indexes: {exc}"
        print(f"mdc load: raw indexes: {exc}", file=out)
        return
    report.phases["indexes"] = time.monotonic() - began
    print(
        f"mdc load: raw indexes: {len(added)} added, {len(analyzed)} table(s) analyzed"
        f" in {report.phases['indexes']:.1f} s",
        file=out,
    )

