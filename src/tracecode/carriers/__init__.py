"""Carriers: trace codes as barcodes, QR/DataMatrix symbols and printer languages.

:func:`render` turns a parsed code (:class:`~tracecode.gs1.GS1Message`, a
national-scheme code) or plain text into a symbol.  The payload is worked out
first (a GS1 element string with FNC1 where the AI dictionary needs it, a
Digital Link URI for a plain QR code, a GTIN for EAN/UPC), then an encoder back
end (zint, segno or python-barcode, behind one small interface) makes the module
matrix, and tracecode draws it with standard quiet zones, whole printer dots per
module and its own human-readable interpretation (HRI).

>>> from tracecode.carriers import render
>>> svg = render("(01)09506000134352(17)261231(10)ABC123(21)XYZ")  # GS1 DataMatrix
>>> svg[:5], b'width="12mm"' in svg
(b'<?xml', True)
>>> m = render("(01)09506000134352(10)ABC123", "gs1-128", format="matrix")
>>> m.symid, m.data
(']C1', '010950600013435210ABC123')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from tracecode.carriers._backends import (
    Backend,
    EncodeOptions,
    available_backends,
    get_backend,
    register_backend,
)
from tracecode.carriers._labels import labels
from tracecode.carriers._layout import Layout, Options, guards_for, layout
from tracecode.carriers._model import CARRIERS, CarrierSpec, Payload, SymbolMatrix
from tracecode.carriers._payload import payload_for
from tracecode.carriers._writers import write_eps, write_pdf, write_png, write_svg
from tracecode.carriers._zpl import write_zpl
from tracecode.errors import make_error

__all__ = [
    "CARRIERS",
    "FORMATS",
    "Backend",
    "CarrierSpec",
    "EncodeOptions",
    "Layout",
    "Payload",
    "SymbolMatrix",
    "available_backends",
    "encode",
    "labels",
    "make_layout",
    "register_backend",
    "render",
]

#: output formats of :func:`render`
FORMATS = ("svg", "png", "pdf", "eps", "zpl", "matrix")

#: default back end per carrier, chosen by measured speed and exactness
DEFAULT_BACKEND = {name: spec.backends[0] for name, spec in CARRIERS.items()}

_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+)\s*(mm|mil|mils|in|pt)?\s*")
_CJK = re.compile("[\u2e80-\uffff]")
_TO_MM = {"mm": 1.0, "mil": 0.0254, "mils": 0.0254, "in": 25.4, "pt": 25.4 / 72}


def parse_length(value: float | str | None) -> float | None:
    """Read a length in millimetres from ``0.33``, ``"0.33mm"``, ``"13mil"``, ``"0.5in"``.

    >>> parse_length("13mil"), parse_length(0.5), parse_length("1in")
    (0.3302, 0.5, 25.4)
    """
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    m = _LENGTH.fullmatch(value)
    if m is None:
        raise make_error(
            "RENDER_FAILED", detail=f"cannot read length {value!r}; try '0.33mm' or '13mil'"
        )
    return round(float(m.group(1)) * _TO_MM[m.group(2) or "mm"], 6)


def _pick_backend(carrier: str, payload: Payload, backend: str | None, hanzi: bool | None) -> str:
    if backend is not None:
        return backend
    if carrier == "qr" and hanzi is not False:
        from tracecode.carriers._backends import hanzi_segments

        if (hanzi or _CJK.search(payload.data)) and hanzi_segments(payload.data) is not None:
            return "segno"  # Hanzi mode: only segno has it
    return DEFAULT_BACKEND[carrier]


def encode(
    code: Any,
    carrier: str | None = None,
    *,
    backend: str | None = None,
    ecc: str | None = None,
    version: int | None = None,
    shape: str = "square",
    hanzi: bool | None = None,
    mask: int | None = None,
) -> SymbolMatrix:
    """Encode ``code`` as a :class:`SymbolMatrix` (no drawing).

    >>> encode("81773220288616423835").carrier
    'code128'
    """
    payload, carrier, be, opts = _prepare(code, carrier, backend, ecc, version, shape, hanzi, mask)
    rows, width, height = be.encode(carrier, payload, opts)
    return _matrix(carrier, payload, be.name, opts, rows, width, height)


def _prepare(
    code: Any,
    carrier: str | None,
    backend: str | None,
    ecc: str | None,
    version: int | None,
    shape: str,
    hanzi: bool | None,
    mask: int | None,
) -> tuple[Payload, str, Backend, EncodeOptions]:
    """Payload, carrier, back end and options for ``code`` (all checks done)."""
    payload, carrier = payload_for(code, carrier)
    if shape not in ("square", "rect", "dmre"):
        raise make_error(
            "RENDER_FAILED", detail=f"shape must be square, rect or dmre, not {shape!r}"
        )
    if ecc is not None:
        ecc = str(ecc).upper()
        allowed = {
            "qr": "LMQH", "gs1-qr": "LMQH", "micro-qr": "LMQ", "hanxin": "1234",
        }.get(carrier, "")  # fmt: skip
        if ecc not in allowed or len(ecc) != 1:
            raise make_error(
                "RENDER_FAILED",
                detail=f"error-correction level {ecc!r} does not apply to {carrier}"
                + (f" (use one of {', '.join(allowed)})" if allowed else ""),
            )
    if ecc is None and carrier in ("qr", "gs1-qr"):
        ecc = "M"  # GS1 and ISO/IEC 18004 recommendation; what ZPL ^BQ uses too
    name = _pick_backend(carrier, payload, backend, hanzi)
    be = get_backend(name)
    if carrier not in be.carriers:
        raise make_error("RENDER_FAILED", detail=f"back end {name!r} does not encode {carrier}")
    key = (ecc, version, shape, hanzi, mask)
    opts = _OPTIONS.get(key)
    if opts is None:
        opts = EncodeOptions(ecc=ecc, version=version, shape=shape, hanzi=hanzi, mask=mask)
        if len(_OPTIONS) < 256:
            _OPTIONS[key] = opts
    return payload, carrier, be, opts


#: EncodeOptions are immutable: one object per distinct set of values
_OPTIONS: dict[tuple[Any, ...], EncodeOptions] = {}


def _matrix(
    carrier: str,
    payload: Payload,
    name: str,
    opts: EncodeOptions,
    rows: tuple[str, ...],
    width: int,
    height: int,
) -> SymbolMatrix:
    spec = CARRIERS[carrier]
    shape = opts.shape
    symid = spec.symid
    if carrier == "dotcode" and payload.elements is not None:
        symid = "]J1"
    if shape == "dmre" and spec.gs1 and carrier == "gs1-datamatrix":
        symid = "]d8" if width != height else symid
    return SymbolMatrix(
        carrier=carrier,
        rows=rows,
        width=width,
        height=height,
        quiet=spec.quiet,
        data=payload.data,
        hri=payload.hri,
        symid=symid,
        backend=name,
        guards=guards_for(carrier, width),
        dots=carrier == "dotcode",
    )


def make_layout(
    matrix: SymbolMatrix,
    *,
    xdim: float | str | None = None,
    dpi: int | None = None,
    dots: int | None = None,
    height: float | str | None = None,
    quiet_zone: int | None = None,
    hri: bool | str | None = None,
    caption: str | Sequence[str] = (),
    font_size: float | str | None = None,
) -> Layout:
    """Place an encoded symbol: X-dimension, dots per module, quiet zone, HRI.

    >>> lay = make_layout(encode("HELLO", "datamatrix"), xdim="0.5mm", dpi=300)
    >>> lay.dots, round(lay.unit_mm, 4)
    (6, 0.508)
    """
    captions = (caption,) if isinstance(caption, str) else tuple(caption)
    opts = Options(
        xdim_mm=parse_length(xdim),
        dpi=dpi,
        dots=dots,
        height_mm=parse_length(height),
        quiet_zone=quiet_zone,
        hri=hri,
        caption=captions,
        font_size_mm=parse_length(font_size),
    )
    return layout(matrix, opts)


def render(
    code: Any,
    carrier: str | None = None,
    format: str = "svg",
    *,
    backend: str | None = None,
    xdim: float | str | None = None,
    dpi: int | None = None,
    dots: int | None = None,
    height: float | str | None = None,
    quiet_zone: int | None = None,
    ecc: str | None = None,
    version: int | None = None,
    shape: str = "square",
    hanzi: bool | None = None,
    mask: int | None = None,
    hri: bool | str | None = None,
    caption: str | Sequence[str] = (),
    font_size: float | str | None = None,
    font_path: str | None = None,
    zpl_native: bool | str = True,
) -> Any:
    """Render ``code`` as ``carrier`` in ``format``; bytes, or a SymbolMatrix for "matrix".

    ``carrier`` None picks the right one for the code (GS1 data: GS1 DataMatrix;
    URL: QR; GTIN-13: EAN-13; 20-digit drug code: Code 128; ...).  ``xdim`` is the
    X-dimension (``0.33``, ``"0.33mm"``, ``"13mil"``); with ``dpi`` it is rounded
    to whole printer dots per module (or give ``dots``).  ``height`` is the bar
    height of linear symbols.  Quiet zones follow the symbology standard unless
    ``quiet_zone`` (modules) is given.  ``hri`` True/False/text switches the
    human-readable line (on by default for linear symbols); ``caption`` adds
    lines below it (any script).  Output is deterministic.

    >>> render("https://example.com/01/09506000134352", format="matrix").carrier
    'qr'
    >>> render("6901234567892", format="zpl").startswith(b"^XA")
    True
    """
    fmt = format.lower()
    if fmt not in FORMATS:
        raise make_error(
            "RENDER_FAILED", detail=f"unknown format {format!r}; use one of {', '.join(FORMATS)}"
        )
    payload, carrier, be, opts = _prepare(code, carrier, backend, ecc, version, shape, hanzi, mask)
    if dpi is None and dots is None and fmt in ("png", "zpl"):
        dpi = 300 if fmt == "png" else 203
    spec = CARRIERS[carrier]
    direct_png = getattr(be, "png", None)
    if (
        fmt == "png"
        and direct_png is not None
        and spec.kind == "2d"
        and carrier != "dotcode"
        and quiet_zone is None
        and not hri
        and not caption
    ):
        # a bare 2D symbol: the back end's own PNG writer has the same geometry
        # (standard quiet zones, whole dots per module) and is the fastest
        if dots is None:
            xdim_mm = parse_length(xdim) or spec.xdim_mm
            dots = max(1, round(xdim_mm * (dpi or 300) / 25.4))
        png: bytes = direct_png(carrier, payload, opts, dots, dpi)
        return png
    rows, mod_w, mod_h = be.encode(carrier, payload, opts)
    matrix = _matrix(carrier, payload, be.name, opts, rows, mod_w, mod_h)
    if fmt == "matrix":
        return matrix
    lay = make_layout(
        matrix,
        xdim=xdim,
        dpi=dpi,
        dots=dots,
        height=height,
        quiet_zone=quiet_zone,
        hri=hri,
        caption=caption,
        font_size=font_size,
    )
    if fmt == "svg":
        return write_svg(lay)
    if fmt == "png":
        return write_png(lay, font_path)
    if fmt == "pdf":
        return write_pdf(lay)
    if fmt == "eps":
        return write_eps(lay)
    return write_zpl(lay, native=zpl_native, ecc=ecc or "M")
