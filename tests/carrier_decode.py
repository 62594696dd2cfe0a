"""Decode what tracecode renders, with zxing-cpp, from every output format.

PNG is read directly; SVG is rasterised by cairosvg (test-only, LGPL); PDF by
pypdfium2; EPS by Ghostscript when installed, else by a small interpreter of the
``rectfill`` lines tracecode writes; ZPL by the zplkit emulator (test-only, OSL).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import zxingcpp
from PIL import Image


def read(img: Any) -> list[Any]:
    return list(zxingcpp.read_barcodes(img))


def from_png(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("L")


def from_svg(data: bytes, scale: float = 4.0) -> Image.Image:
    try:
        import cairosvg
    except (ImportError, OSError):  # pragma: no cover - libcairo missing on the machine
        import pytest

        pytest.skip("cairosvg (libcairo) is not available to rasterise SVG")

    return from_png(cairosvg.svg2png(bytestring=data, scale=scale, background_color="white"))


def from_pdf(data: bytes, page: int = 0, scale: float = 6.0) -> Image.Image:
    import pypdfium2

    doc = pypdfium2.PdfDocument(data)
    return doc[page].render(scale=scale).to_pil().convert("L")


_RECT = re.compile(r"^([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) rectfill$", re.M)
_BBOX = re.compile(r"%%HiResBoundingBox: 0 0 ([\d.]+) ([\d.]+)")


def from_eps(data: bytes, scale: float = 6.0) -> Image.Image:
    text = data.decode("latin-1")
    gs = shutil.which("gs")
    if gs is not None:  # pragma: no cover - only where Ghostscript is installed
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "in.eps"
            out = Path(tmp) / "out.png"
            src.write_bytes(data)
            subprocess.run(
                [gs, "-q", "-dSAFER", "-dEPSCrop", "-sDEVICE=pnggray", "-r432",
                 f"-sOutputFile={out}", str(src)],
                check=True,
            )  # fmt: skip
            return Image.open(out).convert("L")
    m = _BBOX.search(text)
    assert m is not None
    w, h = float(m.group(1)), float(m.group(2))
    img = np.full((round(h * scale), round(w * scale)), 255, np.uint8)
    for x, y, rw, rh in (tuple(map(float, g)) for g in _RECT.findall(text)):
        if rw >= w - 0.01 and rh >= h - 0.01:
            continue  # the white background
        x0, x1 = round(x * scale), round((x + rw) * scale)
        y0, y1 = round((h - y - rh) * scale), round((h - y) * scale)
        img[y0:y1, x0:x1] = 0
    return Image.fromarray(img)


def from_zpl(data: bytes, dpi: int = 203) -> Image.Image:
    import zplkit

    doc = zplkit.render(
        data,
        zplkit.Options(dpi=dpi),
        limits=zplkit._native.RenderLimits(graphic_bytes=50_000_000, pixels=100_000_000),
    )
    return from_png(doc.labels[0].png())


def image_of(fmt: str, data: bytes) -> Image.Image:
    return {
        "png": from_png,
        "svg": from_svg,
        "pdf": from_pdf,
        "eps": from_eps,
        "zpl": from_zpl,
    }[fmt](data)
