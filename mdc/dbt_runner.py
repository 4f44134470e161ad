"""``mdc dbt ...``: run dbt on the project in ``dbt_project/`` with the MDC_* configuration applied.

Every argument after ``dbt`` goes to dbt unchanged (``mdc dbt build -s staging``, ``mdc dbt docs
generate``). dbt runs with ``dbt_project/`` as its working directory, so it finds ``dbt_project.yml``
and the ``profiles.yml`` beside it; that file is a copy of ``profiles.example.yml`` made on first use
(gitignored, yours to edit). The resolved MDC_* settings are exported to dbt, whose profile and
project read them with ``env_var``, so ``mdc dbt`` and a plain ``dbt`` run in ``dbt_project/`` agree.
``mdc dbt build`` and ``mdc dbt run`` end with a one-screen summary of the data-quality checks that found
something (``mart_data_quality``, see :mod:`mdc.data_quality`).

With ``MDC_PRACTICES`` (docs/group.md) a building command (build, run, test, seed, ...) runs once per
practice, ``--jobs N`` at a time (default 2; ``--practice ID`` for one), each into its own schemas and
target folder, and then once for the group layer (``models/group/``: every practice's marts, with
``practice_id``, in MDC_DBT_SCHEMA). A practice that fails does not stop the others; the exit code is 1
and the summary names it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mdc.config import Settings
    from mdc.practices import Practice

ACCEPTS_EXTRA_ARGS = True

REPO_ROOT = Path(__file__).resolve().parents[1]
PROJECT_DIR = REPO_ROOT / "dbt_project"
PROFILE_TEMPLATE = REPO_ROOT / "profiles.example.yml"
# dbt commands that build or read a practice's relations: with MDC_PRACTICES they run per practice.
PER_PRACTICE = {"build", "run", "test", "seed", "snapshot", "compile", "show", "source", "retry"}
# ...and of those, the ones that then build or test the group layer.
GROUP_STEP = {"build", "run", "test", "seed", "compile"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Describe the pass-through usage; dbt itself parses the arguments."""
    parser.usage = "mdc dbt DBT_COMMAND [DBT_OPTIONS ...]"
    parser.epilog = (
        "examples: mdc dbt build | mdc dbt build -s staging | mdc dbt docs generate | mdc dbt debug\n"
        "Relative paths in dbt options are relative to dbt_project/."
    )
    parser.formatter_class = argparse.RawDescriptionHelpFormatter


def ensure_profile(project_dir: Path = PROJECT_DIR, template: Path = PROFILE_TEMPLATE) -> Path:
    """Return ``project_dir/profiles.yml``, copying ``template`` there first if it is missing.

    An existing file is never overwritten: it may hold the user's own edits.
    """
    profile = project_dir / "profiles.yml"
    if not profile.exists():
        # Copy then rename, so a dbt started meanwhile never reads a half-written file.
        partial = profile.with_name(f".profiles.yml.{os.getpid()}")
        shutil.copyfile(template, partial)
        os.replace(partial, profile)
        print(f"mdc dbt: created {profile} from {template.name} (edit it freely; it is gitignored)")
    return profile


def dbt_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for dbt: ``base`` (default ``os.environ``) with the resolved MDC_* settings.

    Defaults are written out explicitly so that an empty variable means the same to dbt's
    ``env_var`` as it does to :func:`mdc.config.settings`.
    """
    from mdc.config import settings

    env = dict(os.environ if base is None else base)
    resolved = settings(env)
    env["MDC_WAREHOUSE_URL"] = resolved.warehouse_url
    env["MDC_RAW_SCHEMA"] = resolved.raw_schema
    env["MDC_DBT_SCHEMA"] = resolved.dbt_schema
    env.setdefault("DBT_PROFILES_DIR", str(PROJECT_DIR))
    env.setdefault("DO_NOT_TRACK", "1")
    return env


def dbt_executable() -> str:
    """The ``dbt`` installed next to this Python (the project venv), else the one on PATH."""
    beside = Path(sys.executable).with_name("dbt")
    if beside.exists():
        return str(beside)
    found = shutil.which("dbt")
    if found is None:
        raise FileNotFoundError("dbt is not installed: run `make setup`")
    return found


def run(args: argparse.Namespace) -> int:
    """Run dbt with ``args.extra`` in ``dbt_project/``; return dbt's exit code."""
    from mdc.practices import read_practices

    if not (PROJECT_DIR / "dbt_project.yml").exists():
        print(f"mdc dbt: no dbt project at {PROJECT_DIR}", file=sys.stderr)
        return 2
    try:
        practices = read_practices()
        env = dbt_environment()
    except ValueError as exc:
        print(f"mdc dbt: {exc}", file=sys.stderr)
        return 2
    if env["DBT_PROFILES_DIR"] == str(PROJECT_DIR):
        ensure_profile()
    if practices is not None:
        return run_group(list(args.extra), practices)
    command = [dbt_executable(), *args.extra]
    code = subprocess.run(command, cwd=PROJECT_DIR, env=env, check=False).returncode
    if args.extra[:1] in (["build"], ["run"]) and "--help" not in args.extra:
        # The build measured the practice's data: end with what it found (mart_data_quality).
        from mdc.data_quality import latest_summary

        print("\n".join(latest_summary()))
    return code


def _take_option(extra: list[str], name: str) -> str | None:
    """Remove ``name VALUE`` (or ``name=VALUE``) from ``extra``; return VALUE (None when absent)."""
    for i, item in enumerate(extra):
        if item == name and i + 1 < len(extra):
            value = extra[i + 1]
            del extra[i : i + 2]
            return value
        if item.startswith(name + "="):
            del extra[i]
            return item.split("=", 1)[1]
    return None


def with_vars(extra: list[str], practice_vars: Mapping[str, object]) -> list[str]:
    """``extra`` with the practice's dbt vars merged into ``--vars`` (the command line's own win)."""
    if not practice_vars:
        return list(extra)
    import yaml

    arguments = list(extra)
    given = _take_option(arguments, "--vars")
    merged = {**practice_vars, **(yaml.safe_load(given) or {} if given else {})}
    return [*arguments, "--vars", json.dumps(merged, default=str)]


def any_practice_built(practices: list[Practice], config: Settings) -> bool:
    """True when some practice's marts exist: the group layer's views need one to take their columns from."""
    from mdc.connections import DatabaseError, Endpoint, open_connection

    schemas = [practice.settings(config).dbt_schema for practice in practices]
    try:
        with open_connection(Endpoint(config.warehouse_url, "warehouse"), attempts=1) as conn, \
                conn.cursor() as cur:
            cur.execute("select count(*) from information_schema.tables where table_name = 'dim_date'"
                        f" and table_schema in ({', '.join(['%s'] * len(schemas))})", schemas)
            row = cur.fetchone()
    except DatabaseError:
        return True  # let dbt report the connection problem itself
    return bool(row and row[0])


def group_environment(practices: list[Practice], base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of the group step: MDC_DBT_SCHEMA as configured, the practices as JSON."""
    env = dbt_environment(base)
    env["MDC_GROUP_PRACTICES"] = json.dumps([{"id": p.id, "name": p.name} for p in practices])
    return env


def run_group(extra: list[str], practices: list[Practice]) -> int:
    """``mdc dbt`` with MDC_PRACTICES: each practice on its own, then the group layer."""
    from mdc.config import settings
    from mdc.data_quality import latest_summary
    from mdc.fanout import report, run_per_practice
    from mdc.practices import PracticesError, select

    try:
        chosen = select(practices, _take_option(extra, "--practice"))
        jobs = int(_take_option(extra, "--jobs") or 2)
    except (PracticesError, ValueError) as exc:
        print(f"mdc dbt: {exc}", file=sys.stderr)
        return 2
    command = next((item for item in extra if not item.startswith("-")), "")
    base = {k: v for k, v in os.environ.items() if k != "MDC_GROUP_PRACTICES"}
    target = base.get("DBT_TARGET_PATH", "target")
    logs = base.get("DBT_LOG_PATH", "logs")
    config = settings(base)
    if command not in PER_PRACTICE or "--help" in extra:
        # deps, debug, parse, ls, docs ...: the project is the same for every practice; run it once.
        return subprocess.run([dbt_executable(), *extra], cwd=PROJECT_DIR, env=dbt_environment(base),
                              check=False).returncode

    def practice_command(practice: Practice) -> tuple[list[str], dict[str, str]]:
        env = dbt_environment(practice.environment(base, config))
        arguments = with_vars(extra, practice.vars)
        env.setdefault("DBT_USE_COLORS", "false")  # lines are prefixed and interleaved: no escapes
        env["DBT_TARGET_PATH"] = f"{target}/practices/{practice.id}"
        env["DBT_LOG_PATH"] = f"{logs}/practices/{practice.id}"
        return [dbt_executable(), *arguments], env

    runs = run_per_practice(chosen, practice_command, jobs=jobs, cwd=PROJECT_DIR)
    if command in ("build", "run"):
        for practice in chosen:
            for line in latest_summary(practice.settings(config).dbt_schema):
                print(f"[{practice.id}] {line}")
    code = report(f"mdc dbt {command}", runs)
    if command in GROUP_STEP and not any_practice_built(practices, config):
        print(f"mdc dbt {command}: no practice is built yet, so the group layer waits for the first one",
              flush=True)
    elif command in GROUP_STEP:
        env = group_environment(practices, base)
        env["DBT_TARGET_PATH"] = f"{target}/group"
        env["DBT_LOG_PATH"] = f"{logs}/group"
        print(f"mdc dbt {command}: the group layer in {config.dbt_schema} ({len(practices)} practices)",
              flush=True)
        group = subprocess.run([dbt_executable(), *extra], cwd=PROJECT_DIR, env=env, check=False).returncode
        if group != 0:
            print(f"mdc dbt {command}: the group layer failed (exit {group})", flush=True)
            code = 1
    return code
