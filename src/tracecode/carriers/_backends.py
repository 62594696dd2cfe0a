"""Encoder back ends behind one small interface.

A back end turns a :class:`Payload` into module rows for one carrier; everything
else (quiet zones, X-dimension, HRI, output formats) is tracecode's own.  To swap
or add a back end, implement :class:`Backend` and :func:`register_backend` it.

>>> from tracecode.carriers._backends import get_backend
>>> sorted(get_backend("zint").carriers)[:3]
['code128', 'datamatrix', 'dotcode']
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import attrs

from tracecode.carriers._model import CARRIERS, Payload
from tracecode.carriers._writers import png_from_packed
from tracecode.errors import TraceCodeError, make_error

__all__ = ["Backend", "EncodeOptions", "Modules", "get_backend", "register_backend"]

#: module rows (``"1"`` = dark), width, height
Modules = tuple[tuple[str, ...], int, int]


@attrs.frozen(slots=True)
class EncodeOptions:
    """Symbol options a back end honours (None = the standard's default)."""

    #: error-correction level: ``L M Q H`` (QR), ``L M Q`` (Micro QR), ``1``-``4`` (Han Xin)
    ecc: str | None = None
    #: symbol version / size number (QR 1-40, Micro QR 1-4), None = smallest that fits
    version: int | None = None
    #: DataMatrix shape: ``square`` (default), ``rect`` or ``dmre``
    shape: str = "square"
    #: QR: encode GB 2312 Chinese in Hanzi mode (None = when it helps)
    hanzi: bool | None = None
    #: QR: fixed mask pattern 0-7 (None = best by penalty score)
    mask: int | None = None


class Backend(Protocol):
    """The interface every encoder back end implements."""

    #: back-end name, e.g. ``"zint"``
    name: str
    #: carriers it can encode
    carriers: frozenset[str]

    def encode(self, carrier: str, payload: Payload, options: EncodeOptions) -> Modules:
        """Encode ``payload`` as ``carrier``; raise a RenderError when it cannot."""
        ...


_BACKENDS: dict[str, Backend] = {}


def register_backend(backend: Backend) -> None:
    """Make ``backend`` available by its name (replacing one of the same name)."""
    _BACKENDS[backend.name] = backend


def get_backend(name: str) -> Backend:
    """Return the back end called ``name``; RenderError if unknown or not installed."""
    if not _BACKENDS:
        _register_defaults()
    backend = _BACKENDS.get(name)
    if backend is None:
        raise make_error(
            "RENDER_FAILED",
            detail=f"unknown or unavailable back end {name!r}; available: {sorted(_BACKENDS)}",
        )
    return backend


def available_backends() -> list[str]:
    """Names of the back ends that can be used here."""
    if not _BACKENDS:
        _register_defaults()
    return sorted(_BACKENDS)


def _register_defaults() -> None:
    for factory in (_ZintBackend, _SegnoBackend, _PyBarcodeBackend):
        try:
            register_backend(factory())
        except ImportError:  # pragma: no cover - optional back end missing
            continue


def _fail(detail: str) -> TraceCodeError:
    return make_error("RENDER_FAILED", detail=detail)


# ---------------------------------------------------------------------------
# zint (libzint via zint-bindings): every carrier, GS1 done right
# ---------------------------------------------------------------------------
class _ZintBackend:
    name = "zint"
    carriers = frozenset(
        (
            "qr", "micro-qr", "gs1-qr", "datamatrix", "gs1-datamatrix", "code128", "gs1-128",
            "ean13", "ean8", "upca", "itf14", "gs1-databar-expanded", "hanxin", "dotcode",
        )
    )  # fmt: skip

    def __init__(self) -> None:
        import zint

        self._zint = zint
        sym = zint.Symbology
        self._symbology = {
            "qr": sym.QRCODE,
            "gs1-qr": sym.QRCODE,
            "micro-qr": sym.MICROQR,
            "datamatrix": sym.DATAMATRIX,
            "gs1-datamatrix": sym.DATAMATRIX,
            "code128": sym.CODE128,
            "gs1-128": sym.GS1_128,
            "ean13": sym.EANX,
            "ean8": sym.EANX,
            "upca": sym.UPCA,
            "itf14": sym.ITF14,
            "gs1-databar-expanded": sym.DBAR_EXP,
            "hanxin": sym.HANXIN,
            "dotcode": sym.DOTCODE,
        }
        self._gs1_mode = zint.InputMode.GS1
        self._fail_all = zint.WarningLevel.FAIL_ALL

    def encode(self, carrier: str, payload: Payload, options: EncodeOptions) -> Modules:
        return _zint_rows(self._symbol(carrier, payload, options))

    def png(
        self, carrier: str, payload: Payload, options: EncodeOptions, dots: int, dpi: int | None
    ) -> bytes:
        """PNG of a text-free 2D symbol straight from libzint's packed rows.

        Same pixels as tracecode's layout (standard quiet zones, whole dots per
        module) and as libzint's own PNG writer, several times faster than either.
        """
        s = self._symbol(carrier, payload, options)
        ed = s.encoded_data
        return png_from_packed(
            ed.cast("B"), ed.shape[1], s.width, s.rows, CARRIERS[carrier].quiet, dots, dpi
        )

    def _symbol(self, carrier: str, payload: Payload, options: EncodeOptions) -> Any:
        zint = self._zint
        s = zint.Symbol()
        s.symbology = self._symbology[carrier]
        s.warn_level = self._fail_all
        text = payload.data
        data: str | bytes = text
        if payload.elements is not None and carrier not in ("qr", "micro-qr", "datamatrix"):
            # bracketed AIs: zint inserts FNC1 after variable-length fields itself;
            # tracecode has validated the data, zint only re-checks the syntax
            s.input_mode = self._gs1_mode
            data = "".join(["[" + ai + "]" + value for ai, value in payload.elements])
        elif carrier == "hanxin":
            # GB 18030 is Han Xin's own character set: pass it as such (no ECI)
            try:
                data = text.encode("gb18030")
            except UnicodeEncodeError:
                raise _fail("Han Xin: text cannot be encoded in GB 18030") from None
        elif carrier in ("itf14", "ean8"):
            data = text[:-1]  # check digit verified by tracecode; zint adds it
        if carrier in ("qr", "gs1-qr", "micro-qr", "hanxin") and options.ecc is not None:
            levels = {"L": 1, "M": 2, "Q": 3, "H": 4, "1": 1, "2": 2, "3": 3, "4": 4}
            s.option_1 = levels[options.ecc]
        if options.version is not None and carrier in ("qr", "gs1-qr", "micro-qr", "hanxin"):
            s.option_2 = options.version
        if options.mask is not None and carrier in ("qr", "gs1-qr", "micro-qr"):
            s.option_3 = (options.mask + 1) << 8
        if carrier in ("datamatrix", "gs1-datamatrix"):
            if options.shape == "rect":
                return self._dm_rect(s, data)
            s.option_3 = 101 if options.shape == "dmre" else 100
        try:
            s.encode(data)
        except RuntimeError as exc:
            raise _fail(f"zint: {exc}") from None
        return s

    def _dm_rect(self, s: Any, data: str | bytes) -> Any:
        # ECC 200 rectangles 8x18 ... 16x48 are sizes 25-30 (smallest that fits)
        for size in range(25, 31):
            s.option_2 = size
            try:
                s.encode(data)
            except RuntimeError:
                continue
            return s
        raise _fail("the data does not fit the largest rectangular Data Matrix (16x48)")


#: byte -> its 8 bits, least significant first, as "0"/"1" (zint packs rows LSB first)
_BITS = [format(b, "08b")[::-1] for b in range(256)]


def _zint_rows(s: Any) -> Modules:
    width: int = s.width
    height: int = s.rows
    ed = s.encoded_data
    stride = ed.shape[1]
    nbytes = (width + 7) // 8
    buf = ed.cast("B")[: stride * height].tobytes()
    if nbytes < stride:
        buf = b"".join(buf[r * stride : r * stride + nbytes] for r in range(height))
    bits = "".join(map(_BITS.__getitem__, buf))
    step = nbytes * 8
    rows = tuple(bits[i : i + width] for i in range(0, step * height, step))
    return rows, width, height


# ---------------------------------------------------------------------------
# segno: QR and Micro QR, Hanzi mode for Chinese text
# ---------------------------------------------------------------------------
_HANZI_RUN = re.compile(r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]+")


def _is_gb2312_hanzi(text: str) -> bool:
    try:
        raw = text.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(raw) == 2 * len(text)


def hanzi_segments(text: str) -> list[tuple[str, str | None]] | None:
    """Split ``text`` into Hanzi-mode runs and others, or None if no run helps.

    >>> hanzi_segments("批号ABC")
    [('批号', 'hanzi'), ('ABC', None)]
    >>> hanzi_segments("ABC") is None
    True
    """
    segments: list[tuple[str, str | None]] = []
    pos = 0
    found = False
    for m in _HANZI_RUN.finditer(text):
        run = m.group()
        if not _is_gb2312_hanzi(run):
            continue
        if m.start() > pos:
            segments.append((text[pos : m.start()], None))
        segments.append((run, "hanzi"))
        pos = m.end()
        found = True
    if not found:
        return None
    if pos < len(text):
        segments.append((text[pos:], None))
    return segments


class _SegnoBackend:
    name = "segno"
    carriers = frozenset(("qr", "micro-qr"))

    def __init__(self) -> None:
        import segno
        from segno import consts

        self._segno = segno
        self._hanzi_mode = consts.MODE_HANZI

    def encode(self, carrier: str, payload: Payload, options: EncodeOptions) -> Modules:
        segno = self._segno
        content: Any = payload.data
        if options.hanzi is not False:
            segments = hanzi_segments(payload.data)
            if segments is not None:
                hanzi_mode = self._hanzi_mode
                content = [(t, hanzi_mode if mode else None) for t, mode in segments]
        try:
            qr = segno.make(
                content,
                error=(options.ecc or ("L" if carrier == "micro-qr" else "M")).lower(),
                version=(f"M{options.version}" if carrier == "micro-qr" else options.version)
                if options.version
                else None,
                micro=carrier == "micro-qr",
                mask=options.mask,
                boost_error=False,
            )
        except (ValueError, segno.DataOverflowError) as exc:
            raise _fail(f"segno: {exc}") from None
        table = bytes.maketrans(b"\x00\x01", b"01")
        rows = tuple(bytes(r).translate(table).decode("ascii") for r in qr.matrix)
        return rows, len(rows[0]), len(rows)


# ---------------------------------------------------------------------------
# python-barcode: pure-Python linear codes (an alternative to zint)
# ---------------------------------------------------------------------------
class _PyBarcodeBackend:
    name = "python-barcode"
    carriers = frozenset(("code128", "gs1-128", "ean13", "ean8", "upca"))

    def __init__(self) -> None:
        import barcode

        self._get = barcode.get_barcode_class

    def encode(self, carrier: str, payload: Payload, options: EncodeOptions) -> Modules:
        data = payload.data
        if carrier == "gs1-128":
            # python-barcode prepends FNC1; separators are FNC1 (\xf1), never GS
            cls = self._get("gs1_128")
            data = data.replace("\x1d", "\xf1")
        elif carrier == "code128":
            if any(ord(c) > 126 for c in data):
                raise _fail("python-barcode: Code 128 takes ASCII only")
            cls = self._get("code128")
        else:
            cls = self._get(carrier)
            data = data[:-1]  # check digit verified by tracecode, recomputed here
        try:
            row: str = cls(data, writer=None).build()[0]
        except Exception as exc:
            raise _fail(f"python-barcode: {exc}") from None
        return (row,), len(row), 1
