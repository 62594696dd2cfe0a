r"""``tracecode render`` and ``tracecode labels``: symbols and label sheets from the shell.

``render TEXT`` writes one symbol; ``render --input FILE`` writes one file per
line into a folder; ``labels FILE -o out.pdf`` lays every code of a file out on
PDF pages.  Input lines may carry captions after a TAB (``code<TAB>caption``,
several captions separated by further TABs); ``\\x1d`` or ``<GS>`` in a line
stand for the GS separator.  A progress bar goes to stderr on a terminal.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tracecode.cli._common import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from tracecode.errors import TraceCodeError

__all__ = ["register"]

_FORMATS = ("svg", "png", "pdf", "eps", "zpl")


def _carrier(name: str) -> str:
    """``--carrier`` value check (the rendering stack is imported only when rendering)."""
    from tracecode.carriers import CARRIERS

    if name not in CARRIERS:
        raise argparse.ArgumentTypeError(
            f"invalid choice: {name!r} (choose from {', '.join(CARRIERS)})"
        )
    return name


def _symbol_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--carrier",
        "-c",
        type=_carrier,
        help="symbology: qr, micro-qr, gs1-qr, datamatrix, gs1-datamatrix, code128, gs1-128, "
        "ean13, ean8, upca, itf14, gs1-databar-expanded, hanxin, dotcode (default: by code)",
    )
    p.add_argument("--xdim", help="X-dimension, e.g. 0.33mm or 13mil (default per carrier)")
    p.add_argument("--dpi", type=int, help="printer resolution: whole dots per module")
    p.add_argument("--dots", type=int, help="printer dots per module (overrides --xdim)")
    p.add_argument("--height", help="bar height of linear symbols, e.g. 15mm")
    p.add_argument("--quiet-zone", type=int, help="quiet zone in modules (default: standard)")
    p.add_argument("--ecc", help="error-correction level (QR: L M Q H)")
    p.add_argument("--shape", choices=("square", "rect", "dmre"), default="square",
                   help="Data Matrix shape (default square ECC 200)")  # fmt: skip
    p.add_argument("--backend", help="encoder back end: zint, segno, python-barcode")
    hri = p.add_mutually_exclusive_group()
    hri.add_argument("--hri", dest="hri", action="store_true", default=None,
                     help="draw the human-readable interpretation")  # fmt: skip
    hri.add_argument("--no-hri", dest="hri", action="store_false", help="no HRI text")
    p.add_argument("--caption", action="append", default=[],
                   help="extra text line under the symbol (repeatable; Chinese works)")  # fmt: skip
    p.add_argument("--font-path", help="TrueType/OpenType font for non-ASCII text in PNG")


def register(subparsers: Any) -> None:
    """Add the ``render`` and ``labels`` subcommands to the ``tracecode`` parser."""
    r = subparsers.add_parser(
        "render",
        help="render a code as a barcode / 2D symbol (SVG, PNG, PDF, EPS, ZPL)",
        description="Render one code (TEXT) or every line of --input FILE.",
    )
    r.add_argument("text", nargs="?", help="the code (GS1 HRI, element string, URI, text)")
    r.add_argument("--input", "-i", help="file with one code per line (batch into a folder)")
    r.add_argument("--format", "-f", choices=_FORMATS, help="output format (default: from -o)")
    r.add_argument("-o", "--output", required=True,
                   help="output file (or folder with --input); '-' for stdout")  # fmt: skip
    r.add_argument("--lang", choices=("en", "zh"), default="en", help="language of messages")
    _symbol_options(r)
    r.set_defaults(func=cmd_render)

    la = subparsers.add_parser(
        "labels",
        help="lay out many codes on PDF pages with HRI and captions",
        description="Each line of FILE is a code, optionally followed by TAB-separated captions.",
    )
    la.add_argument("file", help="file with one code per line ('-' for stdin)")
    la.add_argument("-o", "--output", required=True, help="output PDF")
    la.add_argument("--page", default="A4", help="A4, A5, A6, letter or WIDTHxHEIGHT in mm")
    la.add_argument("--label", default="70x37", help="label size WIDTHxHEIGHT in mm")
    la.add_argument("--one-per-page", action="store_true", help="one label per page (stock)")
    la.add_argument("--border", action="store_true", help="outline each label")
    la.add_argument("--skip-errors", action="store_true",
                    help="mark codes that cannot be rendered instead of stopping")  # fmt: skip
    la.add_argument("--lang", choices=("en", "zh"), default="en", help="language of messages")
    _symbol_options(la)
    la.set_defaults(func=cmd_labels)


_GS_ESCAPES = re.compile(r"\\x1[dD]|<GS>|\\u001[dD]")


def _read_lines(path: str) -> list[tuple[str, tuple[str, ...]]]:
    text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8-sig")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        code, *caps = line.split("\t")
        out.append((_GS_ESCAPES.sub("\x1d", code.strip()), tuple(c for c in caps if c)))
    return out


def _options(args: argparse.Namespace) -> dict[str, Any]:
    opts: dict[str, Any] = {
        "xdim": args.xdim,
        "dpi": args.dpi,
        "dots": args.dots,
        "height": args.height,
        "quiet_zone": args.quiet_zone,
        "ecc": args.ecc,
        "shape": args.shape,
        "backend": args.backend,
        "hri": args.hri,
    }
    return {k: v for k, v in opts.items() if v is not None}


class _Progress:
    """A one-line progress bar on stderr (only when stderr is a terminal)."""

    def __init__(self, label: str, stream: Any = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.label = label
        self.start = time.monotonic()
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        width = 30
        filled = width * done // max(total, 1)
        rate = done / max(now - self.start, 1e-9)
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done}/{total} {rate:,.0f}/s")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def _fail(err: TraceCodeError, lang: str, where: str = "") -> int:
    prefix = f"{where}: " if where else ""
    print(f"tracecode: {prefix}{err.message(lang)} [{err.code}]", file=sys.stderr)
    return EXIT_INVALID


def _format_of(args: argparse.Namespace, path: str) -> str | None:
    if args.format:
        return str(args.format)
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix if suffix in _FORMATS else None


def cmd_render(args: argparse.Namespace) -> int:
    """Run ``tracecode render``."""
    from tracecode.carriers import render

    opts = _options(args)
    if args.caption:
        opts["caption"] = args.caption
    if args.font_path:
        opts["font_path"] = args.font_path
    if (args.text is None) == (args.input is None):
        print("tracecode render: give TEXT or --input FILE (not both)", file=sys.stderr)
        return EXIT_USAGE
    if args.text is not None:
        fmt = _format_of(args, args.output) or "svg"
        try:
            data = render(_GS_ESCAPES.sub("\x1d", args.text), args.carrier, fmt, **opts)
        except TraceCodeError as err:
            return _fail(err, args.lang)
        if args.output == "-":
            sys.stdout.buffer.write(data)
        else:
            Path(args.output).write_bytes(data)
        return EXIT_OK
    return _render_batch(args, opts, render)


def _render_batch(
    args: argparse.Namespace, opts: dict[str, Any], render: Callable[..., Any]
) -> int:
    fmt = args.format or "svg"
    items = _read_lines(args.input)
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    progress = _Progress("render")
    status = EXIT_OK
    width = max(4, len(str(len(items))))
    for i, (code, caps) in enumerate(items, start=1):
        try:
            data = render(code, args.carrier, fmt, **({"caption": caps} | opts if caps else opts))
        except TraceCodeError as err:
            status = _fail(err, args.lang, f"line {i}")
        else:
            (out / f"{i:0{width}d}.{fmt}").write_bytes(data)
        progress(i, len(items))
    return status


def _size(text: str) -> tuple[float, float]:
    m = re.fullmatch(r"\s*([\d.]+)\s*[xX×]\s*([\d.]+)\s*(?:mm)?\s*", text)
    if m is None:
        raise ValueError(text)
    return float(m.group(1)), float(m.group(2))


def cmd_labels(args: argparse.Namespace) -> int:
    """Run ``tracecode labels``."""
    from tracecode.carriers import labels
    from tracecode.carriers._labels import PAGE_SIZES

    try:
        label_size = _size(args.label)
        page: str | tuple[float, float] = args.page if args.page in PAGE_SIZES else _size(args.page)
    except ValueError as exc:
        print(f"tracecode labels: cannot read size {exc}", file=sys.stderr)
        return EXIT_USAGE
    items = _read_lines(args.file)
    opts = _options(args)
    if args.font_path:
        opts.pop("font_path", None)
    extra: Sequence[str] = args.caption
    entries = [(code, caps + tuple(extra)) for code, caps in items]
    try:
        pdf = labels(
            entries,
            carrier=args.carrier,
            page=page,
            label_size=label_size,
            one_per_page=args.one_per_page,
            border=args.border,
            progress=_Progress("labels"),
            on_error="skip" if args.skip_errors else "raise",
            **opts,
        )
    except TraceCodeError as err:
        return _fail(err, args.lang)
    Path(args.output).write_bytes(pdf)
    return EXIT_OK
