"""Value types shared by the carrier pipeline: carrier specs, payloads, matrices."""

from __future__ import annotations

from typing import Literal

import attrs

__all__ = ["CARRIERS", "CarrierSpec", "Payload", "SymbolMatrix"]

Kind = Literal["2d", "1d"]


@attrs.frozen(slots=True)
class CarrierSpec:
    """What tracecode knows about one carrier (symbology)."""

    #: carrier name as used in :func:`tracecode.render`, e.g. ``"gs1-datamatrix"``
    name: str
    #: ``"2d"`` (module matrix) or ``"1d"`` (one row of bars)
    kind: Kind
    #: True when the data is a GS1 element string with FNC1 in first position
    gs1: bool
    #: quiet zone in modules (top, right, bottom, left), per the symbology standard
    quiet: tuple[int, int, int, int]
    #: symbology identifier a conforming scanner transmits, e.g. ``"]d2"``
    symid: str | None
    #: default X-dimension in millimetres
    xdim_mm: float
    #: default bar height in millimetres (linear carriers only)
    height_mm: float = 0.0
    #: back ends able to encode it, preferred first
    backends: tuple[str, ...] = ("zint",)
    #: True when zxing-cpp (the test decoder) can read it
    decodable: bool = True
    #: one-line description
    title: str = ""


def _q(n: int) -> tuple[int, int, int, int]:
    return (n, n, n, n)


def _h(left: int, right: int) -> tuple[int, int, int, int]:
    return (0, right, 0, left)


#: every carrier, by name
CARRIERS: dict[str, CarrierSpec] = {
    s.name: s
    for s in (
        CarrierSpec(
            "qr", "2d", False, _q(4), "]Q1", 0.5, backends=("zint", "segno"), title="QR Code"
        ),
        CarrierSpec(
            "micro-qr", "2d", False, _q(2), "]Q1", 0.5, backends=("zint", "segno"),
            title="Micro QR Code",
        ),
        CarrierSpec("gs1-qr", "2d", True, _q(4), "]Q3", 0.5, title="GS1 QR Code (FNC1 first)"),
        CarrierSpec("datamatrix", "2d", False, _q(1), "]d1", 0.5, title="Data Matrix ECC 200"),
        CarrierSpec(
            "gs1-datamatrix", "2d", True, _q(1), "]d2", 0.5, title="GS1 DataMatrix (FNC1 first)"
        ),
        CarrierSpec(
            "code128", "1d", False, _h(10, 10), "]C0", 0.33, 15.0,
            backends=("zint", "python-barcode"), title="Code 128",
        ),
        CarrierSpec(
            "gs1-128", "1d", True, _h(10, 10), "]C1", 0.495, 31.75,
            backends=("zint", "python-barcode"), title="GS1-128",
        ),
        CarrierSpec(
            "ean13", "1d", False, _h(11, 7), "]E0", 0.33, 22.85,
            backends=("zint", "python-barcode"), title="EAN-13",
        ),
        CarrierSpec(
            "ean8", "1d", False, _h(7, 7), "]E4", 0.33, 18.23,
            backends=("zint", "python-barcode"), title="EAN-8",
        ),
        CarrierSpec(
            "upca", "1d", False, _h(9, 9), "]E0", 0.33, 22.85,
            backends=("zint", "python-barcode"), title="UPC-A",
        ),
        CarrierSpec("itf14", "1d", False, _h(10, 10), "]I1", 0.495, 31.75, title="ITF-14"),
        CarrierSpec(
            "gs1-databar-expanded", "1d", True, _h(1, 1), "]e0", 0.33, 11.22,
            title="GS1 DataBar Expanded",
        ),
        CarrierSpec(
            "hanxin", "2d", False, _q(3), None, 0.5, decodable=False, title="Han Xin Code (汉信码)"
        ),
        CarrierSpec("dotcode", "2d", False, _q(3), None, 0.5, decodable=False, title="DotCode"),
    )
}  # fmt: skip


@attrs.frozen(slots=True)
class Payload:
    r"""The data a carrier encodes, separated from the carrier itself.

    ``data`` is exactly what a scanner transmits after the symbology identifier
    (GS1 element strings with ``\\x1d`` where FNC1 separates fields).
    """

    #: data as transmitted (GS separators included for GS1)
    data: str
    #: GS1 elements ``((ai, value), ...)`` when the data is a GS1 element string
    elements: tuple[tuple[str, str], ...] | None
    #: human-readable interpretation (AIs in parentheses, groups separated)
    hri: str
    #: what the input was: ``gs1``, ``url``, ``gtin``, ``drug20``, ``digits``, ``text``, ``scheme``
    kind: str


@attrs.frozen(slots=True)
class SymbolMatrix:
    """An encoded symbol as a module matrix, for callers that draw it themselves.

    ``rows`` holds one string per module row, ``"1"`` for a dark module.  For a
    linear carrier there is one row; ``guards`` marks the bars (EAN/UPC guard
    bars) drawn longer than the others.  ``quiet`` gives the quiet zone in modules
    (top, right, bottom, left) required by the symbology standard.

    >>> from tracecode.carriers import render
    >>> m = render("HELLO", "datamatrix", format="matrix")
    >>> m.width, m.height, m.rows[0][:6], m.quiet
    (12, 12, '101010', (1, 1, 1, 1))
    """

    #: carrier name
    carrier: str
    #: module rows, ``"1"`` = dark
    rows: tuple[str, ...]
    #: width in modules
    width: int
    #: height in modules (1 for linear carriers)
    height: int
    #: quiet zone in modules: (top, right, bottom, left)
    quiet: tuple[int, int, int, int]
    #: the data a scanner transmits (after the symbology identifier)
    data: str
    #: human-readable interpretation
    hri: str
    #: symbology identifier a scanner transmits, e.g. ``"]d2"`` (None if unknown)
    symid: str | None
    #: back end that encoded it
    backend: str
    #: for linear carriers, the guard-bar row (``"1"`` = bar extends below), else None
    guards: str | None = None
    #: DotCode: draw dark modules as dots
    dots: bool = False

    @property
    def linear(self) -> bool:
        """True for a linear (1D) carrier."""
        return self.height == 1 and CARRIERS[self.carrier].kind == "1d"

    def modules(self) -> list[list[int]]:
        """Return the matrix as lists of 0/1 integers, one list per row.

        >>> from tracecode.carriers import render
        >>> render("1", "micro-qr", format="matrix").modules()[0][:7]
        [1, 1, 1, 1, 1, 1, 1]
        """
        return [[1 if c == "1" else 0 for c in row] for row in self.rows]

    def __str__(self) -> str:
        return "\n".join(row.replace("1", "█").replace("0", " ") for row in self.rows)
