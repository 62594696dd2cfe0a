"""``tracecode parse``, ``tracecode convert`` and ``tracecode check-digit``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from tracecode._json import jsonable
from tracecode.cli._common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, print_json, unescape_line
from tracecode.errors import TraceCodeError
from tracecode.gs1.message import GS1Message


def add_parse_options(p: argparse.ArgumentParser) -> None:
    """Options shared by ``parse`` and ``validate``."""
    p.add_argument("--scheme", metavar="ID", help="read the input as this scheme (e.g. gs1)")
    p.add_argument(
        "--profile", metavar="CLASS", help="also check against this product-class profile"
    )
    p.add_argument(
        "--separator",
        action="append",
        default=[],
        metavar="CHAR",
        help="a character that stands for FNC1 in element strings (GS always does; "
        "'^' does when the text starts with it); repeatable",
    )
    p.add_argument(
        "--no-associations",
        action="store_true",
        help="do not check GS1 mandatory associations (validate one of several symbols)",
    )
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="language of messages")


def register(sub: Any) -> None:
    """Add the core subcommands."""
    p = sub.add_parser("parse", help="parse one code and print its structure")
    p.add_argument("text", help="the code (any representation)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--lenient", action="store_true", help="print partial results with errors")
    add_parse_options(p)
    p.set_defaults(func=cmd_parse)

    c = sub.add_parser("convert", help="convert GS1 data between representations")
    c.add_argument("text", help="GS1 data in any representation")
    c.add_argument(
        "--to",
        choices=("hri", "element", "scan", "dl", "dl-compressed"),
        default="hri",
        help="target representation (element: GS as FNC1; use --separator to change it)",
    )
    c.add_argument("--stem", default="https://id.gs1.org", help="Digital Link domain and path stem")
    c.add_argument("--symbology", default="]d2", help="symbology identifier for --to scan")
    c.add_argument("--separator", default="\x1d", help="FNC1 substitute for --to element")
    c.add_argument("--zero-suppress", action="store_true", help="shortest GTIN form in DL")
    c.set_defaults(func=cmd_convert)

    k = sub.add_parser("check-digit", help="compute or verify a check character")
    k.add_argument("algorithm", help="algorithm id, e.g. gs1-mod10, gb32100, iso7064-mod11-2")
    k.add_argument("body", nargs="?", help="the data without its check character")
    k.add_argument("--verify", metavar="CODE", help="verify a complete code instead")
    k.set_defaults(func=cmd_check_digit)


def _table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for j, r in enumerate(rows):
        lines.append("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)).rstrip())
        if j == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def describe(code: Any) -> dict[str, Any]:
    """JSON-ready description of any parsed code."""
    if isinstance(code, GS1Message):
        data: dict[str, Any] = {"scheme": "gs1", **code.to_dict()}
        try:
            from tracecode.scheme import record_from_gs1

            data["record"] = jsonable(record_from_gs1(code))
        except (ImportError, TraceCodeError):
            pass
        return data
    to_dict = getattr(code, "to_dict", None)
    if to_dict is not None:
        result: dict[str, Any] = to_dict()
        return result
    return {"value": str(code)}  # pragma: no cover


def cmd_parse(args: argparse.Namespace) -> int:
    """Print the parsed structure of one code."""
    import tracecode

    text = unescape_line(args.text)
    try:
        code = tracecode.parse(
            text,
            scheme=args.scheme,
            profile=args.profile,
            lenient=args.lenient,
            separators=args.separator,
            associations=not args.no_associations,
        )
    except TraceCodeError as err:
        if err.code in ("UNKNOWN_SCHEME", "UNKNOWN_PROFILE"):
            raise
        if args.json:
            print_json({"input": args.text, "valid": False, "errors": [err.to_dict(args.lang)]})
        else:
            print(f"invalid: {err.message(args.lang)} [{err.code}]", file=sys.stderr)
        return EXIT_INVALID
    errors = list(getattr(code, "errors", ()))
    if args.json:
        data = describe(code)
        data["valid"] = not errors
        data["errors"] = [e.to_dict(args.lang) for e in errors]
        print_json(data)
    elif isinstance(code, GS1Message):
        rows: list[tuple[str, ...]] = [("AI", "TITLE", "VALUE", "TYPED")]
        for e in code:
            typed = jsonable(e.typed)
            rows.append((e.ai, e.title, e.value, "" if typed == e.value else str(typed)))
        print(_table(rows))
        for e in errors:
            print(f"error: {e.message(args.lang)} [{e.code}]")
    else:
        explain = getattr(code, "explain", None)
        print(explain() if explain is not None else str(code))
    return EXIT_INVALID if errors else EXIT_OK


def cmd_convert(args: argparse.Namespace) -> int:
    """Convert GS1 data to another representation."""
    from tracecode import gs1

    try:
        m = gs1.parse(args.text)
        if args.to == "hri":
            out = m.hri()
        elif args.to == "element":
            out = m.element_string(args.separator)
        elif args.to == "scan":
            out = m.scan_data(args.symbology)
        else:
            out = m.digital_link(
                args.stem, compressed=args.to == "dl-compressed", zero_suppress=args.zero_suppress
            )
    except TraceCodeError as err:
        print(f"tracecode: {err} [{err.code}]", file=sys.stderr)
        return EXIT_INVALID
    sys.stdout.write(out + "\n")
    return EXIT_OK


def cmd_check_digit(args: argparse.Namespace) -> int:
    """Compute or verify a check character."""
    from tracecode import checksum

    algo = checksum.get(args.algorithm)
    if args.verify is not None:
        try:
            algo.validate(args.verify)
        except TraceCodeError as err:
            print(f"invalid: {err} [{err.code}]")
            return EXIT_INVALID
        print("valid")
        return EXIT_OK
    if args.body is None:
        print("tracecode check-digit: give BODY or --verify CODE", file=sys.stderr)
        return EXIT_USAGE
    try:
        print(algo.compute(args.body))
    except TraceCodeError as err:
        print(f"tracecode: {err} [{err.code}]", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK
