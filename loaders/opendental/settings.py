"""The table catalogue: ``tables.toml`` plus the user's overrides, validated into :class:`TableSpec`.

The catalogue is data. This module only reads it, merges the file named by ``MDC_CATALOGUE`` over
the packaged one, checks every value, and picks a strategy for tables the catalogue does not list.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

CATALOGUE_PATH = Path(__file__).with_name("tables.toml")

Strategy = Literal["incremental", "append", "replace", "skip"]
Deletes = Literal["reconcile", "none"]
PhiAction = Literal["drop", "hash", "keep"]

STRATEGIES: tuple[str, ...] = ("incremental", "append", "replace", "skip")
DELETES: tuple[str, ...] = ("reconcile", "none")
PHI_ACTIONS: tuple[str, ...] = ("drop", "hash", "keep")
# `indexes` (secondary indexes of the raw table) is read and checked by raw_indexes.py.
TABLE_KEYS = {
    "strategy", "cursor", "deletes", "chunk_size", "lag_seconds", "primary_key", "phi", "indexes", "derived",
}
DEFAULT_KEYS = TABLE_KEYS - {"cursor", "primary_key", "phi", "indexes", "derived"}
# Types a derived column may have in raw (its SQL runs in the source SELECT).
DERIVED_TYPES: tuple[str, ...] = ("smallint", "int", "bigint", "date", "varchar(32)")
# Auto-updated change columns, most specific first (see docs/etl.md).
CURSOR_CANDIDATES = ("SecDateTEdit", "DateTStamp", "DateTimeEntry")


class CatalogueError(ValueError):
    """The catalogue (packaged or user override) has an invalid entry."""


@dataclass(frozen=True)
class TableSpec:
    """How one table is loaded."""

    name: str
    strategy: Strategy
    cursor: str | None = None
    deletes: Deletes = "reconcile"
    chunk_size: int = 50_000
    lag_seconds: int = 900
    primary_key: tuple[str, ...] | None = None  # None: take the source table's primary key
    phi: Mapping[str, PhiAction] = field(default_factory=dict)
    # name -> (raw type, SQL over the source row): computed at the source, e.g. a band from a PHI
    # column the policy drops, so the protected value itself is never copied.
    derived: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    listed: bool = True  # False: not in the catalogue, strategy picked from the columns

    def phi_action(self, column: str) -> PhiAction:
        """The PHI policy for ``column`` (keep unless the catalogue says otherwise)."""
        return self.phi.get(column, "keep")


@dataclass(frozen=True)
class Catalogue:
    """All table specs plus the defaults used for tables added by name."""

    tables: Mapping[str, TableSpec]
    defaults: Mapping[str, Any]
    sources: tuple[str, ...]  # files read, for messages

    def spec(self, table: str) -> TableSpec | None:
        """The catalogue entry for ``table`` (case-insensitive), or None."""
        return self.tables.get(table.lower())

    def loadable(self) -> list[str]:
        """Names of catalogue tables that are not skipped, in catalogue order."""
        return [name for name, spec in self.tables.items() if spec.strategy != "skip"]


def load_catalogue(override: str | Path | None = None, base: Path = CATALOGUE_PATH) -> Catalogue:
    """Read the packaged catalogue and merge ``override`` (the MDC_CATALOGUE file) over it.

    In the override, ``[defaults]`` keys replace the packaged defaults, and each ``[tables.X]`` entry
    replaces the keys it sets; its ``phi`` table is merged column by column.

    Raises:
        CatalogueError: unreadable file, unknown key, or an invalid value (the message names the file,
            the table and the key).
    """
    data = _read(base)
    sources = [str(base)]
    if override:
        path = Path(override)
        if not path.is_file():
            raise CatalogueError(f"MDC_CATALOGUE names {path}, which does not exist")
        extra = _read(path)
        sources.append(str(path))
        unknown = set(extra) - {"defaults", "tables"}
        if unknown:
            raise CatalogueError(
                f"{path}: unknown section(s) {sorted(unknown)}; use [defaults] and [tables.NAME]"
            )
        data = _merge(data, extra)
    defaults = dict(data.get("defaults", {}))
    bad = set(defaults) - DEFAULT_KEYS
    if bad:
        raise CatalogueError(f"{sources[-1]}: unknown key(s) {sorted(bad)} in [defaults]")
    tables = {
        name.lower(): _spec(name.lower(), entry, defaults, " + ".join(sources))
        for name, entry in data.get("tables", {}).items()
    }
    return Catalogue(tables=tables, defaults=defaults, sources=tuple(sources))


def auto_spec(
    name: str,
    columns: Mapping[str, str],
    primary_key: tuple[str, ...],
    defaults: Mapping[str, Any],
    *,
    on_update_columns: tuple[str, ...] = (),
) -> TableSpec:
    """Pick a strategy for a table that the catalogue does not list.

    Args:
        name: table name.
        columns: column name -> MySQL data type (e.g. ``timestamp``).
        primary_key: the source table's primary key columns.
        defaults: catalogue defaults (chunk size, lag).
        on_update_columns: columns declared ``ON UPDATE CURRENT_TIMESTAMP``.

    Returns:
        ``incremental`` on an auto-updated timestamp column when the table has a single-column primary
        key (with key reconciliation for deletes); otherwise ``replace`` (exact by construction).
    """
    cursor = next((c for c in CURSOR_CANDIDATES if columns.get(c) == "timestamp"), None)
    if cursor is None and on_update_columns:
        cursor = on_update_columns[0]
    single_key = len(primary_key) == 1
    chunk = int(defaults.get("chunk_size", 50_000))
    lag = int(defaults.get("lag_seconds", 900))
    if cursor and single_key:
        return TableSpec(
            name,
            "incremental",
            cursor=cursor,
            deletes="reconcile",
            chunk_size=chunk,
            lag_seconds=lag,
            listed=False,
        )
    return TableSpec(name, "replace", chunk_size=chunk, lag_seconds=lag, listed=False)


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{path}: not valid TOML: {exc}") from exc


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = {
        "defaults": {**base.get("defaults", {}), **extra.get("defaults", {})},
        "tables": {k.lower(): dict(v) for k, v in base.get("tables", {}).items()},
    }
    for name, entry in extra.get("tables", {}).items():
        if not isinstance(entry, dict):
            raise CatalogueError(f"[tables.{name}] must be a table of keys")
        current = merged["tables"].setdefault(name.lower(), {})
        phi = {**current.get("phi", {}), **entry.get("phi", {})}
        current.update(entry)
        if phi:
            current["phi"] = phi
    return merged


def _spec(name: str, entry: Mapping[str, Any], defaults: Mapping[str, Any], where: str) -> TableSpec:
    def fail(message: str) -> CatalogueError:
        return CatalogueError(f"{where}: [tables.{name}] {message}")

    unknown = set(entry) - TABLE_KEYS
    if unknown:
        raise fail(f"unknown key(s) {sorted(unknown)}; allowed: {sorted(TABLE_KEYS)}")
    values = {**defaults, **entry}
    strategy = values.get("strategy", "incremental")
    if strategy not in STRATEGIES:
        raise fail(f"strategy = {strategy!r}; use one of {', '.join(STRATEGIES)}")
    deletes = values.get("deletes", "reconcile")
    if deletes not in DELETES:
        raise fail(f"deletes = {deletes!r}; use one of {', '.join(DELETES)}")
    cursor = entry.get("cursor")
    if strategy == "incremental" and not cursor:
        raise fail("strategy 'incremental' needs cursor = \"<auto-updated column>\"")
    if cursor is not None and not isinstance(cursor, str):
        raise fail(f"cursor = {cursor!r} must be a column name")
    chunk = values.get("chunk_size", 50_000)
    lag = values.get("lag_seconds", 900)
    if not isinstance(chunk, int) or chunk < 100:
        raise fail(f"chunk_size = {chunk!r} must be an integer >= 100")
    if not isinstance(lag, int) or lag < 0:
        raise fail(f"lag_seconds = {lag!r} must be a non-negative integer (seconds)")
    key = entry.get("primary_key")
    if key is not None and (not isinstance(key, list) or not key or not all(isinstance(k, str) for k in key)):
        raise fail(f"primary_key = {key!r} must be a non-empty list of column names")
    phi = entry.get("phi", {})
    if not isinstance(phi, dict):
        raise fail('phi must be a table of column = "drop" | "hash" | "keep"')
    for column, action in phi.items():
        if action not in PHI_ACTIONS:
            raise fail(f"phi.{column} = {action!r}; use one of {', '.join(PHI_ACTIONS)}")
    derived = entry.get("derived", {})
    if not isinstance(derived, dict):
        raise fail('derived must be a table of column = { type = "...", sql = "..." }')
    for column, spec in derived.items():
        if not (isinstance(spec, dict) and set(spec) == {"type", "sql"} and spec["type"] in DERIVED_TYPES
                and isinstance(spec["sql"], str) and spec["sql"].strip()):
            raise fail(f"derived.{column} needs type (one of {', '.join(DERIVED_TYPES)}) and sql")
    return TableSpec(
        name=name,
        strategy=cast(Strategy, strategy),
        cursor=cursor,
        deletes=cast(Deletes, deletes),
        chunk_size=chunk,
        lag_seconds=lag,
        primary_key=tuple(key) if key else None,
        phi={str(c): cast(PhiAction, a) for c, a in phi.items()},
        derived={str(c): (str(d["type"]), str(d["sql"])) for c, d in derived.items()},
    )
