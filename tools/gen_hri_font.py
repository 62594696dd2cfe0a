"""Generate src/tracecode/carriers/_font.py: a 1-bit bitmap of printable ASCII.

The glyphs are rasterised once from Aileron Regular (CC0 1.0, public domain), the
font that Pillow bundles as its default, so PNG output never depends on the fonts
or the Pillow version of the machine that renders it.  Run from the repo root:

    python tools/gen_hri_font.py > src/tracecode/carriers/_font.py
"""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFont

SIZE = 24
font = ImageFont.load_default(size=SIZE)
ascent, descent = font.getmetrics()
height = ascent + descent
rows_out = []
for code in range(32, 127):
    ch = chr(code)
    adv = round(font.getlength(ch))
    img = Image.new("L", (adv + 4, height), 0)
    ImageDraw.Draw(img).text((0, 0), ch, fill=255, font=font)
    w = adv
    bits = []
    for y in range(height):
        v = 0
        for x in range(w):
            if img.getpixel((x, y)) >= 128:
                v |= 1 << x
        bits.append(v)
    rows_out.append((ch, adv, bits))

print('"""Bitmap glyphs of printable ASCII for PNG text (generated, do not edit).')
print()
print("Rasterised by tools/gen_hri_font.py from Aileron Regular by Sora Sagano,")
print("released under CC0 1.0 (public domain).  Each glyph is its advance width in")
print("pixels and one integer per pixel row, bit x set for a dark pixel at column x.")
print('"""')
print()
print(f"HEIGHT = {height}")
print(f"ASCENT = {ascent}")
print()
print("# fmt: off")
print("GLYPHS: dict[str, tuple[int, tuple[int, ...]]] = {")
for ch, adv, bits in rows_out:
    body = ",".join(str(b) for b in bits)
    line = f"    {ch!r}: ({adv}, ({body})),"
    print(line + "  # noqa: E501" if len(line) > 100 else line)
print("}")
print("# fmt: on")
