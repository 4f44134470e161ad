"""``mdc dbt ...``: run dbt on the project in ``dbt_project/`` with the MDC_* configuration applied.

Every argument after ``dbt`` goes to dbt unchanged (``mdc dbt build -s staging``, ``mdc dbt docs
generate``). dbt runs with ``dbt_project/`` as its working directory, so it finds ``dbt_project.yml``
and the ``profiles.yml`` beside it; that file is a copy of ``profiles.example.yml`` made on first use
(gitignored, yours to edit). The resolved MDC_* settings are exported to dbt, whose profile and
project read them with ``env_var``, so ``mdc dbt`` and a plain ``dbt`` run in ``dbt_project/`` agree.
``mdc dbt build`` and ``mdc dbt run`` end with a one-screen summary of the data-quality checks that found
something (``mart_data_quality``, see :mod:`mdc.data_quality`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ACCEPTS_EXTRA_ARGS = True

REPO_ROOT = Path(__file__).resolve().parents[1]
PROJECT_DIR = REPO_ROOT / "dbt_project"
PROFILE_TEMPLATE = REPO_ROOT / "profiles.example.yml"


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
    if not (PROJECT_DIR / "dbt_project.yml").exists():
        print(f"mdc dbt: no dbt project at {PROJECT_DIR}", file=sys.stderr)
        return 2
    env = dbt_environment()
    if env["DBT_PROFILES_DIR"] == str(PROJECT_DIR):
        ensure_profile()
    command = [dbt_executable(), *args.extra]
    code = subprocess.run(command, cwd=PROJECT_DIR, env=env, check=False).returncode
    if args.extra[:1] in (["build"], ["run"]) and "--help" not in args.extra:
        # The build measured the practice's data: end with what it found (mart_data_quality).
        from mdc.data_quality import latest_summary

        print("\n".join(latest_summary()))
    return code
