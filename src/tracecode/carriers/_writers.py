"""Output writers: SVG, PNG, PDF and EPS from a :class:`Layout`.

All writers are deterministic (no timestamps, no random ids), so the same input
gives the same bytes: fit for golden-file tests.  Text is drawn by tracecode:
SVG ``<text>``, PDF Helvetica or the Adobe CJK font STSong-Light for Chinese,
EPS Helvetica or ``STSong-Light-UniGB-UCS2-H``, PNG a built-in bitmap font
(ASCII) or Pillow with ``font_path`` for other scripts.
"""

from __future__ import annotations

import itertools
import re
import struct
import zlib
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape

from tracecode.carriers import _font
from tracecode.carriers._layout import (
    MM_PER_INCH,
    Layout,
    TextLine,
    all_rects,
    text_width_em,
)
from tracecode.carriers._model import CARRIERS
from tracecode.errors import make_error

__all__ = ["PdfCanvas", "png_from_packed", "write_eps", "write_pdf", "write_png", "write_svg"]

PT_PER_MM = 72 / MM_PER_INCH
_RUN = re.compile("1+")
_BAR_SPACE = re.compile("1+0*")
_PLAIN_LINEAR = frozenset(("code128", "gs1-128", "gs1-databar-expanded", "itf14"))
SVG_FONTS = (
    "Helvetica, Arial, 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', "
    "SimHei, sans-serif"
)


def _n(v: float) -> str:
    """Compact number: at most 4 decimals, no trailing zeros."""
    got = _N.get(v)
    if got is None:
        got = str(int(v)) if v == int(v) else f"{v:.4f}".rstrip("0").rstrip(".")
        if len(_N) < 8192:
            _N[v] = got
    return got


#: numbers written so far (the same sizes and positions recur from symbol to symbol)
_N: dict[float, str] = {}


def _is_ascii(text: str) -> bool:
    return all(32 <= ord(c) < 127 for c in text)


# ---------------------------------------------------------------------------
# SVG
# ---------------------------------------------------------------------------
def _svg_matrix_path(lay: Layout) -> str:
    """Path data of a 2D symbol straight from its module rows (integers only)."""
    m = lay.matrix
    x0, y0 = lay.origin
    parts: list[str] = []
    add = parts.append
    ix0 = int(x0)
    if x0 != ix0:  # symbol shifted by a fraction (wide text): absolute coordinates
        for ry, row in enumerate(m.rows):
            ys = _n(y0 + ry)
            for mm in _RUN.finditer(row):
                w = mm.end() - mm.start()
                add(f"M{_n(x0 + mm.start())} {ys}h{w}v1h-{w}z")
        return "".join(parts)
    iy0 = int(y0)
    for ry, row in enumerate(m.rows):
        y = iy0 + ry
        for mm in _RUN.finditer(row):
            a = mm.start()
            w = mm.end() - a
            add(f"M{ix0 + a} {y}h{w}v1h-{w}z")
    return "".join(parts)


def _svg_matrix_strokes(lay: Layout) -> str:
    """Stroke path (width 1 module) of a 2D symbol built by string replacement.

    Each row is one subpath along the module centres: ``h1`` over a dark
    module, ``m1 0`` over a light one, so no per-module Python work is needed.
    """
    m = lay.matrix
    ix0 = int(lay.origin[0])
    iy0 = int(lay.origin[1])
    parts = []
    for ry, row in enumerate(m.rows):
        body = row.rstrip("0")
        lead = len(body) - len(body.lstrip("0"))
        if not body:
            continue
        cmds = body[lead:].replace("1", "a").replace("0", "m1 0").replace("a", "h1")
        parts.append(f"M{ix0 + lead} {iy0 + ry}.5{cmds}")
    return "".join(parts)


#: bar height (as written) -> bar+space pattern -> its relative path fragment
_BAR_FRAGMENTS: dict[str, dict[str, str]] = {}


def write_svg(lay: Layout) -> bytes:
    """SVG with a viewBox in modules and width/height in millimetres."""
    memo: dict[float, str] = {}
    stroke = ""

    def num(v: float) -> str:
        got = memo.get(v)
        if got is None:
            got = memo[v] = _n(v)
        return got

    if lay.matrix.carrier in _PLAIN_LINEAR and lay.origin[0].is_integer():
        # plain bars straight from the module row: integer x, one shared height
        # one relative fragment per distinct bar+space pattern, joined in C
        row = lay.matrix.rows[0]
        lead = len(row) - len(row.lstrip("0"))
        tokens = _BAR_SPACE.findall(row, lead)
        bh = num(lay.bar_height)
        frag = _BAR_FRAGMENTS.get(bh)
        if frag is None:
            if len(_BAR_FRAGMENTS) >= 64:
                _BAR_FRAGMENTS.clear()
            frag = _BAR_FRAGMENTS[bh] = {}
        try:
            bars = "".join(map(frag.__getitem__, tokens))
        except KeyError:  # a bar+space pattern not seen yet at this height
            for t in set(tokens).difference(frag):
                frag[t] = f"h{t.count('1')}v{bh}h-{t.count('1')}zm{len(t)} 0"
            bars = "".join(map(frag.__getitem__, tokens))
        parts = [f"M{int(lay.origin[0]) + lead} {num(lay.origin[1])}", bars]
        parts.extend(  # bearer bars of ITF-14
            f"M{num(x)} {num(y)}h{num(w)}v{num(h)}h-{num(w)}z" for (x, y, w, h) in lay.rects
        )
    else:
        two_d = CARRIERS[lay.matrix.carrier].kind == "2d"
        parts = [
            f"M{int(x) if x.is_integer() else num(x)} {num(y)}h{num(w)}v{num(h)}h-{num(w)}z"
            for (x, y, w, h) in (lay.rects if two_d else all_rects(lay))
        ]
        if two_d and lay.origin[0].is_integer() and lay.origin[1].is_integer():
            stroke = (
                f'<path stroke="#000" stroke-width="1" fill="none" d="{_svg_matrix_strokes(lay)}"/>'
            )
        elif two_d:
            parts.insert(0, _svg_matrix_path(lay))
    w_mm = lay.width * lay.unit_mm
    h_mm = lay.height * lay.unit_mm
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{_n(w_mm)}mm" '
        f'height="{_n(h_mm)}mm" viewBox="0 0 {_n(lay.width)} {_n(lay.height)}">'
        f'<rect width="{_n(lay.width)}" height="{_n(lay.height)}" fill="#fff"/>'
        + (f'<path fill="#000" d="{"".join(parts)}"/>' if parts else "")
        + stroke
    ]
    for t in lay.texts:
        out.append(
            f'<text x="{_n(t.x)}" y="{_n(t.y)}" font-size="{_n(t.size)}" '
            f'text-anchor="{t.anchor}" font-family="{SVG_FONTS}">{escape(t.text)}</text>'
        )
    out.append("</svg>\n")
    return "".join(out).encode("utf-8")


# ---------------------------------------------------------------------------
# PNG (1-bit grey, own writer: no Pillow needed unless non-ASCII text)
# ---------------------------------------------------------------------------
def _png_chunk(tag: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + tag
        + data
        + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    )


def encode_png(rows: list[bytearray], width: int, dpi: int | None) -> bytes:
    """1-bit greyscale PNG from rows of 0/1 bytes (1 = dark).

    A row equal to the one above is written with PNG filter "Up" (all zeros), so
    tall bars and repeated module rows cost almost nothing to pack and compress.
    """
    nbytes = (width + 7) // 8
    pad = b"\x00" * (nbytes * 8 - width)
    up = b"\x02" + bytes(nbytes)
    out: list[bytes] = []
    prev: bytearray | None = None
    for row in rows:
        if prev is not None and (row is prev or row == prev):
            out.append(up)
            continue
        bits = (bytes(row) + pad).translate(_PNG_BITS)
        out.append(b"\x00" + int(bits, 2).to_bytes(nbytes, "big"))
        prev = row
    return _png_chunks(width, len(rows), b"".join(out), dpi)


_PNG_BITS = bytes.maketrans(b"\x00\x01", b"10")


def rasterise(lay: Layout, dots: int, font_path: str | None = None) -> list[bytearray]:
    """Rasterise the layout as pixel rows (1 = dark) at ``dots`` pixels per module.

    Rows are built once per horizontal band in which the set of rectangles does
    not change, then repeated, so a tall barcode costs no more than one row.
    """
    width = round(lay.width * dots)
    height = round(lay.height * dots)
    spans: list[tuple[int, int, int, int]] = []
    for x, y, w, h in all_rects(lay):
        py0 = max(0, round(y * dots))
        py1 = min(height, round((y + h) * dots))
        if py1 > py0:
            spans.append((py0, py1, round(x * dots), round((x + w) * dots)))
    cuts = sorted({0, height, *(a for a, _, _, _ in spans), *(b for _, b, _, _ in spans)})
    spans.sort()
    canvas: list[bytearray] = []
    for top, bottom in itertools.pairwise(cuts):
        row = bytearray(width)
        for a, b, px0, px1 in spans:
            if a > top:
                break
            if b > top:
                row[px0:px1] = b"\x01" * (px1 - px0)
        canvas.extend([row] * (bottom - top))  # shared: text drawing copies first
    for t in lay.texts:
        _draw_text(canvas, t, dots, font_path)
    return canvas


_GLYPH_ROWS: dict[tuple[str, int], tuple[int, tuple[bytes, ...]]] = {}


def _glyph_rows(ch: str, px_size: int) -> tuple[int, tuple[bytes, ...]]:
    """Glyph ``ch`` scaled to an em of ``px_size`` pixels: width and pixel rows."""
    key = (ch, px_size)
    got = _GLYPH_ROWS.get(key)
    if got is not None:
        return got
    adv, bits = _font.GLYPHS.get(ch, _font.GLYPHS["?"])
    scale = px_size / 24  # the glyphs were rasterised at an em of 24 px
    gw = max(1, round(adv * scale))
    gh = round(_font.HEIGHT * scale)
    rows: list[bytes] = []
    for yy in range(gh):
        src = bits[min(_font.HEIGHT - 1, int(yy / scale))]
        rows.append(bytes((src >> min(adv - 1, int(xx / scale))) & 1 for xx in range(gw)))
    got = (gw, tuple(rows))
    if len(_GLYPH_ROWS) < 4096:
        _GLYPH_ROWS[key] = got
    return got


def _draw_text(canvas: list[bytearray], t: TextLine, dots: int, font_path: str | None) -> None:
    px_size = t.size * dots  # em in pixels
    if not _is_ascii(t.text) or font_path is not None:
        _draw_text_pillow(canvas, t, dots, font_path)
        return
    size = max(1, round(px_size))
    glyphs = [_glyph_rows(c, size) for c in t.text]
    total = sum(gw for gw, _ in glyphs)
    width = len(canvas[0]) if canvas else 0
    if total > width > 0:  # the bitmap font runs wider than the layout's estimate
        size = max(1, int(size * width / total))
        glyphs = [_glyph_rows(c, size) for c in t.text]
        total = sum(gw for gw, _ in glyphs)
    if t.anchor == "middle":
        left = round(t.x * dots - total / 2)
    elif t.anchor == "end":
        left = round(t.x * dots - total)
    else:
        left = round(t.x * dots)
    top = round(t.y * dots - _font.ASCENT * size / 24)
    height = len(canvas)
    if t.anchor == "middle" and (left < 0 or left + total > width):
        left = max(0, min(left, width - total))
    if left < 0 or left + total > width:  # clip: keep the glyphs that fit
        keep = []
        pen = left
        for gw, rows in glyphs:
            if pen >= 0 and pen + gw <= width:
                keep.append((gw, rows))
            elif pen < 0:
                left += gw
            pen += gw
        glyphs = keep
        total = sum(gw for gw, _ in glyphs)
    if not glyphs:
        return
    for yy, parts in enumerate(zip(*(rows for _, rows in glyphs), strict=True)):
        py = top + yy
        if not 0 <= py < height:
            continue
        line = b"".join(parts)
        if b"\x01" in line:
            target = canvas[py] = bytearray(canvas[py])  # rows of a band are shared
            target[left : left + total] = line


#: CJK fonts looked for when PNG text needs one and no font_path is given
CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "C:/Windows/Fonts/simhei.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
)


def _find_cjk_font() -> str | None:
    import os

    return next((p for p in CJK_FONTS if os.path.exists(p)), None)


def _draw_text_pillow(
    canvas: list[bytearray], t: TextLine, dots: int, font_path: str | None
) -> None:
    try:
        from PIL import Image, ImageDraw, ImageFont
    except ImportError:
        raise make_error(
            "RENDER_FAILED",
            detail="PNG text outside ASCII needs Pillow and a CJK font (font_path=...); "
            "SVG, PDF and EPS draw Chinese text without them",
        ) from None
    if font_path is None:
        font_path = _find_cjk_font()
    if font_path is None:
        raise make_error(
            "RENDER_FAILED",
            detail="PNG text outside ASCII needs a CJK font file: pass font_path=...",
        )
    px = max(1, round(t.size * dots))
    try:
        font = ImageFont.truetype(font_path, px)
    except OSError as exc:
        raise make_error("RENDER_FAILED", detail=f"cannot load font {font_path!r}: {exc}") from None
    w = round(font.getlength(t.text)) + 2
    ascent, descent = font.getmetrics()
    img = Image.new("L", (w, ascent + descent), 0)
    ImageDraw.Draw(img).text((0, 0), t.text, fill=255, font=font)
    if t.anchor == "middle":
        left = round(t.x * dots - w / 2)
    elif t.anchor == "end":
        left = round(t.x * dots - w)
    else:
        left = round(t.x * dots)
    top = round(t.y * dots) - ascent
    data = img.tobytes()
    for yy in range(img.height):
        py = top + yy
        if not 0 <= py < len(canvas):
            continue
        row = canvas[py] = bytearray(canvas[py])  # rows of a band are shared
        for xx in range(w):
            if data[yy * w + xx] >= 128 and 0 <= left + xx < len(row):
                row[left + xx] = 1


def write_png(lay: Layout, font_path: str | None = None) -> bytes:
    """PNG at the layout's dots per module (1-bit, with the dpi recorded)."""
    dots = lay.dots or 4
    if lay.texts:
        rows = rasterise(lay, dots, font_path)
        return encode_png(rows, len(rows[0]), lay.dpi)
    if CARRIERS[lay.matrix.carrier].kind == "2d" and lay.origin[0].is_integer():
        return _png_from_matrix(lay, dots)
    return encode_png(_fast_rows(lay, dots), round(lay.width * dots), lay.dpi)


_PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"


def _png_chunks(
    width: int, height: int, raw: bytes, dpi: int | None, idat: bytes | None = None
) -> bytes:
    """PNG file of 1-bit image data ``raw`` (or of ``idat``, that data already deflated)."""
    key = (width, height, dpi)
    head = _PNG_HEADS.get(key)
    if head is None:
        header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
        head = b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
        if dpi:
            ppm = round(dpi / 0.0254)
            head += _png_chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1))
        if len(_PNG_HEADS) >= 256:
            _PNG_HEADS.clear()
        _PNG_HEADS[key] = head
    if idat is None:
        idat = zlib.compress(raw, 1)
    return b"".join(
        (
            head,
            len(idat).to_bytes(4, "big"),
            b"IDAT",
            idat,
            zlib.crc32(idat, _IDAT_CRC).to_bytes(4, "big"),
            _PNG_END,
        )
    )


#: (width, height, dpi) -> PNG signature, IHDR and pHYs chunks
_PNG_HEADS: dict[tuple[int, int, int | None], bytes] = {}
_IDAT_CRC = zlib.crc32(b"IDAT")


# A small hand-made deflate stream for small symbols: the distinct pixel rows as
# stored blocks, the repeated rows and quiet zones (the same bytes for every symbol
# of a geometry) as fixed-Huffman blocks made once.  No zlib compressor is set up
# per symbol, which costs more than the symbol itself at these sizes.
_LEN_BASE: tuple[int, ...] = (
    3,
    4,
    5,
    6,
    7,
    8,
    9,
    10,
    11,
    13,
    15,
    17,
    19,
    23,
    27,
    31,
    35,
    43,
    51,
    59,
    67,
    83,
)
_LEN_BASE += (99, 115, 131, 163, 195, 227, 258)
_LEN_EXTRA: tuple[int, ...] = (0,) * 8 + (1,) * 4 + (2,) * 4 + (3,) * 4 + (4,) * 4 + (5,) * 4 + (0,)
_DIST_BASE: tuple[int, ...] = (
    1,
    2,
    3,
    4,
    5,
    7,
    9,
    13,
    17,
    25,
    33,
    49,
    65,
    97,
    129,
    193,
    257,
    385,
    513,
    769,
)
_DIST_BASE += (1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577)
_DIST_EXTRA: tuple[int, ...] = (
    0,
    0,
    0,
    0,
    1,
    1,
    2,
    2,
    3,
    3,
    4,
    4,
    5,
    5,
    6,
    6,
    7,
    7,
    8,
    8,
    9,
    9,
    10,
    10,
    11,
    11,
)
_DIST_EXTRA += (12, 12, 13, 13)
#: small images (raw PNG data up to this size) are deflated by hand, larger ones by zlib
_HAND_DEFLATE_MAX = 32768


class _Bits:
    """Deflate bit writer (least significant bit first)."""

    def __init__(self) -> None:
        self.value = 0
        self.n = 0

    def put(self, value: int, n: int) -> None:
        self.value |= value << self.n
        self.n += n

    def code(self, code: int, n: int) -> None:  # Huffman codes go most significant bit first
        self.put(int(format(code, f"0{n}b")[::-1], 2), n)

    def symbol(self, sym: int) -> None:  # the fixed literal/length code
        if sym < 144:
            self.code(0x30 + sym, 8)
        elif sym < 256:
            self.code(0x190 + sym - 144, 9)
        elif sym < 280:
            self.code(sym - 256, 7)
        else:
            self.code(0xC0 + sym - 280, 8)

    def match(self, length: int, dist: int) -> None:
        i = max(j for j, b in enumerate(_LEN_BASE) if b <= length)
        self.symbol(257 + i)
        self.put(length - _LEN_BASE[i], _LEN_EXTRA[i])
        d = max(j for j, b in enumerate(_DIST_BASE) if b <= dist)
        self.code(d, 5)
        self.put(dist - _DIST_BASE[d], _DIST_EXTRA[d])

    def fixed_block(self, data: bytes, final: bool, dists: tuple[int, ...]) -> None:
        """``data`` as one fixed-Huffman block, back-references only inside it."""
        self.put(1 if final else 0, 1)
        self.put(1, 2)  # BTYPE 01
        i = 0
        while i < len(data):
            best, best_d = 0, 0
            for d in dists:
                if d > i:
                    continue
                n = 0
                while n < 258 and i + n < len(data) and data[i + n] == data[i + n - d]:
                    n += 1
                if n > best:
                    best, best_d = n, d
            if best >= 3:
                self.match(best, best_d)
                i += best
            else:
                self.symbol(data[i])
                i += 1
        self.symbol(256)

    def stored_header(self, length: int) -> None:
        """Header of a stored (not final) block of ``length`` bytes; byte aligned after."""
        self.put(0, 3)
        self.n += -self.n % 8
        self.put(length | (length ^ 0xFFFF) << 16, 32)

    def tobytes(self) -> bytes:
        self.n += -self.n % 8
        return self.value.to_bytes(self.n // 8, "little")


def _hand_deflate_plan(
    row_bytes: int, dots: int, top: bytes, bottom: bytes
) -> tuple[bytes, bytes, bytes]:
    """Head, separator and tail of the deflate stream around the distinct pixel rows.

    The stream is ``head + sep.join(rows) + tail + adler32``, each row its filter
    byte and pixels (``row_bytes + 1`` bytes, a stored block).
    """
    up = (b"\x02" + bytes(row_bytes)) * (dots - 1)
    dists = (row_bytes + 1, 1)
    head = _Bits()
    if top:
        head.fixed_block(top, False, dists)
    head.stored_header(row_bytes + 1)
    sep = _Bits()
    if up:
        sep.fixed_block(up, False, dists)
    sep.stored_header(row_bytes + 1)
    tail = _Bits()
    tail.fixed_block(up + bottom, True, dists)
    return b"\x78\x01" + head.tobytes(), sep.tobytes(), tail.tobytes()


#: per geometry: slices picking the rows out of a packed buffer, digit tables (see below)
_PACKED_PLANS: dict[tuple[Any, ...], tuple[Any, ...]] = {}


def _packed_plan(
    stride: int, width: int, height: int, quiet: tuple[int, int, int, int], dots: int
) -> tuple[Any, ...]:
    """Everything :func:`png_from_packed` needs that depends on the geometry only.

    Each module becomes ``dots`` pixel bits, written as ``k`` digits of ``g`` bits
    (``g`` = 4, 2 or 1, the largest dividing ``dots``): ``f``/``3``/``1`` for a
    light module, ``0`` for a dark one.  One table per byte column of the packed
    rows turns a byte (8 modules, least significant first) into its digits; the
    first column's table also writes the PNG filter byte and the left quiet zone,
    the last one only the modules that exist, then the right quiet zone, the row
    padding and the ``dots - 1`` repeats of the row (filter "Up", all zeros).  So
    joining the looked-up strings gives the PNG image data, one conversion away.
    """
    qt, qr, qb, ql = quiet
    g = 4 if dots % 4 == 0 else 2 if dots % 2 == 0 else 1
    k = dots // g
    light = {4: "f", 2: "3", 1: "1"}[g]
    row_bytes = ((ql + width + qr) * dots + 7) // 8
    nb_in = (width + 7) // 8
    zero = "0" * (8 // g)
    head = zero + light * (ql * k)  # filter None, left quiet zone
    tail = light * (row_bytes * 8 // g - (ql + width) * k)
    tail += (_digits(2, g) + zero * row_bytes) * (dots - 1)  # filter Up, no change
    cells = ["".join(("0" if (b >> i) & 1 else light) * k for i in range(8)) for b in range(256)]
    cut = (width - 8 * (nb_in - 1)) * k
    if nb_in == 1:
        tables = [[head + c[:cut] + tail for c in cells]]
    else:
        tables = [[head + c for c in cells]]
        tables.extend([cells] * (nb_in - 2))
        tables.append([c[:cut] + tail for c in cells])
    blank = b"\x00" + b"\xff" * row_bytes
    up = b"\x02" + bytes(row_bytes)
    top = blank + up * (qt * dots - 1) if qt else b""
    bottom = blank + up * (qb * dots - 1) if qb else b""
    size = (ql + width + qr) * dots, (qt + height + qb) * dots, height * dots * (row_bytes + 1)
    hand = None
    if len(top) + size[2] + len(bottom) <= _HAND_DEFLATE_MAX:
        z_head, z_sep, z_tail = _hand_deflate_plan(row_bytes, dots, top, bottom)
        step = dots * (row_bytes + 1)
        rows = [slice(r * step, r * step + row_bytes + 1) for r in range(height)]
        hand = z_head, z_sep, z_tail, rows, zlib.adler32(top)
    return g, stride * height, nb_in, tables, top, bottom, size, hand


def _digits(value: int, g: int) -> str:
    """One byte as digits of ``g`` bits (hex, base 4 or binary)."""
    if g == 4:
        return f"{value:02x}"
    if g == 1:
        return f"{value:08b}"
    return "".join(str((value >> s) & 3) for s in (6, 4, 2, 0))


def png_from_packed(
    buf: Any,
    stride: int,
    width: int,
    height: int,
    quiet: tuple[int, int, int, int],
    dots: int,
    dpi: int | None,
) -> bytes:
    """1-bit PNG of a bare 2D symbol from packed module rows (libzint's ``encoded_data``).

    Rows hold 8 modules a byte, least significant bit first, ``stride`` bytes
    apart.  ``quiet`` is (top, right, bottom, left) in modules; ``dots`` pixels per module.
    The pixels are those of :func:`write_png` for the same layout.  No per-pixel
    or per-row Python work: table look-ups turn the packed rows into digits, one
    conversion turns those into the image data (repeated rows use filter "Up").
    """
    key = (stride, width, height, quiet, dots)
    plan = _PACKED_PLANS.get(key)
    if plan is None:
        if len(_PACKED_PLANS) >= 64:
            _PACKED_PLANS.clear()
        plan = _PACKED_PLANS[key] = _packed_plan(stride, width, height, quiet, dots)
    g, end, nb_in, tables, top, bottom, (px_w, px_h, nbytes), hand = plan
    data = bytes(buf[:end])
    if nb_in < stride:  # the used bytes of each row, rows back to back
        rows = bytearray(nb_in * height)
        for i in range(nb_in):
            rows[i::nb_in] = data[i::stride]
        data = bytes(rows)
    digits = "".join(map(list.__getitem__, itertools.cycle(tables), data))
    image = bytes.fromhex(digits) if g == 4 else int(digits, 1 << g).to_bytes(nbytes, "big")
    if hand is None:
        return _png_chunks(px_w, px_h, top + image + bottom, dpi)
    head, sep, tail, rows, adler_top = hand
    adler = zlib.adler32(bottom, zlib.adler32(image, adler_top))
    idat = b"".join((head, sep.join(map(image.__getitem__, rows)), tail, adler.to_bytes(4, "big")))
    return _png_chunks(px_w, px_h, b"", dpi, idat)


def _png_from_matrix(lay: Layout, dots: int) -> bytes:
    """PNG of a text-free 2D symbol packed straight from its module rows."""
    m = lay.matrix
    width = round(lay.width * dots)
    height = round(lay.height * dots)
    nbytes = (width + 7) // 8
    left = int(lay.origin[0]) * dots
    right = nbytes * 8 - left - m.width * dots  # quiet zone + byte padding (white)
    white_l = "1" * left
    white_r = "1" * right
    dark = "0" * dots
    light = "1" * dots
    up = b"\x02" + bytes(nbytes)
    blank = b"\x00" + b"\xff" * nbytes
    top = round(lay.origin[1] * dots)
    out = [blank] + [up] * (top - 1) if top else []
    # every module row at once: one string expansion, one big-int packing
    sep = white_r + white_l
    joined = "|".join(m.rows).replace("1", "a").replace("0", light).replace("a", dark)
    bits = white_l + joined.replace("|", sep) + white_r
    packed = int(bits, 2).to_bytes(nbytes * m.height, "big")
    tail = [up] * (dots - 1)
    for i in range(0, nbytes * m.height, nbytes):
        out.append(b"\x00" + packed[i : i + nbytes])
        out.extend(tail)
    rest = height - len(out)
    if rest > 0:
        out.append(blank)
        out.extend([up] * (rest - 1))
    return _png_chunks(width, height, b"".join(out), lay.dpi)


def _fast_rows(lay: Layout, dots: int) -> list[bytearray]:
    """Pixel rows of a text-free layout, one module row at a time."""
    m = lay.matrix
    width = round(lay.width * dots)
    if m.linear or m.carrier == "itf14":
        return rasterise(lay, dots)
    x0, y0 = lay.origin
    left = round(x0 * dots)
    right = width - left - m.width * dots
    blank = bytearray(width)
    top = round(y0 * dots)
    out = [blank] * top
    lpad = bytes(left)
    rpad = bytes(right)
    dark = "\x01" * dots
    light = "\x00" * dots
    for row in m.rows:
        px = row.replace("0", "a").replace("1", dark).replace("a", light).encode("latin-1")
        line = bytearray(lpad + px + rpad)
        out.extend([line] * dots)
    out.extend([blank] * (round(lay.height * dots) - len(out)))
    return out


# ---------------------------------------------------------------------------
# PDF (own minimal writer: vector bars, Helvetica and STSong-Light text)
# ---------------------------------------------------------------------------
def _pdf_str(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


class PdfCanvas:
    """A tiny deterministic PDF writer: pages of rectangles and text.

    >>> c = PdfCanvas()
    >>> c.page(100, 50)
    >>> c.rect(10, 10, 20, 20)
    >>> c.text("追溯码 ABC", 50, 5, 8)
    >>> c.tobytes().startswith(b"%PDF-1.4")
    True
    """

    def __init__(self) -> None:
        self._pages: list[tuple[float, float, list[str]]] = []
        self._cjk = False

    def page(self, width_pt: float, height_pt: float) -> None:
        """Start a new page (size in points)."""
        self._pages.append((width_pt, height_pt, ["0 g"]))

    @property
    def _ops(self) -> list[str]:
        return self._pages[-1][2]

    @property
    def height(self) -> float:
        """Height of the current page in points."""
        return self._pages[-1][1]

    def rect(self, x: float, y: float, w: float, h: float) -> None:
        """Fill a rectangle; ``y`` measured from the top of the page."""
        self._ops.append(f"{_n(x)} {_n(self.height - y - h)} {_n(w)} {_n(h)} re")

    def fill(self) -> None:
        """Fill the rectangles added so far."""
        self._ops.append("f")

    def stroke_rect(self, x: float, y: float, w: float, h: float, width: float = 0.3) -> None:
        """Outline a rectangle (thin grey, e.g. label borders)."""
        self._ops.append(
            f"q 0.6 G {_n(width)} w {_n(x)} {_n(self.height - y - h)} {_n(w)} {_n(h)} re S Q"
        )

    def text(self, text: str, x: float, y: float, size: float, anchor: str = "middle") -> None:
        """Draw ``text`` with its baseline at ``y`` (from the top), anchored at ``x``."""
        width = text_width_em(text) * size
        if anchor == "middle":
            x -= width / 2
        elif anchor == "end":
            x -= width
        base = self.height - y
        if _is_ascii(text):
            self._ops.append(f"BT /F1 {_n(size)} Tf {_n(x)} {_n(base)} Td {_pdf_str(text)} Tj ET")
        else:
            self._cjk = True
            hexs = text.encode("utf-16-be").hex().upper()
            self._ops.append(f"BT /F2 {_n(size)} Tf {_n(x)} {_n(base)} Td <{hexs}> Tj ET")

    def draw(self, lay: Layout, x: float = 0.0, y: float = 0.0, scale: float = 1.0) -> None:
        """Draw a layout with its top-left at (x, y) points; ``scale`` = points per module."""
        ops = self._ops
        h = self.height
        rects = all_rects(lay)
        for rx, ry, rw, rh in rects:
            ops.append(
                f"{_n(x + rx * scale)} {_n(h - y - (ry + rh) * scale)} "
                f"{_n(rw * scale)} {_n(rh * scale)} re"
            )
        if rects:
            ops.append("f")
        for t in lay.texts:
            self.text(t.text, x + t.x * scale, y + t.y * scale, t.size * scale, t.anchor)

    def tobytes(self) -> bytes:
        """Return the finished PDF file."""
        objs: list[bytes] = []

        def add(body: bytes) -> int:
            objs.append(body)
            return len(objs)

        catalog = add(b"")
        pages = add(b"")
        f1 = add(
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
        )
        fonts = f"/F1 {f1} 0 R"
        if self._cjk:
            desc = add(
                b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
                b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
                b"/CapHeight 880 /StemV 93 >>"
            )
            cid = add(
                b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
                b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> "
                b"/FontDescriptor " + str(desc).encode() + b" 0 R /DW 1000 "
                b"/W [1 95 500] >>"
            )
            f2 = add(
                b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-UniGB-UCS2-H "
                b"/Encoding /UniGB-UCS2-H /DescendantFonts [" + str(cid).encode() + b" 0 R] >>"
            )
            fonts += f" /F2 {f2} 0 R"
        kids = []
        for w, h, ops in self._pages:
            data = zlib.compress("\n".join(ops).encode("latin-1"), 6)
            content = add(
                f"<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode()
                + data
                + b"\nendstream"
            )
            page = add(
                f"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 {_n(w)} {_n(h)}] "
                f"/Resources << /Font << {fonts} >> >> /Contents {content} 0 R >>".encode()
            )
            kids.append(f"{page} 0 R")
        objs[catalog - 1] = f"<< /Type /Catalog /Pages {pages} 0 R >>".encode()
        objs[pages - 1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i, body in enumerate(objs, start=1):
            offsets.append(len(out))
            out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
        xref = len(out)
        out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
        for off in offsets:
            out += f"{off:010d} 00000 n \n".encode()
        out += (
            f"trailer\n<< /Size {len(objs) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n"
        ).encode()
        return bytes(out)


def write_pdf(lay: Layout) -> bytes:
    """One-page PDF the size of the symbol (vector, mm-exact)."""
    scale = lay.unit_mm * PT_PER_MM
    c = PdfCanvas()
    c.page(lay.width * scale, lay.height * scale)
    c.draw(lay, 0, 0, scale)
    return c.tobytes()


# ---------------------------------------------------------------------------
# EPS
# ---------------------------------------------------------------------------
def _ps_text(t: TextLine, scale: float, height: float) -> Iterable[str]:
    x = t.x * scale
    y = height - t.y * scale
    size = t.size * scale
    if _is_ascii(t.text):
        font = "/Helvetica"
        s = _pdf_str(t.text)
    else:
        font = "/STSong-Light-UniGB-UCS2-H"
        s = "<" + t.text.encode("utf-16-be").hex().upper() + ">"
    yield f"{font} findfont {_n(size)} scalefont setfont"
    if t.anchor == "middle":
        yield f"{_n(x)} {_n(y)} moveto {s} dup stringwidth pop 2 div neg 0 rmoveto show"
    elif t.anchor == "end":
        yield f"{_n(x)} {_n(y)} moveto {s} dup stringwidth pop neg 0 rmoveto show"
    else:
        yield f"{_n(x)} {_n(y)} moveto {s} show"


def write_eps(lay: Layout) -> bytes:
    """Write Encapsulated PostScript (vector; text drawn by the interpreter's fonts)."""
    scale = lay.unit_mm * PT_PER_MM
    w = lay.width * scale
    h = lay.height * scale
    lines = [
        "%!PS-Adobe-3.0 EPSF-3.0",
        "%%Creator: tracecode",
        f"%%BoundingBox: 0 0 {int(w + 0.999)} {int(h + 0.999)}",
        f"%%HiResBoundingBox: 0 0 {_n(w)} {_n(h)}",
        "%%EndComments",
        "gsave",
        f"1 setgray 0 0 {_n(w)} {_n(h)} rectfill 0 setgray",
    ]
    for x, y, rw, rh in all_rects(lay):
        lines.append(
            f"{_n(x * scale)} {_n(h - (y + rh) * scale)} {_n(rw * scale)} {_n(rh * scale)} rectfill"
        )
    for t in lay.texts:
        lines.extend(_ps_text(t, scale, h))
    lines += ["grestore", "showpage", "%%EOF", ""]
    return "\n".join(lines).encode("latin-1")
