"""``tracecode validate``: one result per input line, in order.

The jsonl output is a contract: every input line gives exactly one object
``{"input", "valid", "scheme", "errors": [{"code", "position", "message"}]}``
on stdout, in input order.  Exit status 0 when every line is valid, 1 when any
is invalid, 2 on a usage error.  Progress and summaries go to stderr only.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from typing import IO, Any

from tracecode.cli._common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, unescape_line
from tracecode.cli._core_commands import add_parse_options
from tracecode.errors import make_error

__all__ = ["iter_lines", "register"]


def register(sub: Any) -> None:
    """Add the ``validate`` subcommand."""
    p = sub.add_parser("validate", help="validate codes, one per line")
    p.add_argument("file", nargs="?", default="-", help="input file, or - for stdin (default)")
    p.add_argument(
        "--format",
        choices=("text", "jsonl", "csv"),
        default="text",
        help="report format on stdout (jsonl is the stable machine contract)",
    )
    add_parse_options(p)
    p.set_defaults(func=cmd_validate)


def iter_lines(stream: IO[bytes]) -> Iterator[tuple[str, str | None]]:
    """Yield ``(shown_text, decoded_text_or_None)`` per line of a binary stream.

    The line is given without its ``\\n`` or ``\\r\\n``; a UTF-8 byte-order mark
    at the start is dropped; undecodable bytes give ``None`` as decoded text
    and the line shown with replacement characters.
    """
    first = True
    for raw in stream:
        if first:
            first = False
            if raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
        if raw.endswith(b"\n"):
            raw = raw[:-1]
            if raw.endswith(b"\r"):
                raw = raw[:-1]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield raw.decode("utf-8", errors="replace"), None
            continue
        yield text, text


def _report(shown: str, text: str | None, args: argparse.Namespace) -> dict[str, Any]:
    import tracecode

    if text is None:
        err = make_error("INPUT_ENCODING")
        return {"input": shown, "valid": False, "scheme": None, "errors": [err.to_dict(args.lang)]}
    report = tracecode.validate(
        unescape_line(text),
        scheme=args.scheme,
        profile=args.profile,
        separators=args.separator,
        associations=not args.no_associations,
    )
    data = report.to_dict(args.lang)
    data["input"] = shown
    return data


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate every line of the input."""
    import tracecode

    # Unknown scheme/profile is a usage error, found before reading any input.
    if args.scheme not in (None, "gs1"):
        tracecode.scheme.get_scheme(args.scheme)
    if args.profile is not None:
        tracecode.scheme.get_profile(args.profile)
    if args.file == "-":
        stream: IO[bytes] = sys.stdin.buffer
        close = False
    else:
        try:
            stream = open(args.file, "rb")  # noqa: SIM115
        except OSError as exc:
            print(f"tracecode validate: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
            return EXIT_USAGE
        close = True
    out = sys.stdout
    writer = csv.writer(out, lineterminator="\n") if args.format == "csv" else None
    if writer is not None:
        writer.writerow(["input", "valid", "scheme", "error_code", "position", "message"])
    any_invalid = False
    try:
        for shown, text in iter_lines(stream):
            rec = _report(shown, text, args)
            if not rec["valid"]:
                any_invalid = True
            _emit(rec, args.format, out, writer)
    finally:
        if close:
            stream.close()
    out.flush()
    return EXIT_INVALID if any_invalid else EXIT_OK


def _emit(rec: dict[str, Any], fmt: str, out: IO[str], writer: Any) -> None:
    if fmt == "jsonl":
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        first = rec["errors"][0] if rec["errors"] else {}
        writer.writerow(
            [
                rec["input"],
                "true" if rec["valid"] else "false",
                rec["scheme"] or "",
                first.get("code", ""),
                "" if first.get("position") is None else first["position"],
                first.get("message", ""),
            ]
        )
    else:
        status = "valid" if rec["valid"] else "INVALID"
        line = f"{status}\t{rec['scheme'] or '-'}\t{rec['input']}"
        if rec["errors"]:
            e = rec["errors"][0]
            pos = "" if e["position"] is None else f"@{e['position']}"
            line += f"\t{e['code']}{pos}: {e['message']}"
        out.write(line + "\n")

