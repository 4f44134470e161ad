"""The simulation's view of the database: rows held in memory until they stop changing.

OpenDental inserts a row, updates it as the practice works (bumping the row's TIMESTAMP column)
and sometimes hard-deletes it. The store mirrors that:

* ``insert`` / ``update`` / ``delete`` keep the row's change column (DateTStamp, SecDateTEdit, ...)
  equal to the simulated time of its last change, and never let it go backwards;
* when building a practice, a row is *held* until the simulation says it is final (``hold``), then
  written once, in bulk; rows deleted before that are never written (only history tables such as
  histappointment remember them);
* when advancing an existing practice, rows read from the database are *adopted*; at the end new
  rows are inserted, changed ones updated (only the columns that changed, plus the change column)
  and deleted ones hard-deleted.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from pymysql.connections import Connection

from .ddl import table_defs
from .writer import BulkWriter, Row, with_blanks

FOREVER = dt.date.max
ONE_SECOND = dt.timedelta(seconds=1)

# Insert-time columns OpenDental stamps with the server clock (date or datetime), per table.
INSERT_STAMPS: dict[str, tuple[tuple[str, str], ...]] = {
    "patient": (("SecDateEntry", "date"),),
    "appointment": (("SecDateTEntry", "datetime"),),
    "histappointment": (("HistDateTStamp", "datetime"),),
    "procedurelog": (("SecDateEntry", "datetime"),),
    "claim": (("SecDateEntry", "date"),),
    "claimproc": (("SecDateEntry", "date"),),
    "claimpayment": (("SecDateEntry", "date"),),
    "claimsnapshot": (("DateTEntry", "datetime"),),
    "payment": (("DateEntry", "date"),),
    "paysplit": (("DateEntry", "date"),),
    "adjustment": (("DateEntry", "date"),),
    "insplan": (("SecDateEntry", "date"),),
    "inssub": (("SecDateEntry", "date"),),
    "patplan": (("SecDateTEntry", "datetime"),),
    "carrier": (("SecDateEntry", "date"),),
    "benefit": (("SecDateTEntry", "datetime"),),
    "fee": (("SecDateEntry", "date"),),
    "feesched": (("SecDateEntry", "date"),),
    "commlog": (("DateTEntry", "datetime"),),
    "treatplan": (("SecDateEntry", "date"),),
    "proctp": (("SecDateEntry", "date"),),
    "securitylog": (("LogDateTime", "datetime"),),
    "entrylog": (("EntryDateTime", "datetime"),),
    "payplancharge": (("SecDateTEntry", "datetime"),),
    "payplanlink": (("SecDateTEntry", "datetime"),),
    "procnote": (("EntryDateTime", "datetime"),),
    "patientnote": (("SecDateTEntry", "datetime"),),
    "insverify": (("DateTimeEntry", "datetime"),),
}


# Tables whose new rows are written as they are (never read back by the simulation): their rows are
# not completed with blank columns in memory; the writer fills them.
WRITE_ONLY = frozenset(
    {
        "securitylog",
        "securityloghash",
        "histappointment",
        "entrylog",
        "procnote",
        "commlog",
        "claimsnapshot",
        "insverifyhist",
        "statementprod",
        "procgroupitem",
        "claimtracking",
        "proctp",
    }
)


class Store:
    """Rows of the simulated practice, with OpenDental's insert/update/delete semantics.

    Args:
        writer: where final rows go (bulk LOAD DATA).
        connection: used for UPDATE/DELETE of adopted rows when advancing.
        keep_all: hold every row until :meth:`finish` (advance mode) instead of releasing rows
            as soon as they are final (build mode).
    """

    def __init__(self, writer: BulkWriter, connection: Connection, *, keep_all: bool) -> None:
        self.writer = writer
        self.connection = connection
        self.keep_all = keep_all
        self.defs = table_defs()
        self._stamp = {
            name: (t.timestamp_columns[0] if t.timestamp_columns else None) for name, t in self.defs.items()
        }
        self._held: dict[str, dict[int, Row]] = defaultdict(dict)
        self._hold_until: dict[tuple[str, int], dt.date] = {}
        self._due: dict[dt.date, list[tuple[str, int]]] = defaultdict(list)
        self._next: dict[str, int] = defaultdict(lambda: 1)
        self._adopted: set[tuple[str, int]] = set()
        self._dirty: dict[tuple[str, int], set[str]] = {}
        self._deleted: dict[str, list[int]] = defaultdict(list)
        self.inserted: dict[str, int] = defaultdict(int)
        self.updated: dict[str, int] = defaultdict(int)
        self.deleted: dict[str, int] = defaultdict(int)
        self.dropped: dict[str, int] = defaultdict(int)
        self._plans: dict[str, tuple[str, str | None, tuple[tuple[str, str], ...], Row]] = {}
        self._column_sets: dict[str, set[str]] = {}

    # ---- keys ---------------------------------------------------------------------------------

    def next_key(self, table: str, gap: int = 0) -> int:
        """Reserve the next primary key of ``table`` (after skipping ``gap`` numbers)."""
        key = self._next[table] + gap
        self._next[table] = key + 1
        return key

    def start_keys_after(self, table: str, highest: int) -> None:
        """Make new keys of ``table`` start after ``highest`` (the largest key already stored)."""
        self._next[table] = max(self._next[table], highest + 1)

    # ---- reading ------------------------------------------------------------------------------

    def get(self, table: str, key: int) -> Row:
        """The held row ``key`` of ``table``; raise a clear error if it was already written."""
        try:
            return self._held[table][key]
        except KeyError:
            raise KeyError(
                f"{table} row {self.defs[table].primary_key}={key} is not held "
                "(never created, already written or deleted)"
            ) from None

    def is_adopted(self, table: str, key: int) -> bool:
        """Whether the row was read from the database (advance mode)."""
        return (table, key) in self._adopted

    def has(self, table: str, key: int) -> bool:
        """Whether row ``key`` of ``table`` is held (and so may still change)."""
        return key in self._held[table]

    def rows(self, table: str) -> list[Row]:
        """All held rows of ``table`` in key order."""
        held = self._held[table]
        return [held[key] for key in sorted(held)]

    # ---- writing ------------------------------------------------------------------------------

    def insert(self, table: str, row: Row, when: dt.datetime, hold: dt.date | None = None) -> Row:
        """Add a new row created at ``when``; it is written once the simulation passes ``hold``.

        The primary key is assigned when missing; the change column and the insert-time columns
        are stamped with ``when`` unless the caller set them.
        """
        key_name, stamp, entries, blanks = self._insert_plan(table)
        if table not in WRITE_ONLY:
            row = {**blanks, **row}
        key = row.get(key_name)
        if key is None:
            key = row[key_name] = self.next_key(table)
        held = self._held[table]
        if key in held:
            raise ValueError(f"{table} row {key_name}={key} inserted twice")
        if stamp and stamp not in row:
            row[stamp] = when
        for column, kind in entries:
            if column not in row:
                row[column] = when.date() if kind == "date" else when
        held[key] = row
        until = hold or when.date()
        self._hold_until[(table, key)] = until
        if until != FOREVER:
            self._due[until].append((table, key))
        return row

    def _insert_plan(self, table: str) -> tuple[str, str | None, tuple[tuple[str, str], ...], Row]:
        plan = self._plans.get(table)
        if plan is None:
            blanks = {
                name: value
                for name, value in with_blanks(table, {}).items()
                if name not in self._entry_columns(table)
            }
            plan = self._plans[table] = (
                self.defs[table].primary_key,
                self._stamp[table],
                INSERT_STAMPS.get(table, ()),
                blanks,
            )
        return plan

    @staticmethod
    def _entry_columns(table: str) -> set[str]:
        return {column for column, _kind in INSERT_STAMPS.get(table, ())}

    def update(self, table: str, key: int, when: dt.datetime, **changes: Any) -> Row:
        """Change columns of a held row at ``when``; bump its change column if anything changed."""
        row = self.get(table, key)
        changed = [name for name, value in changes.items() if row.get(name, _ABSENT) != value]
        if not changed:
            return row
        unknown = [name for name in changed if name not in self._columns(table)]
        if unknown:
            raise ValueError(f"{table} row {key}: no column {unknown[0]}")
        for name in changed:
            row[name] = changes[name]
        stamp = self._stamp[table]
        if stamp:
            previous = row.get(stamp)
            row[stamp] = when if previous is None or when > previous else previous + ONE_SECOND
            changed.append(stamp)
        if (table, key) in self._adopted:
            self._dirty.setdefault((table, key), set()).update(changed)
        return row

    def hold(self, table: str, key: int, until: dt.date) -> None:
        """Keep row ``key`` in memory (changeable) at least until the end of day ``until``."""
        current = self._hold_until.get((table, key))
        if current is not None and current >= until:
            return
        self._hold_until[(table, key)] = until
        if until != FOREVER:
            self._due[until].append((table, key))

    def settle(self, table: str, key: int, day: dt.date) -> None:
        """The row will not change after day ``day``: write it then (build mode)."""
        if (table, key) not in self._hold_until or (table, key) in self._adopted:
            return
        self._hold_until[(table, key)] = day
        self._due[day].append((table, key))

    def delete(self, table: str, key: int) -> Row:
        """Hard-delete a held row (OpenDental's DELETE); return its last state."""
        row = self._held[table].pop(key, None)
        if row is None:
            raise KeyError(f"cannot delete {table} row {key}: it is not held")
        self._hold_until.pop((table, key), None)
        if (table, key) in self._adopted:
            self._adopted.discard((table, key))
            self._dirty.pop((table, key), None)
            self._deleted[table].append(key)
        else:
            self.dropped[table] += 1
        return row

    def adopt(self, table: str, rows: list[Row]) -> None:
        """Hold rows read from the database so the simulation can change or delete them."""
        key_name = self.defs[table].primary_key
        for row in rows:
            key = row[key_name]
            self._held[table][key] = row
            self._adopted.add((table, key))
            self._hold_until[(table, key)] = FOREVER

    def release_through(self, day: dt.date) -> None:
        """Write every row whose hold ended on or before ``day`` (build mode only)."""
        if self.keep_all:
            return
        for until in sorted(d for d in self._due if d <= day):
            for table, key in self._due.pop(until):
                if self._hold_until.get((table, key)) != until:
                    continue  # held longer since, or deleted
                del self._hold_until[(table, key)]
                self._write_new(table, self._held[table].pop(key))

    def finish(self) -> None:
        """Write everything still held: inserts, then updates and deletes of adopted rows."""
        updates = self._collect_updates()
        for table in list(self._held):
            held = self._held[table]
            for key in sorted(held):
                if (table, key) not in self._adopted:
                    self._write_new(table, held[key])
            held.clear()
        self.writer.close()
        self._apply_updates(updates)
        self._write_deletes()
        self._hold_until.clear()
        self._due.clear()

    # ---- internals ----------------------------------------------------------------------------

    def _columns(self, table: str) -> set[str]:
        columns = self._column_sets.get(table)
        if columns is None:
            columns = self._column_sets[table] = {column.name for column in self.defs[table].columns}
        return columns

    def _write_new(self, table: str, row: Row) -> None:
        self.writer.add(table, row)
        self.inserted[table] += 1

    def _collect_updates(self) -> dict[tuple[str, tuple[str, ...]], list[tuple[Any, ...]]]:
        statements: dict[tuple[str, tuple[str, ...]], list[tuple[Any, ...]]] = defaultdict(list)
        for (table, key), columns in sorted(self._dirty.items()):
            row = self._held[table][key]
            names = tuple(sorted(columns))
            statements[(table, names)].append(tuple(row[name] for name in names) + (key,))
            self.updated[table] += 1
        self._dirty.clear()
        return statements

    def _apply_updates(self, statements: dict[tuple[str, tuple[str, ...]], list[tuple[Any, ...]]]) -> None:
        with self.connection.cursor() as cursor:
            for (table, names), params in statements.items():
                assignments = ", ".join(f"`{name}`=%s" for name in names)
                key_name = self.defs[table].primary_key
                cursor.executemany(f"UPDATE `{table}` SET {assignments} WHERE `{key_name}`=%s", params)

    def _write_deletes(self) -> None:
        with self.connection.cursor() as cursor:
            for table, keys in sorted(self._deleted.items()):
                key_name = self.defs[table].primary_key
                for start in range(0, len(keys), 1000):
                    chunk = keys[start : start + 1000]
                    marks = ",".join(["%s"] * len(chunk))
                    cursor.execute(f"DELETE FROM `{table}` WHERE `{key_name}` IN ({marks})", chunk)
                self.deleted[table] += len(keys)
        self._deleted.clear()


_ABSENT = object()
