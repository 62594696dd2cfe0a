"""``tracecode generate``: serialised codes for a profile, scheme or GS1 structure.

Codes go to stdout (or ``-o FILE``), one per line; the summary and the
progress bar go to stderr.  Exit status 0: all codes written; 1: a field
value or the serial strategy was refused (nothing was issued); 2: usage.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections.abc import Iterator
from typing import IO, Any

from tracecode.cli._common import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from tracecode.errors import TraceCodeError

__all__ = ["cmd_generate", "register"]

_EPILOG = """\
serial strategies:  random:LEN[:ALPHABET]   e.g. random:13, random:12:upper-alnum
                    sequential[:START]      e.g. sequential, sequential:000001
alphabets: digits, upper, upper-alnum, alnum, hex, unambiguous, cset39, cset82,
           cset82-safe, a scheme character set (gb32100, ...) or literal characters.
dates: YYMMDD or YYYY-MM-DD.  Any other field: --ai AI=VALUE (GS1) or --ai SEGMENT=VALUE
(national schemes).  The value given for the serial AI is the serials' fixed prefix.

examples:
  tracecode generate --profile drugs --gtin 06901234567892 --batch B1 \\
      --expiry 2027-06-30 --count 1000 --serial random:13 --registry serials.db
  tracecode generate --scheme cn.pesticide.unit --ai category=1 --ai registration=092927 \\
      --ai production_type=2 --ai spec=001 --count 10
  tracecode generate --scheme sscc --company-prefix 6901234 --count 5
"""


def register(sub: Any) -> None:
    """Add the ``generate`` subcommand."""
    p = sub.add_parser(
        "generate",
        help="generate serialised codes (never the same serial twice)",
        description="Generate valid, serialised trace codes for a product-class profile, a "
        "national scheme or any GS1 structure.  Serials are reserved in a registry before "
        "any code is written.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    what = p.add_mutually_exclusive_group()
    what.add_argument("--profile", metavar="ID", help="product-class profile, e.g. drugs, food")
    what.add_argument(
        "--scheme", metavar="ID", help="scheme id: gs1 (default), sscc or a national scheme"
    )
    p.add_argument("--count", "-n", type=int, required=True, metavar="N", help="how many codes")
    p.add_argument("--gtin", help="GTIN (8, 12, 13 or 14 digits): AI (01)")
    p.add_argument("--batch", help="batch/lot: AI (10)")
    p.add_argument("--expiry", help="expiry date, YYMMDD or YYYY-MM-DD: AI (17)")
    p.add_argument("--production-date", help="production date, YYMMDD or YYYY-MM-DD: AI (11)")
    p.add_argument("--best-before", help="best-before date, YYMMDD or YYYY-MM-DD: AI (15)")
    p.add_argument(
        "--ai",
        action="append",
        default=[],
        metavar="AI=VALUE",
        help="any other field (GS1 AI or scheme segment); repeatable",
    )
    p.add_argument("--serial", metavar="SPEC", help="serial strategy (default: random:13 digits)")
    p.add_argument(
        "--serial-ai", metavar="AI", help="the AI (or scheme segment) that carries the serial"
    )
    p.add_argument(
        "--max-guess-probability",
        type=float,
        default=1e-4,
        metavar="P",
        help="refuse random serials whose guess probability would exceed P (default 1e-4)",
    )
    p.add_argument(
        "--registry",
        metavar="PATH|URL",
        help="serial registry: an SQLite file or postgresql://... (default: this run only)",
    )
    p.add_argument("--namespace", help="registry namespace (default: derived from the key)")
    p.add_argument(
        "--format",
        choices=("hri", "element", "dl", "jsonl", "csv"),
        default="hri",
        help="output: HRI, element string (GS separators), Digital Link URI, jsonl records, CSV",
    )
    p.add_argument("--stem", default="https://id.gs1.org", help="Digital Link domain and stem")
    p.add_argument("-o", "--output", metavar="FILE", help="write codes to FILE (default stdout)")
    p.add_argument("--check", metavar="CHARS", help="issuer's check characters (opaque schemes)")
    p.add_argument(
        "--company-prefix",
        metavar="GCP",
        help="GS1 company prefix (SSCCs for --scheme sscc and for cases/pallets)",
    )
    p.add_argument("--extension", default="0", metavar="D", help="SSCC extension digit")
    p.add_argument("--batch-size", type=int, metavar="N", help="serials per registry transaction")
    agg = p.add_argument_group("packaging hierarchy (SSCC aggregation)")
    agg.add_argument("--case-size", type=int, metavar="N", help="units per case")
    agg.add_argument("--pallet-size", type=int, metavar="N", help="cases per pallet")
    agg.add_argument("--aggregation", metavar="FILE", help="write the aggregation to FILE")
    agg.add_argument(
        "--aggregation-format",
        choices=("epcis", "csv"),
        default="epcis",
        help="EPCIS 2.0 JSON-LD AggregationEvents (default) or CSV level,parent,child",
    )
    agg.add_argument(
        "--gcp-length",
        type=int,
        metavar="N",
        help="GS1 company prefix length of the GTIN: EPC URIs (urn:epc:id:...) instead of "
        "Digital Link URIs in EPCIS",
    )
    agg.add_argument(
        "--gcp-table",
        metavar="FILE",
        help="GS1 GCP length table (XML, JSON or 'PREFIX LENGTH' lines): EPC URIs in EPCIS",
    )
    agg.add_argument("--tz-offset", default="+08:00", help="EPCIS eventTimeZoneOffset")
    bar = p.add_mutually_exclusive_group()
    bar.add_argument("--progress", action="store_true", default=None, help="show a progress bar")
    bar.add_argument("--no-progress", action="store_false", dest="progress")
    p.add_argument("--quiet", "-q", action="store_true", help="no summary on stderr")
    p.set_defaults(func=cmd_generate)


class _Bar:
    """A one-line progress bar on stderr."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.t0 = time.perf_counter()
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.perf_counter()
        if done < total and now - self.last < 0.2:
            return
        self.last = now
        frac = done / total if total else 1.0
        width = 30
        fill = int(frac * width)
        rate = done / max(now - self.t0, 1e-9)
        self.stream.write(
            f"\r[{'#' * fill}{'.' * (width - fill)}] {frac:6.1%} {done:,}/{total:,} {rate:,.0f}/s"
        )
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def _fields(args: argparse.Namespace, scheme_target: bool) -> tuple[dict[str, Any], dict[str, str]]:
    fields: dict[str, Any] = {}
    ai: dict[str, str] = {}
    for name, key in (
        ("gtin", "gtin"),
        ("batch", "batch"),
        ("expiry", "expiry"),
        ("production_date", "production_date"),
        ("best_before", "best_before"),
    ):
        value = getattr(args, name)
        if value is not None:
            fields[key] = value
    for item in args.ai:
        key, sep, value = item.partition("=")
        if not sep or not key:
            print(
                f"tracecode generate: error: --ai expects AI=VALUE, got {item!r}", file=sys.stderr
            )
            raise SystemExit(EXIT_USAGE)
        if scheme_target or not key.isdigit():
            fields[key] = value
        else:
            ai[key] = value
    return fields, ai


def cmd_generate(args: argparse.Namespace) -> int:
    """Generate codes and write them (and the aggregation, if asked)."""
    from tracecode.generation import open_registry

    target = args.profile or args.scheme or "gs1"
    scheme_target = args.profile is None and target not in ("gs1", "sscc")
    fields, ai = _fields(args, scheme_target)
    if target == "sscc":
        if args.company_prefix:
            fields["company_prefix"] = args.company_prefix
        fields["extension"] = args.extension
    if args.case_size is not None and not (args.company_prefix and args.aggregation):
        print(
            "tracecode generate: error: --case-size needs --company-prefix and --aggregation",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.count < 0:
        print("tracecode generate: error: --count must be 0 or more", file=sys.stderr)
        return EXIT_USAGE
    try:
        registry = open_registry(args.registry)
    except TraceCodeError as err:
        print(f"tracecode generate: {err} [{err.code}]", file=sys.stderr)
        return EXIT_USAGE
    try:
        return _run(args, target, fields, ai, registry)
    finally:
        registry.close()


def _run(
    args: argparse.Namespace, target: str, fields: dict[str, Any], ai: dict[str, str], registry: Any
) -> int:
    from tracecode.generation import generate

    try:
        run = generate(
            target,
            args.count,
            serial=args.serial,
            registry=registry,
            namespace=args.namespace,
            format=args.format,
            stem=args.stem,
            batch_size=args.batch_size,
            max_guess_probability=args.max_guess_probability,
            serial_ai=args.serial_ai,
            check=args.check,
            ai=ai or None,
            **fields,
        )
    except TraceCodeError as err:
        if err.code in ("UNKNOWN_SCHEME", "UNKNOWN_PROFILE"):
            raise
        print(f"tracecode generate: {err} [{err.code}]", file=sys.stderr)
        return EXIT_INVALID
    show = args.progress if args.progress is not None else sys.stderr.isatty()
    progress = _Bar(sys.stderr) if show and args.count else None
    with contextlib.ExitStack() as stack:
        out: IO[str] = sys.stdout
        if args.output and args.output != "-":
            out = stack.enter_context(open(args.output, "w", encoding="utf-8", newline="\n"))
        try:
            if args.case_size is not None:
                n_agg = _with_aggregation(args, run, out, progress, stack)
            else:
                run.write(out, progress=progress)
                n_agg = None
            out.flush()
        except TraceCodeError as err:
            print(f"\ntracecode generate: {err} [{err.code}]", file=sys.stderr)
            return EXIT_INVALID
    if not args.quiet:
        msg = f"generated {run.done:,} codes; {run.describe()}"
        if n_agg is not None:
            msg += f"; {n_agg:,} aggregation records"
        print(msg, file=sys.stderr)
    return EXIT_OK


def _with_aggregation(
    args: argparse.Namespace,
    run: Any,
    out: IO[str],
    progress: Any,
    stack: contextlib.ExitStack,
) -> int:
    from tracecode.generation import pack, write_aggregation_csv, write_epcis

    agg_out = stack.enter_context(open(args.aggregation, "w", encoding="utf-8", newline="\n"))  # noqa: SIM115

    def units() -> Iterator[Any]:
        for serials in run.stream(out, progress=progress):
            for s in serials:
                yield run.plan.message(s)

    aggs = pack(
        units(),
        case_size=args.case_size,
        pallet_size=args.pallet_size,
        company_prefix=args.company_prefix,
        extension=args.extension,
        registry=run.registry,
    )
    if args.aggregation_format == "csv":
        return write_aggregation_csv(aggs, agg_out)
    table = None
    if args.gcp_table:
        from tracecode.gs1.gcp import GCPTable

        table = GCPTable.from_file(args.gcp_table)
    return write_epcis(
        aggs,
        agg_out,
        tz_offset=args.tz_offset,
        id_form="epc" if args.gcp_length or table is not None else "dl",
        gcp_length=args.gcp_length,
        gcp_table=table,
        parent_gcp_length=len(args.company_prefix),
        stem=args.stem if args.stem != "https://id.gs1.org" else "",
    )
