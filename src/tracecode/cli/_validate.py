"""``tracecode validate``: one result per input line, in order, at any file size.

The jsonl output is a contract: every input line gives exactly one object
``{"input", "valid", "scheme", "errors": [{"code", "position", "message"}]}``
on stdout, in input order.  Exit status 0 when every line is valid, 1 when any
is invalid, 2 on a usage error.  Progress and summaries go to stderr only.

Large inputs are streamed in chunks (bounded memory) and may be validated by
several processes (``--jobs``); CSV and jsonl inputs are read with
``--input-format`` and ``--column``; repeated serialised codes are reported
(``--duplicates``).  See ``docs/bulk-validation.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from typing import IO, Any

from tracecode.cli._common import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from tracecode.cli._core_commands import add_parse_options

__all__ = ["cmd_validate", "iter_lines", "register"]


def register(sub: Any) -> None:
    """Add the ``validate`` subcommand."""
    p = sub.add_parser("validate", help="validate codes, one per line")
    p.add_argument("file", nargs="?", default="-", help="input file, or - for stdin (default)")
    p.add_argument(
        "--format",
        choices=("text", "jsonl", "csv", "summary"),
        default="text",
        help="report format on stdout (jsonl is the stable machine contract; "
        "summary prints only the counts)",
    )
    p.add_argument(
        "--input-format",
        choices=("text", "csv", "jsonl"),
        default="text",
        help="text: one code per line (default); csv: a header row, then one record per "
        "line; jsonl: one JSON object (or string) per line",
    )
    p.add_argument(
        "--column",
        metavar="NAME",
        help="CSV column (header name or 1-based number; default 'code' or the first) "
        "or jsonl key (default 'code') holding the code",
    )
    p.add_argument("--delimiter", default=",", metavar="CHAR", help="CSV field delimiter")
    p.add_argument("--no-header", action="store_true", help="the CSV input has no header row")
    p.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=1,
        metavar="N",
        help="worker processes (default 1; 0 = one per core)",
    )
    p.add_argument("--chunk-size", type=int, default=2000, metavar="N", help="lines per work unit")
    p.add_argument(
        "--duplicates",
        choices=("off", "warn", "error"),
        default="warn",
        help="report the same serialised code submitted again: as a DUPLICATE_CODE "
        "warning (default), as an error, or not at all",
    )
    p.add_argument(
        "--duplicates-memory",
        type=int,
        default=1_000_000,
        metavar="N",
        help="distinct codes kept in memory before spilling to temporary files (default 1000000)",
    )
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: when stderr is a terminal)",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no summary on stderr")
    p.add_argument("--summary-json", metavar="FILE", help="also write the summary as JSON to FILE")
    add_parse_options(p)
    p.set_defaults(func=cmd_validate)


def iter_lines(stream: IO[bytes]) -> Iterator[tuple[str, str | None]]:
    r"""Yield ``(shown_text, decoded_text_or_None)`` per line of a binary stream.

    The line is given without its ``\n`` or ``\r\n``; a UTF-8 byte-order mark
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


def _usage(message: str) -> int:
    print(f"tracecode validate: {message}", file=sys.stderr)
    return EXIT_USAGE


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate every line of the input."""
    from tracecode.bulk._api import _check_names
    from tracecode.bulk._engine import JobSpec, resolve_jobs
    from tracecode.bulk._run import BOM, read_csv_header, run_stream
    from tracecode.bulk._summary import Progress

    # Unknown scheme/profile is a usage error, found before reading any input.
    _check_names(args.scheme, args.profile)
    if args.chunk_size < 1:
        return _usage("--chunk-size must be at least 1")
    if args.duplicates_memory < 1:
        return _usage("--duplicates-memory must be at least 1")
    if len(args.delimiter) != 1:
        return _usage("--delimiter must be one character")
    if args.column is not None and args.input_format == "text":
        return _usage("--column needs --input-format csv or jsonl")
    if args.file == "-":
        stream: IO[bytes] = sys.stdin.buffer
        close = False
        size = None
    else:
        try:
            stream = open(args.file, "rb")  # noqa: SIM115
        except OSError as exc:
            return _usage(f"cannot read {args.file}: {exc.strerror}")
        close = True
        try:
            size = os.fstat(stream.fileno()).st_size or None
        except OSError:  # pragma: no cover
            size = None
    try:
        first_line = 1
        column: int | str = 0
        csv_fields = None
        if args.input_format == "csv":
            header = b"" if args.no_header else stream.readline()
            if header.startswith(BOM):
                header = header[3:]
            try:
                column, csv_fields = read_csv_header(
                    header, args.column, args.delimiter, not args.no_header
                )
            except ValueError as exc:
                return _usage(str(exc))
            first_line = 1 if args.no_header else 2
        elif args.input_format == "jsonl":
            column = args.column if args.column is not None else "code"
        spec = JobSpec(
            scheme=args.scheme,
            profile=args.profile,
            separators=tuple(args.separator),
            associations=not args.no_associations,
            lang=args.lang,
            input_format=args.input_format,
            output="none" if args.format == "summary" else args.format,
            column=column,
            csv_fields=csv_fields,
            delimiter=args.delimiter,
            line_numbers=args.input_format != "text",
        )
        out = _binary_stdout()
        if args.format == "csv":
            out.write(b"input,valid,scheme,error_code,position,message\n")
        show = args.progress if args.progress is not None else _isatty(sys.stderr)
        progress = Progress(sys.stderr, size) if show else None
        summary = run_stream(
            stream,
            out,
            spec,
            jobs=resolve_jobs(args.jobs),
            chunk_size=args.chunk_size,
            first_line=first_line,
            duplicates=args.duplicates,
            dup_memory=args.duplicates_memory,
            progress=progress,
        )
    finally:
        if close:
            stream.close()
    out.flush()
    if args.format == "summary":
        out.write(summary.render().encode("utf-8"))
        out.flush()
    elif not args.quiet:
        sys.stderr.write(summary.render())
        sys.stderr.flush()
    if args.summary_json:
        with open(args.summary_json, "w", encoding="utf-8") as fh:
            json.dump(summary.to_dict(), fh, ensure_ascii=False, indent=2)
            fh.write("\n")
    return EXIT_INVALID if summary.invalid else EXIT_OK


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _binary_stdout() -> IO[bytes]:
    """Return standard output as bytes (flushing what was written to it as text)."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        return buffer  # type: ignore[no-any-return]
    return _TextAsBytes(sys.stdout)  # type: ignore[return-value]


class _TextAsBytes:
    """Adapter for a text-only stdout (e.g. some test harnesses)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, data: bytes) -> int:
        self.stream.write(data.decode("utf-8"))
        return len(data)

    def flush(self) -> None:
        self.stream.flush()
