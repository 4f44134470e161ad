"""Source introspection and the raw table layout.

Raw tables are created from the source's own column definitions (``information_schema.COLUMNS``),
not from dlt's type inference, so DOUBLE stays DOUBLE, ``tinyint(3) unsigned`` stays unsigned,
DATE/DATETIME/TIME/TIMESTAMP stay as they are and text stays text. Strings move to utf8mb4 with the
matching collation (``_bin`` stays binary). Defaults and ``AUTO_INCREMENT``/``ON UPDATE`` are left out:
the loader writes every column. PHI columns dropped by policy never appear; hashed columns become
``varchar(64)`` holding a hex digest. One metadata column, ``_loaded_at DATETIME(6)`` (UTC), follows.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from loaders.opendental.helpers import normalise_type, q, qualified
from loaders.opendental.settings import Catalogue, TableSpec, auto_spec

log = logging.getLogger(__name__)

Transport = Literal["text", "plain", "float", "hex", "hash"]
LOADED_AT = "_loaded_at"
HASH_TYPE = "varchar(64)"
STRING_TYPES = {"char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set", "json"}
BINARY_TYPES = {
    "binary",
    "varbinary",
    "tinyblob",
    "blob",
    "mediumblob",
    "longblob",
    "bit",
    "geometry",
    "point",
    "linestring",
    "polygon",
    "multipoint",
    "multilinestring",
    "multipolygon",
    "geometrycollection",
}


class SchemaDriftError(RuntimeError):
    """The source changed a column in a way the loader will not absorb silently."""


@dataclass(frozen=True)
class SourceColumn:
    """One column as ``information_schema.COLUMNS`` describes it."""

    name: str
    data_type: str
    column_type: str
    nullable: bool
    collation: str | None
    extra: str


@dataclass(frozen=True)
class SourceTable:
    """One source table: its columns in order, primary key and estimated size."""

    name: str
    columns: tuple[SourceColumn, ...]
    primary_key: tuple[str, ...]
    estimated_rows: int

    def column(self, name: str) -> SourceColumn | None:
        """The column called ``name`` (case-insensitive), or None."""
        lowered = name.lower()
        return next((c for c in self.columns if c.name.lower() == lowered), None)


@dataclass(frozen=True)
class RawColumn:
    """One data column of a raw table and how its values travel from the source."""

    name: str
    ddl_type: str
    nullable: bool
    collation: str | None
    transport: Transport
    expression: str | None = None  # derived columns: SQL over the source row (catalogue ``derived``)

    def ddl(self) -> str:
        """The column definition for CREATE/ALTER TABLE."""
        parts = [q(self.name), self.ddl_type]
        if self.collation:
            parts.append(f"CHARACTER SET {self.collation.split('_')[0]} COLLATE {self.collation}")
        if self.ddl_type.startswith("timestamp"):
            # An explicit default keeps servers with explicit_defaults_for_timestamp=OFF from adding
            # DEFAULT CURRENT_TIMESTAMP ON UPDATE ..., which would rewrite values on merge.
            parts.append("NULL DEFAULT NULL" if self.nullable else "NOT NULL DEFAULT '1970-01-01 00:00:01'")
        else:
            parts.append("NULL" if self.nullable else "NOT NULL")
        return " ".join(parts)


@dataclass(frozen=True)
class TablePlan:
    """Everything needed to copy one table: spec, source shape and raw layout."""

    spec: TableSpec
    source: SourceTable
    columns: tuple[RawColumn, ...]
    key: tuple[str, ...]
    dropped: tuple[str, ...]
    warnings: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The raw table name (lowercase source name)."""
        return self.spec.name

    @property
    def cursor(self) -> SourceColumn | None:
        """The source cursor column of an incremental table."""
        return self.source.column(self.spec.cursor) if self.spec.cursor else None

    def file_columns(self) -> tuple[RawColumn, ...]:
        """Columns in the order they appear in a load file: hashed columns last (added in Python)."""
        plain = tuple(c for c in self.columns if c.transport != "hash")
        return plain + tuple(c for c in self.columns if c.transport == "hash")

    def key_positions(self) -> tuple[int, ...]:
        """Positions of the key columns in a load-file line (for error messages)."""
        names = [c.name for c in self.file_columns()]
        return tuple(names.index(k) for k in self.key if k in names)


def read_source_tables(conn: Any, database: str) -> dict[str, SourceTable]:
    """Describe every base table of ``database``: columns, primary key, estimated rows.

    Returns:
        Lowercase table name -> :class:`SourceTable`.
    """
    with conn.cursor() as cur:
        cur.execute(
            "select table_name, column_name, data_type, column_type, is_nullable, collation_name, extra"
            " from information_schema.columns where table_schema = %s order by table_name, ordinal_position",
            (database,),
        )
        rows = cur.fetchall()
        cur.execute(
            "select table_name, column_name from information_schema.statistics"
            " where table_schema = %s and index_name = 'PRIMARY' order by table_name, seq_in_index",
            (database,),
        )
        keys = cur.fetchall()
        cur.execute(
            "select table_name, coalesce(table_rows, 0) from information_schema.tables"
            " where table_schema = %s and table_type = 'BASE TABLE'",
            (database,),
        )
        sizes = {str(name): int(count) for name, count in cur.fetchall()}
    columns: dict[str, list[SourceColumn]] = {}
    for table, name, data_type, column_type, nullable, collation, extra in rows:
        if table not in sizes:
            continue  # a view
        columns.setdefault(table, []).append(
            SourceColumn(
                name=name,
                data_type=str(data_type).lower(),
                column_type=str(column_type).lower(),
                nullable=nullable == "YES",
                collation=collation,
                extra=str(extra or "").lower(),
            )
        )
    primary: dict[str, list[str]] = {}
    for table, name in keys:
        primary.setdefault(table, []).append(name)
    return {
        table.lower(): SourceTable(table, tuple(cols), tuple(primary.get(table, ())), sizes.get(table, 0))
        for table, cols in columns.items()
    }


def resolve_spec(name: str, catalogue: Catalogue, source: SourceTable) -> TableSpec:
    """The catalogue entry for ``name``, or a strategy picked from the table's columns."""
    spec = catalogue.spec(name)
    if spec is not None:
        return spec
    kinds = {c.name: c.data_type for c in source.columns}
    on_update = tuple(c.name for c in source.columns if "on update" in c.extra)
    return auto_spec(name.lower(), kinds, source.primary_key, catalogue.defaults, on_update_columns=on_update)


def plan_table(spec: TableSpec, source: SourceTable, *, hash_key_set: bool) -> TablePlan:
    """Apply the PHI policy and map source columns to raw columns.

    Raises:
        SchemaDriftError: the catalogue names a cursor, key or PHI column the source does not have, or
            an incremental/append table has no usable key.
    """
    where = f"table {source.name}"
    warnings = [
        f"{where}: PHI policy names column {column}, which the source does not have"
        for column in spec.phi
        if source.column(column) is None
    ]
    key = spec.primary_key or source.primary_key
    for key_column in key:
        if source.column(key_column) is None:
            raise SchemaDriftError(f"{where}: primary key column {key_column} does not exist in the source")
    if spec.cursor and source.column(spec.cursor) is None:
        # an OpenDental version without the change column: compare by content instead of a cursor
        warnings.append(
            f"{where}: cursor column {spec.cursor} does not exist in the source; copied with strategy"
            " replace (content-compared key ranges) instead"
        )
        spec = dataclasses.replace(spec, strategy="replace", cursor=None)
    if spec.strategy in ("incremental", "append") and not key:
        raise SchemaDriftError(
            f'{where}: strategy {spec.strategy} needs a primary key; use strategy = "replace"'
        )
    if spec.strategy == "append":
        first = source.column(key[0])
        if len(key) != 1 or first is None or not first.data_type.endswith("int"):
            raise SchemaDriftError(f"{where}: strategy append needs a single integer primary key")
    raw: list[RawColumn] = []
    dropped: list[str] = []
    for column in source.columns:
        action = spec.phi_action(column.name)
        if column.name in key and action != "keep":
            raise SchemaDriftError(f"{where}: PHI policy {action} on key column {column.name} is not allowed")
        if action == "drop":
            dropped.append(column.name)
        elif action == "hash" and not hash_key_set:
            warnings.append(
                f"{where}: MDC_PHI_HASH_KEY is not set, so hashed column {column.name} is dropped"
            )
            dropped.append(column.name)
        elif action == "hash":
            raw.append(RawColumn(column.name, HASH_TYPE, column.nullable, "ascii_bin", "hash"))
        else:
            raw.append(_raw_column(column))
    for name, (ddl_type, sql) in spec.derived.items():
        if source.column(name) is not None:
            raise SchemaDriftError(f"{where}: derived column {name} has the name of a source column")
        raw.append(RawColumn(name, ddl_type, True, None, "plain", f"({sql})"))
    for warning in warnings:
        log.warning("%s", warning)
    return TablePlan(spec, source, tuple(raw), tuple(key), tuple(dropped), tuple(warnings))


def _raw_column(column: SourceColumn) -> RawColumn:
    transport: Transport = "plain"
    collation = None
    if column.data_type in STRING_TYPES:
        transport = "text"
        collation = _utf8mb4_collation(column.collation)
    elif column.data_type in BINARY_TYPES:
        transport = "hex"
    elif column.data_type == "float":
        transport = "float"  # travels as DOUBLE text: exact for every float32 value
    return RawColumn(column.name, column.column_type, column.nullable, collation, transport)


def _utf8mb4_collation(collation: str | None) -> str:
    if collation and (collation.endswith("_bin") or collation == "binary"):
        return "utf8mb4_bin"
    if collation and collation.startswith(("utf8mb4_", "utf8_", "utf8mb3_")):
        suffix = collation.split("_", 1)[1]
        if suffix in ("general_ci", "unicode_ci", "unicode_520_ci", "general_nopad_ci", "unicode_nopad_ci"):
            return f"utf8mb4_{suffix}"
    return "utf8mb4_general_ci"


# --- raw side ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RawTableShape:
    """What exists in the warehouse for one raw table."""

    columns: Mapping[str, tuple[str, bool]]  # name -> (normalised type, nullable)
    primary_key: tuple[str, ...]


@dataclass(frozen=True)
class SchemaChange:
    """What :func:`compare` found: statements to run and whether the table must be reloaded."""

    statements: tuple[str, ...]
    reload: bool
    notes: tuple[str, ...]


def read_raw_shapes(conn: Any, schema: str) -> dict[str, RawTableShape]:
    """Describe the existing tables of the raw schema."""
    with conn.cursor() as cur:
        cur.execute(
            "select table_name, column_name, column_type, is_nullable from information_schema.columns"
            " where table_schema = %s order by table_name, ordinal_position",
            (schema,),
        )
        rows = cur.fetchall()
        cur.execute(
            "select table_name, column_name from information_schema.statistics where table_schema = %s"
            " and index_name = 'PRIMARY' order by table_name, seq_in_index",
            (schema,),
        )
        keys = cur.fetchall()
    columns: dict[str, dict[str, tuple[str, bool]]] = {}
    for table, name, column_type, nullable in rows:
        columns.setdefault(table, {})[name] = (normalise_type(column_type), nullable == "YES")
    primary: dict[str, list[str]] = {}
    for table, name in keys:
        primary.setdefault(table, []).append(name)
    return {t: RawTableShape(c, tuple(primary.get(t, ()))) for t, c in columns.items()}


def create_statement(schema: str, plan: TablePlan) -> str:
    """CREATE TABLE for the raw table of ``plan`` (PK only: raw is a landing zone, not OLTP)."""
    lines = [c.ddl() for c in plan.columns]
    lines.append(f"{q(LOADED_AT)} datetime(6) NOT NULL")
    if plan.key:
        lines.append(f"PRIMARY KEY ({', '.join(q(k) for k in plan.key)})")
    body = ",\n  ".join(lines)
    return (
        f"CREATE TABLE {qualified(schema, plan.name)} (\n  {body}\n)"
        " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci"
    )


def compare(
    schema: str, plan: TablePlan, shape: RawTableShape, previous: Mapping[str, str] | None = None
) -> SchemaChange:
    """Compare the planned layout with the existing raw table.

    Raw mirrors the source's columns whatever the OpenDental version: new source columns are added
    (and the table reloaded so they hold the source's values); columns the source no longer has, or
    that the PHI policy now drops, are removed from raw; a column whose type changed, or whose policy
    switched between hash and keep, is rebuilt and the table reloaded. Each change is a note in the
    summary. Raw then equals what a first load of this source would create.

    Raises:
        SchemaDriftError: the primary key changed (raw is left untouched; ``--full-refresh`` rebuilds).
    """
    table = qualified(schema, plan.name)
    statements: list[str] = []
    notes: list[str] = []
    problems: list[str] = []
    reload = False
    expected = {c.name: c for c in plan.columns}
    before: str | None = None
    for column in plan.columns:
        current = shape.columns.get(column.name)
        position = f"AFTER {q(before)}" if before else "FIRST"
        before = column.name
        if current is None:
            statements.append(f"ALTER TABLE {table} ADD COLUMN {column.ddl()} {position}")
            notes.append(f"new column {plan.name}.{column.name} ({column.ddl_type}) added; table reloaded")
            reload = True
            continue
        raw_type = current[0]
        was = (previous or {}).get(column.name)
        switched = was is not None and (was == "hash") != (column.transport == "hash")
        if raw_type == normalise_type(column.ddl_type) and not switched:
            continue
        if switched or column.transport == "hash" or raw_type == HASH_TYPE:
            statements.append(f"ALTER TABLE {table} DROP COLUMN {q(column.name)}")
            statements.append(f"ALTER TABLE {table} ADD COLUMN {column.ddl()} {position}")
            notes.append(f"PHI policy of {plan.name}.{column.name} changed; column rebuilt, table reloaded")
            reload = True
            continue
        # a retyped column (an OpenDental upgrade) is rebuilt with the source's type and reloaded
        statements.append(f"ALTER TABLE {table} DROP COLUMN {q(column.name)}")
        statements.append(f"ALTER TABLE {table} ADD COLUMN {column.ddl()} {position}")
        notes.append(
            f"{plan.name}.{column.name} changed type in the source: raw had {raw_type}, now"
            f" {column.ddl_type}; column rebuilt, table reloaded"
        )
        reload = True
    for name in shape.columns:
        if name == LOADED_AT or name in expected:
            continue
        if name in plan.dropped:
            statements.append(f"ALTER TABLE {table} DROP COLUMN {q(name)}")
            notes.append(f"{plan.name}.{name} is now dropped by the PHI policy; removed from raw")
        else:  # raw mirrors the source: a full load now would not have it either (DECISIONLOG)
            statements.append(f"ALTER TABLE {table} DROP COLUMN {q(name)}")
            notes.append(f"{plan.name}.{name} no longer exists in the source; removed from raw")
    if tuple(shape.primary_key) != tuple(plan.key):
        problems.append(
            f"{plan.name}: primary key changed from {list(shape.primary_key)} to {list(plan.key)}"
        )
    if problems:
        raise SchemaDriftError(
            "; ".join(problems) + f". Rebuild raw with: mdc load --full-refresh --tables {plan.name}"
        )
    return SchemaChange(tuple(statements), reload, tuple(notes))


def plan_tables(
    names: Iterable[str], catalogue: Catalogue, sources: Mapping[str, SourceTable], *, hash_key_set: bool
) -> tuple[dict[str, TablePlan], dict[str, str]]:
    """Plan every table in ``names``; return (plans, errors by table)."""
    plans: dict[str, TablePlan] = {}
    errors: dict[str, str] = {}
    for name in names:
        source = sources.get(name.lower())
        if source is None:
            errors[name] = f"table {name} does not exist in the source database"
            continue
        try:
            spec = resolve_spec(name, catalogue, source)
            if spec.strategy == "skip":
                continue
            plans[spec.name] = plan_table(spec, source, hash_key_set=hash_key_set)
        except SchemaDriftError as exc:
            errors[name] = str(exc)
    return plans, errors
