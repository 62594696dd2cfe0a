"""Geometry of a rendered symbol: module size, quiet zones, bars, HRI text lines.

Everything is measured in modules (X-dimensions); ``unit_mm`` converts to
millimetres.  Writers (SVG, PNG, PDF, EPS, ZPL) only read a :class:`Layout`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from tracecode.carriers._model import CARRIERS, SymbolMatrix
from tracecode.errors import make_error

__all__ = ["Layout", "Options", "TextLine", "all_rects", "layout", "module_rects", "text_width_em"]

_RUN = re.compile("1+")
_EAN = frozenset(("ean13", "ean8", "upca"))
MM_PER_INCH = 25.4

# Helvetica advance widths (1/1000 em) for ASCII 32..126, from the Adobe AFM
# fmt: off
_HELVETICA = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722,
    722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
    667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556,
    556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500,
    500, 334, 260, 334, 584,
)
# fmt: on


def text_width_em(text: str) -> float:
    """Approximate advance width of ``text`` in em (Helvetica; CJK full width).

    >>> text_width_em("00"), text_width_em("码")
    (1.112, 1.0)
    """
    try:
        total = sum(map(_ASCII_WIDTH.__getitem__, text))
    except KeyError:  # outside printable ASCII
        total = 0
        for ch in text:
            o = ord(ch)
            if 32 <= o < 127:
                total += _HELVETICA[o - 32]
            elif o >= 0x2E80:
                total += 1000
            else:
                total += 556
    return total / 1000


_ASCII_WIDTH = {chr(32 + i): w for i, w in enumerate(_HELVETICA)}


@attrs.frozen(slots=True)
class Options:
    """Print-quality options (see :func:`tracecode.carriers.render`)."""

    xdim_mm: float | None = None
    dpi: int | None = None
    dots: int | None = None
    height_mm: float | None = None
    quiet_zone: int | None = None
    hri: bool | str | None = None
    caption: tuple[str, ...] = ()
    font_size_mm: float | None = None


@attrs.frozen(slots=True)
class TextLine:
    """One line of text: centred on ``x``, baseline at ``y`` (modules)."""

    text: str
    x: float
    y: float
    size: float  # em size in modules
    anchor: str = "middle"  # or "start" / "end"


@attrs.frozen(slots=True)
class Layout:
    """A symbol placed on its canvas with quiet zones and text."""

    matrix: SymbolMatrix
    #: millimetres per module (the X-dimension actually produced)
    unit_mm: float
    #: printer dots per module, when a resolution is known
    dots: int | None
    dpi: int | None
    #: canvas size in modules
    width: float
    height: float
    #: dark rectangles (x, y, w, h) in modules besides the 2D module matrix (bars,
    #: bearer bars); see :func:`all_rects` for everything
    rects: tuple[tuple[float, float, float, float], ...]
    texts: tuple[TextLine, ...]
    #: top-left of the symbol (without quiet zone) in modules
    origin: tuple[float, float]
    #: bar height in modules (linear carriers), else the matrix height
    bar_height: float


def module_rects(lay: Layout) -> list[tuple[float, float, float, float]]:
    """Dark runs of the module rows as rectangles (2D modules, or plain bars)."""
    m = lay.matrix
    x0, y0 = lay.origin
    if CARRIERS[m.carrier].kind == "1d":
        if m.carrier in _EAN and lay.rects:  # guard bars differ in height: in lay.rects
            return []
        h = lay.bar_height
        return [
            (x0 + a, y0, float(b - a), h) for a, b in (mm.span() for mm in _RUN.finditer(m.rows[0]))
        ]
    return [
        (x0 + mm.start(), y0 + ry, float(mm.end() - mm.start()), 1.0)
        for ry, row in enumerate(m.rows)
        for mm in _RUN.finditer(row)
    ]


def all_rects(lay: Layout) -> list[tuple[float, float, float, float]]:
    """Every dark rectangle of the layout, in modules."""
    return module_rects(lay) + list(lay.rects)


def _dots_per_module(xdim_mm: float, dpi: int) -> int:
    return max(1, round(xdim_mm * dpi / MM_PER_INCH))


def _wrap_hri(text: str, max_em: float) -> list[str]:
    """Wrap HRI at GS1 element boundaries (or spaces) to fit ``max_em``."""
    if text_width_em(text) <= max_em:
        return [text]
    parts = re.split(r"(?=\((?:\d{2,4})\))", text) if text.startswith("(") else text.split(" ")
    parts = [p for p in parts if p]
    sep = "" if text.startswith("(") else " "
    lines: list[str] = []
    cur = ""
    for part in parts:
        cand = cur + sep + part if cur else part
        if cur and text_width_em(cand) > max_em:
            lines.append(cur)
            cur = part
        else:
            cur = cand
    if cur:
        lines.append(cur)
    out: list[str] = []
    for line in lines:  # a single part still too long: cut by characters
        while text_width_em(line) > max_em and len(line) > 1:
            n = len(line)
            while n > 1 and text_width_em(line[:n]) > max_em:
                n -= 1
            out.append(line[:n])
            line = line[n:]
        out.append(line)
    return out


# guard bars (modules) of the EAN/UPC family: start, centre, end (UPC-A also the
# first and last symbol characters)
def _ean_guards(carrier: str, width: int) -> str:
    spans: Sequence[tuple[int, int]]
    if carrier == "ean13":
        spans = ((0, 3), (45, 50), (92, 95))
    elif carrier == "ean8":
        spans = ((0, 3), (31, 36), (64, 67))
    else:  # upca
        spans = ((0, 10), (45, 50), (85, 95))
    marks = ["0"] * width
    for a, b in spans:
        for i in range(a, min(b, width)):
            marks[i] = "1"
    return "".join(marks)


def layout(m: SymbolMatrix, opts: Options) -> Layout:
    """Place ``m`` on a canvas: X-dimension snapped to dots, quiet zones, HRI."""
    spec = CARRIERS[m.carrier]
    xdim = opts.xdim_mm if opts.xdim_mm is not None else spec.xdim_mm
    if xdim <= 0:
        raise make_error("RENDER_FAILED", detail="the X-dimension must be positive")
    dots = opts.dots
    if dots is None and opts.dpi is not None:
        dots = _dots_per_module(xdim, opts.dpi)
    if dots is not None:
        if dots < 1:
            raise make_error("RENDER_FAILED", detail="dots per module must be at least 1")
        if opts.dpi is not None:
            xdim = dots * MM_PER_INCH / opts.dpi
    qt, qr, qb, ql = (float(v) for v in spec.quiet)
    if opts.quiet_zone is not None:
        q = float(opts.quiet_zone)
        qt, qr, qb, ql = (q, q, q, q) if spec.kind == "2d" else (0.0, q, 0.0, q)
    bearer = 5 if m.carrier == "itf14" else 0
    linear = spec.kind == "1d"
    rects: list[tuple[float, float, float, float]] = []
    texts: list[TextLine] = []
    font_mm = opts.font_size_mm
    if font_mm is None:
        font_mm = max(2.2, min(4.0, 8 * xdim)) if linear else max(2.0, min(3.5, 4 * xdim))
    size = font_mm / xdim  # em in modules
    line_h = size * 1.2

    hri_text: str | None
    if opts.hri is None:
        hri_text = m.hri if linear else None
    elif opts.hri is True:
        hri_text = m.hri
    elif opts.hri is False:
        hri_text = None
    else:
        hri_text = str(opts.hri)

    x0 = float(ql + bearer)
    y0 = float(qt + bearer)
    sym_w = m.width
    canvas_w = x0 + sym_w + qr + bearer
    if linear:
        height_mm = opts.height_mm if opts.height_mm is not None else spec.height_mm
        bar_h = height_mm / xdim
        if dots is not None:  # whole dots
            bar_h = max(1, round(bar_h * dots)) / dots
        ean = m.carrier in ("ean13", "ean8", "upca")
        guards = m.guards if m.guards is not None else None
        row = m.rows[0]
        if ean and hri_text == m.hri and guards is not None:
            guard_extra = 5.0
            plain = "".join(
                "1" if r == "1" and g == "0" else "0" for r, g in zip(row, guards, strict=True)
            )
            tall = "".join(
                "1" if r == "1" and g == "1" else "0" for r, g in zip(row, guards, strict=True)
            )
            for mm in _RUN.finditer(plain):
                rects.append((x0 + mm.start(), y0, float(mm.end() - mm.start()), bar_h))
            for mm in _RUN.finditer(tall):
                rects.append(
                    (x0 + mm.start(), y0, float(mm.end() - mm.start()), bar_h + guard_extra)
                )
            _ean_text(m, texts, x0, y0 + bar_h, size, hri_text)
            bottom = y0 + bar_h + max(guard_extra, size * 1.05)
            hri_text = None
        else:  # bars are drawn from matrix.rows (see module_rects)
            bottom = y0 + bar_h
        if bearer:
            total_h = bar_h + 2 * bearer
            rects.append((0.0, 0.0, canvas_w, float(bearer)))
            rects.append((0.0, bar_h + bearer, canvas_w, float(bearer)))
            rects.append((0.0, 0.0, float(bearer), total_h))
            rects.append((canvas_w - bearer, 0.0, float(bearer), total_h))
            bottom = total_h
    else:
        bar_h = float(m.height)  # modules are drawn from matrix.rows (see module_rects)
        bottom = y0 + m.height + qb
    lines: list[str] = []
    if hri_text:
        max_em = max(canvas_w, 40 / xdim) / size
        lines.extend(_wrap_hri(hri_text, max_em) if not linear else [hri_text])
    lines.extend(opts.caption)
    widest = max((text_width_em(t) * size * 1.06 for t in lines), default=0.0)
    canvas_w2 = max(canvas_w, widest + 2)
    shift = (canvas_w2 - canvas_w) / 2
    if shift:
        rects = [(rx + shift, ry2, w, h) for (rx, ry2, w, h) in rects]
        texts = [attrs.evolve(t, x=t.x + shift) for t in texts]
        x0 += shift
    y = bottom + (size * 0.25 if linear and lines else 0.0)
    for line in lines:
        y += size
        texts.append(TextLine(line, canvas_w2 / 2, y, size))
        y += line_h - size
    canvas_h = y + (size * 0.3 if lines else 0.0)
    if not linear:
        canvas_h = max(canvas_h, bottom)
    return Layout(
        matrix=m,
        unit_mm=xdim,
        dots=dots,
        dpi=opts.dpi,
        width=canvas_w2,
        height=canvas_h,
        rects=tuple(rects),
        texts=tuple(texts),
        origin=(x0, y0),
        bar_height=bar_h,
    )


def _ean_text(
    m: SymbolMatrix, texts: list[TextLine], x0: float, bar_bottom: float, size: float, hri: str
) -> None:
    """Classic EAN/UPC digits: outside-left digit, two halves under the bars."""
    base = bar_bottom + size * 0.85
    d = hri
    if m.carrier == "ean13":
        texts.append(TextLine(d[0], x0 - 1.5, base, size, "end"))
        texts.append(TextLine(d[1:7], x0 + 24, base, size))
        texts.append(TextLine(d[7:], x0 + 71, base, size))
    elif m.carrier == "ean8":
        texts.append(TextLine(d[:4], x0 + 17, base, size))
        texts.append(TextLine(d[4:], x0 + 50, base, size))
    else:
        small = size * 0.75
        texts.append(TextLine(d[0], x0 - 1.5, base, small, "end"))
        texts.append(TextLine(d[1:6], x0 + 27.5, base, size))
        texts.append(TextLine(d[6:11], x0 + 67.5, base, size))
        texts.append(TextLine(d[11], x0 + 96.5, base, small, "start"))


def guards_for(carrier: str, width: int) -> str | None:
    """Guard-bar marks for EAN/UPC carriers, else None."""
    if carrier in ("ean13", "ean8", "upca"):
        return _ean_guards(carrier, width)
    return None
