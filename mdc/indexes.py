"""``mdc indexes``: look after the warehouse's indexes (see docs/query-optimization.md).

    report        per table of each schema: rows, data and index size, each index's columns and
                  cardinality; duplicate or redundant indexes (a left prefix of another), unused ones
                  (when the server counts index reads: MariaDB ``userstat=1``), and foreign-key-like
                  columns without an index (``*Num`` in raw, ``*_id`` elsewhere)
    create        add the raw indexes the catalogue declares (``mdc load`` does this after each load)
    analyze       ANALYZE TABLE every table of the schemas (fresh statistics for the optimizer)
    drop-unused   drop duplicate, redundant and unused indexes: dry run unless ``--apply``; never a
                  primary key, a unique index (dbt tests, unique keys and upserts rely on them) or an
                  index the catalogue declares (the next load would add it back)

Schemas default to MDC_RAW_SCHEMA and MDC_DBT_SCHEMA (marts) and its ``_staging`` database.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from typing import Any, TextIO

SUBCOMMANDS = ("report", "create", "analyze", "drop-unused")


@dataclass(frozen=True)
class Index:
    """One index of a table."""

    name: str
    columns: tuple[str, ...]
    unique: bool
    cardinality: int | None

    @property
    def primary(self) -> bool:
        """True for the primary key."""
        return self.name == "PRIMARY"


@dataclass
class Table:
    """One base table of a schema, as information_schema describes it."""

    schema: str
    name: str
    rows: int
    data_bytes: int
    index_bytes: int
    columns: list[str] = field(default_factory=list)
    indexes: list[Index] = field(default_factory=list)

    def redundant(self, keep: frozenset[str] = frozenset()) -> list[tuple[Index, str]]:
        """Non-unique indexes whose columns equal or are a left prefix of another index's columns.

        Of identical plain indexes one is kept: one named in ``keep`` (lower case), else the first name.
        """
        def preference(index: Index) -> tuple[bool, str]:
            return index.name.lower() not in keep, index.name

        found = []
        for index in self.indexes:
            if index.unique:
                continue
            for other in self.indexes:
                if other is index or other.columns[: len(index.columns)] != index.columns:
                    continue
                twin = other.columns == index.columns and not other.unique
                if twin and preference(index) < preference(other):
                    continue
                kind = "duplicate of" if other.columns == index.columns else "left prefix of"
                found.append((index, f"{kind} {other.name} ({', '.join(other.columns)})"))
                break
        return found

    def unindexed_keys(self) -> list[str]:
        """Foreign-key-like columns (``*Num`` in raw, ``*_id`` elsewhere) that lead no index."""
        leading = {index.columns[0].lower() for index in self.indexes}
        return [
            column for column in self.columns
            if column.lower() not in leading and (column.endswith("Num") or column.endswith("_id"))
        ]


def read_tables(conn: Any, schema: str) -> list[Table]:
    """Every base table of ``schema`` with its columns and indexes (from information_schema)."""
    with conn.cursor() as cur:
        cur.execute(
            "select table_name, coalesce(table_rows, 0), coalesce(data_length, 0), coalesce(index_length, 0)"
            " from information_schema.tables where table_schema = %s and table_type = 'BASE TABLE'"
            " order by table_name",
            (schema,),
        )
        tables = {name: Table(schema, name, int(rows), int(data), int(index))
                  for name, rows, data, index in cur.fetchall()}
        cur.execute(
            "select table_name, column_name from information_schema.columns where table_schema = %s"
            " order by table_name, ordinal_position",
            (schema,),
        )
        for table, column in cur.fetchall():
            if table in tables:
                tables[table].columns.append(column)
        cur.execute(
            "select table_name, index_name, max(non_unique), group_concat(column_name order by seq_in_index"
            " separator ','), max(cardinality) from information_schema.statistics where table_schema = %s"
            " group by table_name, index_name order by table_name, index_name = 'PRIMARY' desc, index_name",
            (schema,),
        )
        for table, name, non_unique, columns, cardinality in cur.fetchall():
            if table in tables:
                tables[table].indexes.append(
                    Index(name, tuple(columns.split(",")), not non_unique,
                          None if cardinality is None else int(cardinality))
                )
    return list(tables.values())


def index_reads(conn: Any, schema: str) -> dict[tuple[str, str], int] | None:
    """(table, index) -> rows read through it since the statistics were reset; None when not counted.

    MariaDB counts index reads in information_schema.INDEX_STATISTICS only with ``userstat=1``.
    """
    with conn.cursor() as cur:
        cur.execute("show global variables like 'userstat'")
        row = cur.fetchone()
        if not row or str(row[1]).upper() not in ("ON", "1"):
            return None
        cur.execute(
            "select table_name, index_name, rows_read from information_schema.index_statistics"
            " where table_schema = %s",
            (schema,),
        )
        return {(table, name): int(rows) for table, name, rows in cur.fetchall()}


def drop_candidates(
    tables: list[Table], reads: dict[tuple[str, str], int] | None, declared: set[tuple[str, str]]
) -> list[tuple[Table, Index, str]]:
    """Indexes worth dropping, with the reason: redundant ones, and unused ones when reads are counted.

    Primary keys, unique indexes and ``declared`` (table, index) pairs are never candidates.
    """
    found = []
    for table in tables:
        keep = frozenset(name for owner, name in declared if owner == table.name.lower())
        reasons = {index.name: reason for index, reason in table.redundant(keep)}
        for index in table.indexes:
            if index.primary or index.unique or index.name.lower() in keep:
                continue
            if index.name in reasons:
                found.append((table, index, reasons[index.name]))
            elif reads is not None and not reads.get((table.name, index.name)):
                found.append((table, index, "unused since the server's index statistics were reset"))
    return found


def print_report(tables: list[Table], reads: dict[tuple[str, str], int] | None, out: TextIO) -> None:
    """The per-table report of one schema."""
    if not tables:
        return
    schema = tables[0].schema
    print(f"== {schema}: {len(tables)} tables, {sum(t.data_bytes for t in tables) / 2**20:,.1f} MiB data,"
          f" {sum(t.index_bytes for t in tables) / 2**20:,.1f} MiB indexes", file=out)
    if reads is None:
        print("   unused indexes: unknown (the server does not count index reads: userstat is OFF;"
              " SET GLOBAL userstat = 1, let the nightly run and dashboards work, then report again)",
              file=out)
    for table in tables:
        print(f"{table.name}: {table.rows:,} rows, data {table.data_bytes / 2**20:,.2f} MiB,"
              f" indexes {table.index_bytes / 2**20:,.2f} MiB", file=out)
        redundant = {index.name: reason for index, reason in table.redundant()}
        for index in table.indexes:
            notes = [redundant[index.name]] if index.name in redundant else []
            if reads is not None and not index.primary and not reads.get((table.name, index.name)):
                notes.append("unused")
            kind = "primary" if index.primary else "unique" if index.unique else "index"
            cardinality = "?" if index.cardinality is None else f"{index.cardinality:,}"
            note = f"  <- {'; '.join(notes)}" if notes else ""
            print(f"  {kind:<7} {index.name} ({', '.join(index.columns)}) cardinality {cardinality}{note}",
                  file=out)
        if table.unindexed_keys():
            print(f"  key-like columns without an index: {', '.join(table.unindexed_keys())}", file=out)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register ``mdc indexes`` and its subcommands."""
    parser.add_argument("action", choices=SUBCOMMANDS, help="what to do (see docs/query-optimization.md)")
    parser.add_argument("--schema", action="append", metavar="NAME",
                        help="a database to work on (repeatable; default: MDC_RAW_SCHEMA, MDC_DBT_SCHEMA"
                             " and MDC_DBT_SCHEMA_staging)")
    parser.add_argument("--apply", action="store_true",
                        help="drop-unused: execute the drops (default: dry run)")


def run(args: argparse.Namespace) -> int:
    """Run one ``mdc indexes`` action; return the exit code."""
    from loaders.opendental import raw_indexes
    from loaders.opendental.settings import CatalogueError
    from mdc.config import settings
    from mdc.connections import Connections, DatabaseError

    config = settings()
    schemas = args.schema or [config.raw_schema, config.dbt_schema, f"{config.dbt_schema}_staging"]
    out = sys.stdout
    connections = Connections(config)
    try:
        declared = raw_indexes.declared_indexes(config.catalogue_path or None)
        with connections.warehouse() as conn:
            existing = _existing(conn, schemas)
            if args.action == "create":
                added = raw_indexes.ensure_indexes(conn, config.raw_schema, declared)
                raw_indexes.analyze(conn, config.raw_schema, {index.table for index in added})
                print(f"{len(added)} index(es) added to {config.raw_schema}:"
                      + "".join(f"\n  {i.table}.{i.name}" for i in added), file=out)
                return 0
            for schema in existing:
                tables = read_tables(conn, schema)
                if args.action == "report":
                    print_report(tables, index_reads(conn, schema), out)
                elif args.action == "analyze":
                    raw_indexes.analyze(conn, schema, [t.name for t in tables])
                    print(f"{schema}: {len(tables)} table(s) analyzed", file=out)
                else:
                    protected = ({(i.table, i.name.lower()) for i in declared}
                                 if schema == config.raw_schema else set())
                    _drop(conn, schema, tables, protected, args.apply, out)
    except (CatalogueError, DatabaseError) as exc:
        print(f"mdc indexes: {exc}", file=sys.stderr)
        return 1
    finally:
        connections.close()
    return 0


def _existing(conn: Any, schemas: list[str]) -> list[str]:
    with conn.cursor() as cur:
        cur.execute("select schema_name from information_schema.schemata")
        present = {name for (name,) in cur.fetchall()}
    for schema in schemas:
        if schema not in present:
            print(f"mdc indexes: database {schema} does not exist (skipped)", file=sys.stderr)
    return [schema for schema in schemas if schema in present]


def _drop(conn: Any, schema: str, tables: list[Table], protected: set[tuple[str, str]], apply: bool,
          out: TextIO) -> None:
    from loaders.opendental.helpers import q, qualified

    reads = index_reads(conn, schema)
    candidates = drop_candidates(tables, reads, protected)
    verb = "dropping" if apply else "would drop"
    if reads is None:
        print(f"{schema}: unused indexes unknown (userstat is OFF); only duplicate and redundant ones",
              file=out)
    for table, index, reason in candidates:
        statement = f"alter table {qualified(schema, table.name)} drop index {q(index.name)}"
        print(f"{verb} {schema}.{table.name}.{index.name} ({', '.join(index.columns)}): {reason}", file=out)
        if apply:
            with conn.cursor() as cur:
                cur.execute(statement)
    if not apply and candidates:
        print(f"{schema}: dry run; run again with --apply to drop {len(candidates)} index(es)", file=out)
    if not candidates:
        print(f"{schema}: nothing to drop", file=out)
