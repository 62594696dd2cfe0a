"""ZPL II for Zebra-compatible label printers.

Native commands where the printer's own encoder gives exactly the same data:
``^BC`` (Code 128 / GS1-128 with ``>;``/``>5``/``>6`` subsets and ``>8`` FNC1),
``^BX`` (Data Matrix ECC 200, escape character ``_`` set explicitly, ``_1`` =
FNC1) and ``^BQ`` (plain QR, ``MA,`` prefix).  Everything else (GS1 QR, Micro QR,
EAN/UPC, ITF-14, DataBar, Han Xin, DotCode, or data with ZPL control
characters) is sent as a ``^GFA`` raster of tracecode's own symbol, with whole
printer dots per module, compressed with ZPL's run-length scheme.

>>> from tracecode.carriers._zpl import gfa_compress_row
>>> gfa_compress_row("FFFF0000")
'JF,'
"""

from __future__ import annotations

import re

import attrs

from tracecode.carriers._layout import Layout, TextLine
from tracecode.carriers._model import CARRIERS
from tracecode.carriers._writers import rasterise

__all__ = ["code128_fd", "gfa_compress_row", "write_zpl"]

_SAFE = re.compile(r"[ !-\]`-}]*")  # printable ASCII without ^ ~ _ (ZPL control/escape)
_GS = "\x1d"


def _count_code(n: int) -> str:
    out = ""
    while n > 400:
        out += "z"
        n -= 400
    q, r = divmod(n, 20)
    if q:
        out += chr(ord("g") + q - 1)
    if r:
        out += chr(ord("G") + r - 1)
    return out


def gfa_compress_row(hexrow: str) -> str:
    """ZPL ASCII compression of one raster row (``,`` = zeros to the end)."""
    stripped = hexrow.rstrip("0")
    out = []
    i = 0
    n = len(stripped)
    while i < n:
        c = stripped[i]
        j = i + 1
        while j < n and stripped[j] == c:
            j += 1
        run = j - i
        out.append(c if run == 1 else _count_code(run) + c)
        i = j
    if len(stripped) < len(hexrow):
        out.append(",")
    return "".join(out)


def _gfa(rows: list[bytearray], x: int, y: int) -> str:
    width = len(rows[0])
    nbytes = (width + 7) // 8
    table = bytes.maketrans(b"\x00\x01", b"01")
    pad = b"0" * ((-width) % 8)
    body = []
    prev = None
    for row in rows:
        bits = bytes(row).translate(table) + pad
        hexrow = f"{int(bits, 2):0{nbytes * 2}X}"
        if hexrow == prev:
            body.append(":")
        else:
            body.append(gfa_compress_row(hexrow))
            prev = hexrow
    total = nbytes * len(rows)
    return f"^FO{x},{y}^GFA,{total},{total},{nbytes},{''.join(body)}^FS"


def code128_fd(data: str, gs1: bool) -> str | None:
    r"""``^FD`` data for ``^BC`` with explicit subsets, or None if not expressible.

    >>> code128_fd("01095060001343521726123110ABC123\x1d21XYZ", True)
    '>;>801095060001343521726123110>6ABC123>821XYZ'
    """
    if any(c in "^~>" or not (" " <= c <= "~" or (gs1 and c == _GS)) for c in data):
        return None

    def digits_at(i: int) -> int:
        j = i
        while j < len(data) and data[j].isdigit():
            j += 1
        return j - i

    out: list[str] = []
    first = digits_at(0)
    mode = "C" if first >= 4 or (first >= 2 and first == len(data)) else "B"
    out.append(">;" if mode == "C" else ">:")
    if gs1:
        out.append(">8")
    i = 0
    while i < len(data):
        c = data[i]
        if c == _GS:
            out.append(">8")
            i += 1
            continue
        n = digits_at(i)
        if mode == "C":
            if n >= 2:
                out.append(data[i : i + 2])
                i += 2
                continue
            out.append(">6")
            mode = "B"
            continue
        if n >= 4 or (n >= 2 and n % 2 == 0 and i + n == len(data)):
            if n % 2:
                out.append(c)
                i += 1
            out.append(">5")
            mode = "C"
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _text(t: TextLine, dots: int, canvas_w: int, cjk_font: str) -> str:
    size = max(10, round(t.size * dots))
    top = round(t.y * dots - 0.8 * size)
    x = round(t.x * dots)
    if t.anchor == "middle":
        half = min(x, canvas_w - x)
        left, width, just = x - half, 2 * half, "C"
    elif t.anchor == "end":
        left, width, just = 0, x, "R"
    else:
        left, width, just = x, canvas_w - x, "L"
    text = t.text.replace("\\", "\\5C").replace("^", "\\5E").replace("~", "\\7E")
    if all(ord(c) < 128 for c in t.text):
        font = f"^A0N,{size},{size}"
    else:
        font = f"^A@N,{size},{size},{cjk_font}"
    return f"^FO{left},{max(0, top)}^FB{max(1, width)},1,0,{just},0{font}^FH\\^FD{text}^FS"


def write_zpl(
    lay: Layout, *, native: bool | str = True, cjk_font: str = "E:SIMSUN.FNT", ecc: str = "M"
) -> bytes:
    """One ZPL II label holding the symbol and its text.

    ``native`` True uses ``^BC``/``^BX``; ``"all"`` also ``^BQ`` (the printer then
    picks the QR version and mask itself, so the symbol size may differ from
    tracecode's); False sends every symbol as a ``^GFA`` raster.
    """
    dots = lay.dots or 1
    m = lay.matrix
    spec = CARRIERS[m.carrier]
    canvas_w = round(lay.width * dots)
    canvas_h = round(lay.height * dots)
    x = round(lay.origin[0] * dots)
    y = round(lay.origin[1] * dots)
    symbol: str | None = None
    if native:
        if m.carrier in ("code128", "gs1-128"):
            fd = code128_fd(m.data, spec.gs1)
            if fd is not None:
                bar = round(lay.bar_height * dots)
                symbol = f"^FO{x},{y}^BY{dots}^BCN,{bar},N,N,N^FD{fd}^FS"
        elif m.carrier in ("datamatrix", "gs1-datamatrix") and _SAFE.fullmatch(
            m.data.replace(_GS, "") if spec.gs1 else m.data
        ):
            fd = ("_1" + m.data.replace(_GS, "_1")) if spec.gs1 else m.data
            symbol = f"^FO{x},{y}^BXN,{dots},200,{m.width},{m.height},6,_^FD{fd}^FS"
        elif native == "all" and m.carrier == "qr" and _SAFE.fullmatch(m.data) and dots <= 10:
            symbol = f"^FO{x},{y}^BQN,2,{dots}^FD{ecc}A,{m.data}^FS"
    if symbol is None:
        bare = attrs.evolve(lay, texts=())
        symbol = _gfa(rasterise(bare, dots), 0, 0)
    parts = ["^XA", "^CI28", f"^PW{canvas_w}", f"^LL{canvas_h}", "^LH0,0", symbol]
    parts.extend(_text(t, dots, canvas_w, cjk_font) for t in lay.texts)
    parts.append("^XZ")
    return ("\n".join(parts) + "\n").encode("utf-8")
