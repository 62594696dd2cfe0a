"""The ``tracecode`` command line: a contract other programs script against.

Subcommands: ``parse``, ``validate``, ``convert``, ``check-digit`` and those
registered by the scheme, carrier and generation modules.  Exit status 0
means success / all valid, 1 means some input was invalid, 2 a usage error.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from tracecode.cli._common import EXIT_OK, EXIT_USAGE
from tracecode.errors import TraceCodeError

__all__ = ["build_parser", "main"]

# Modules that add their own subcommands through ``register(subparsers)``.
_EXTENSIONS = (
    "tracecode.cli._core_commands",
    "tracecode.cli._validate",
    "tracecode.cli._scheme_commands",
    "tracecode.cli._render_commands",
    "tracecode.cli._generate_commands",
)


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every available subcommand."""
    from tracecode import __version__

    parser = argparse.ArgumentParser(
        prog="tracecode",
        description="Parse, validate, generate and render product trace codes "
        "(GS1 and China's national schemes).",
    )
    parser.add_argument("--version", action="version", version=f"tracecode {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in _EXTENSIONS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.func(args)
    except TraceCodeError as err:
        if err.code in ("UNKNOWN_SCHEME", "UNKNOWN_PROFILE", "UNKNOWN_ALGORITHM"):
            print(f"tracecode: error: {err}", file=sys.stderr)
            return EXIT_USAGE
        raise
    except BrokenPipeError:  # e.g. piped into head
        return EXIT_OK
    return status
