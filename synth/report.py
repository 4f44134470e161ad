"""What a synth run did: rows per table, inserts/updates/deletes, time taken."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

BIG_TABLES = (
    "patient",
    "appointment",
    "histappointment",
    "procedurelog",
    "claim",
    "claimproc",
    "payment",
    "paysplit",
    "adjustment",
    "securitylog",
    "commlog",
)


@dataclass
class SynthReport:
    """Summary of ``create_practice`` / ``advance_practice``.

    Attributes:
        database: the source database written.
        scale: the scale built (or of the database advanced, when known).
        seed: the random seed used.
        first_day / last_day: the simulated days of this run.
        rows: rows per table after the run (all 57 tables).
        inserted / updated / deleted: rows this run wrote per table (updated and deleted are only
            non-zero when advancing an existing database; a build writes every row once).
        deleted_in_history: rows the simulated practice created and hard-deleted before they were
            written (a build's appointments, claims, ... that only histappointment/securitylog remember).
        aging_rows_changed: patient rows the final aging run changed.
        events: counts of notable simulated events.
        seconds: wall-clock time of the run.
    """

    database: str
    scale: str
    seed: int
    first_day: dt.date
    last_day: dt.date
    rows: dict[str, int] = field(default_factory=dict)
    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    deleted_in_history: dict[str, int] = field(default_factory=dict)
    aging_rows_changed: int = 0
    events: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        """A short human-readable summary (no credentials)."""
        lines = [
            f"database {self.database}: scale {self.scale}, seed {self.seed}, "
            f"simulated {self.first_day} .. {self.last_day} in {self.seconds:.1f} s"
        ]
        lines.append("  " + ", ".join(f"{name} {self.rows.get(name, 0):,}" for name in BIG_TABLES))
        changes = [
            f"{verb} {sum(counts.values()):,}"
            for verb, counts in (
                ("inserted", self.inserted),
                ("updated", self.updated),
                ("deleted", self.deleted),
            )
            if counts
        ]
        lines.append(f"  rows {', '.join(changes)}; aging changed {self.aging_rows_changed:,} patient rows")
        return "\n".join(lines)
