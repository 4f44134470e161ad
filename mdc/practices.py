"""Several practices in one warehouse: the ``MDC_PRACTICES`` file and each practice's own settings.

``MDC_PRACTICES`` names a TOML file with one table per practice (docs/group.md)::

    [practices.north]
    name = "North Dental"
    source_url = "${NORTH_SOURCE_URL}"          # ${VAR}: read from the environment (keeps passwords out)
    replica_url = "mysql+pymysql://ro@10.0.0.9/opendental"   # optional
    vars = { active_patient_months = 24 }       # optional: dbt vars for this practice only

Each practice is built on its own, exactly as a single practice is, in its own schemas:

* raw:   ``<MDC_RAW_SCHEMA>_<id>`` (an exact copy of that practice's OpenDental database);
* marts: ``<MDC_DBT_SCHEMA>_<id>`` (and ``<MDC_DBT_SCHEMA>_<id>_staging``);
* group: ``<MDC_DBT_SCHEMA>`` holds the group models: every mart of every practice with ``practice_id``.

Without ``MDC_PRACTICES`` nothing here applies: one practice, the schemas as they always were.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from mdc.config import Settings

PRACTICE_ID = re.compile(r"^[A-Za-z0-9_]{1,24}$")
VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
KEYS = {"name", "source_url", "replica_url", "synth", "vars"}


class PracticesError(ValueError):
    """The ``MDC_PRACTICES`` file is missing or wrong; the message names the file and the practice."""


@dataclass(frozen=True)
class Practice:
    """One practice of the group: its slug, display name and OpenDental connection."""

    id: str
    name: str
    source_url: str
    replica_url: str = ""
    synth_scale: str = ""  # `mdc synth` only: the size of this synthetic practice (synth.SCALES)
    synth_seed: int | None = None  # `mdc synth` only: its random seed
    vars: Mapping[str, object] = field(default_factory=dict)  # dbt vars for this practice's builds only

    def settings(self, base: Settings) -> Settings:
        """``base`` pointed at this practice: its source, its raw schema and its mart schema."""
        return replace(
            base,
            source_url=self.source_url,
            source_replica_url=self.replica_url,
            raw_schema=f"{base.raw_schema}_{self.id}",
            dbt_schema=f"{base.dbt_schema}_{self.id}",
        )

    def environment(self, base: Mapping[str, str], settings: Settings) -> dict[str, str]:
        """The environment of a child ``mdc`` command that works on this practice alone."""
        own = self.settings(settings)
        env = {k: v for k, v in base.items() if k != "MDC_PRACTICES"}
        env.update(
            MDC_SOURCE_URL=own.source_url,
            MDC_SOURCE_REPLICA_URL=own.source_replica_url,
            MDC_RAW_SCHEMA=own.raw_schema,
            MDC_DBT_SCHEMA=own.dbt_schema,
            MDC_PRACTICE_ID=self.id,
        )
        return env


def practices_file(environ: Mapping[str, str] | None = None) -> Path | None:
    """The file ``MDC_PRACTICES`` names, or None when the variable is unset or empty (one practice)."""
    env = os.environ if environ is None else environ
    value = env.get("MDC_PRACTICES", "").strip()
    return Path(value).expanduser() if value else None


def read_practices(environ: Mapping[str, str] | None = None) -> list[Practice] | None:
    """The practices of ``MDC_PRACTICES`` in file order, or None without it.

    Raises:
        PracticesError: the file cannot be read, a practice misses a key, an id is not a slug, or a
            ``${VAR}`` it uses is not set.
    """
    env = os.environ if environ is None else environ
    path = practices_file(env)
    if path is None:
        return None
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PracticesError(f"MDC_PRACTICES: cannot read {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise PracticesError(f"MDC_PRACTICES: {path} is not valid TOML: {exc}") from None
    tables = document.get("practices")
    if not isinstance(tables, dict) or not tables:
        raise PracticesError(f"MDC_PRACTICES: {path} has no [practices.<id>] table")
    return [_practice(path, practice_id, table, env) for practice_id, table in tables.items()]


def select(practices: list[Practice], wanted: str | None) -> list[Practice]:
    """``practices``, or only the one whose id is ``wanted`` (``--practice``)."""
    if not wanted:
        return practices
    chosen = [p for p in practices if p.id == wanted]
    if not chosen:
        known = ", ".join(p.id for p in practices)
        raise PracticesError(f"--practice {wanted}: no such practice in MDC_PRACTICES (known: {known})")
    return chosen


def _practice(path: Path, practice_id: str, table: object, env: Mapping[str, str]) -> Practice:
    where = f"MDC_PRACTICES: {path}: [practices.{practice_id}]"
    if not PRACTICE_ID.match(practice_id):
        raise PracticesError(f"{where}: the id must be 1 to 24 letters, digits or underscores")
    if practice_id == "staging" or practice_id.endswith("_staging"):
        raise PracticesError(f"{where}: ids ending in 'staging' would share a schema with dbt's staging")
    if not isinstance(table, dict):
        raise PracticesError(f"{where}: expected a table of settings")
    unknown = sorted(set(table) - KEYS)
    if unknown:
        known = ", ".join(sorted(KEYS))
        raise PracticesError(f"{where}: unknown key(s) {', '.join(unknown)} (known: {known})")
    for key in ("name", "source_url"):
        if not isinstance(table.get(key), str) or not table[key].strip():
            raise PracticesError(f"{where}: '{key}' is required (a non-empty string)")
    dbt_vars = table.get("vars", {})
    if not isinstance(dbt_vars, dict):
        raise PracticesError(f"{where}: 'vars' takes dbt vars, e.g. {{ active_patient_months = 24 }}")
    synth = table.get("synth", {})
    if not isinstance(synth, dict) or set(synth) - {"scale", "seed"}:
        raise PracticesError(f"{where}: 'synth' takes scale and seed only")
    return Practice(
        id=practice_id,
        name=table["name"].strip(),
        source_url=_expand(table["source_url"], where, env),
        replica_url=_expand(str(table.get("replica_url", "")), where, env),
        synth_scale=str(synth.get("scale", "")),
        synth_seed=int(synth["seed"]) if "seed" in synth else None,
        vars=dbt_vars,
    )


def _expand(value: str, where: str, env: Mapping[str, str]) -> str:
    """Replace each ``${VAR}`` with the environment's value, so passwords stay out of the file."""

    def lookup(match: re.Match[str]) -> str:
        name = match.group(1)
        if not env.get(name):
            raise PracticesError(f"{where}: uses ${{{name}}}, which is not set in the environment")
        return env[name]

    return VARIABLE.sub(lookup, value.strip())
