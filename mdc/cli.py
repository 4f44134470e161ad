"""The ``mdc`` command: one entry point, one subcommand per job.

Each subcommand lives in its own module, which exposes ``add_arguments(parser)`` and
``run(args) -> int``. Those modules import heavy libraries (dlt, dbt) inside ``run`` only, so
``mdc --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# name -> (module, one-line help). Order is the order shown by ``mdc --help``.
COMMANDS: dict[str, tuple[str, str]] = {
    "synth": ("synth.command", "create or advance a synthetic OpenDental practice (source database)"),
    "doctor": ("mdc.doctor", "check connections, privileges and server settings; say what to fix"),
    "load": ("loaders.opendental_pipeline", "copy OpenDental tables into the raw schema (incremental)"),
    "dbt": ("mdc.dbt_runner", "run any dbt command with the MDC_* configuration applied"),
    "dashboard": ("mdc.dashboard", "serve the dashboards on 127.0.0.1 (reads only the marts)"),
    "indexes": ("mdc.indexes", "report, create, analyze or drop warehouse indexes (dry-run drops)"),
}


def build_parser() -> argparse.ArgumentParser:
    """Build the top-level parser with every registered subcommand."""
    parser = argparse.ArgumentParser(
        prog="mdc",
        description=(
            "MDC Analytics: copy an OpenDental database into an analytics warehouse and model it.\n"
            "Configuration comes from MDC_* environment variables (see README)."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(_module=module_name)
        importlib.import_module(module_name).add_arguments(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the chosen subcommand; return its exit code."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    module = importlib.import_module(args._module)
    if extra and not getattr(module, "ACCEPTS_EXTRA_ARGS", False):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.extra = extra
    return int(module.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
