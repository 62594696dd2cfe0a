"""Label sheets: many codes laid out on PDF pages (grid or one label per page)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from tracecode.errors import TraceCodeError, make_error

__all__ = ["PAGE_SIZES", "labels"]

#: page sizes in millimetres
PAGE_SIZES: dict[str, tuple[float, float]] = {
    "A4": (210.0, 297.0),
    "A5": (148.0, 210.0),
    "A6": (105.0, 148.0),
    "letter": (215.9, 279.4),
}


def _split_item(item: Any) -> tuple[Any, tuple[str, ...]]:
    if isinstance(item, tuple) and len(item) == 2 and not isinstance(item[1], str):
        code, caps = item
        return code, tuple(str(c) for c in caps)
    if isinstance(item, tuple) and len(item) == 2:
        return item[0], (item[1],)
    return item, ()


def labels(
    codes: Iterable[Any],
    *,
    carrier: str | None = None,
    page: str | tuple[float, float] = "A4",
    label_size: tuple[float, float] = (70.0, 37.0),
    margin: float = 0.0,
    one_per_page: bool = False,
    border: bool = False,
    progress: Callable[[int, int], None] | None = None,
    on_error: str = "raise",
    **options: Any,
) -> bytes:
    """Lay codes out on PDF pages, each with its symbol, HRI and caption lines.

    ``codes`` holds codes or ``(code, [caption, ...])`` pairs; captions may be
    Chinese.  ``page`` is a name (``A4``, ``A5``, ``A6``, ``letter``) or
    ``(width, height)`` in mm; labels of ``label_size`` mm fill it in a grid,
    or ``one_per_page`` makes each page one label of ``label_size`` (label
    stock).  Other keyword options go to :func:`tracecode.carriers.make_layout`
    / :func:`~tracecode.carriers.encode` (``xdim``, ``hri``, ``ecc``, ...).
    ``progress(done, total)`` is called after each label.  ``on_error="skip"``
    leaves a code that cannot be rendered out (with a note on its label)
    instead of raising.

    >>> pdf = labels(["(01)09506000134352(10)A1", ("81773220288616423835", ["药品追溯码"])])
    >>> pdf[:8]
    b'%PDF-1.4'
    """
    from tracecode.carriers import encode, make_layout
    from tracecode.carriers._writers import PT_PER_MM, PdfCanvas

    items = [_split_item(i) for i in codes]
    total = len(items)
    if on_error not in ("raise", "skip"):
        raise make_error("RENDER_FAILED", detail="on_error must be 'raise' or 'skip'")
    enc_keys = {"backend", "ecc", "version", "shape", "hanzi", "mask"}
    enc_opts = {k: v for k, v in options.items() if k in enc_keys}
    lay_opts = {k: v for k, v in options.items() if k not in enc_keys}
    lw, lh = label_size
    if one_per_page:
        pw, ph = lw, lh
        cols = rows = 1
        ox = oy = 0.0
    else:
        pw, ph = PAGE_SIZES[page] if isinstance(page, str) else page
        cols = max(1, int((pw - 2 * margin) // lw))
        rows = max(1, int((ph - 2 * margin) // lh))
        ox = (pw - cols * lw) / 2
        oy = (ph - rows * lh) / 2
    if lw <= 0 or lh <= 0:
        raise make_error("RENDER_FAILED", detail="label size must be positive")
    per_page = cols * rows
    pad = 2.0  # mm inside each label
    c = PdfCanvas()
    k = PT_PER_MM
    for i, (code, caps) in enumerate(items):
        slot = i % per_page
        if slot == 0:
            c.page(pw * k, ph * k)
        cx = ox + (slot % cols) * lw
        cy = oy + (slot // cols) * lh
        if border:
            c.stroke_rect(cx * k, cy * k, lw * k, lh * k)
        try:
            m = encode(code, carrier, **enc_opts)
            lay_opts_i = dict(lay_opts)
            if caps:
                lay_opts_i["caption"] = caps
            lay_opts_i.setdefault("hri", True)
            lay = make_layout(m, **lay_opts_i)
        except TraceCodeError as err:
            if on_error == "raise":
                raise
            c.text(f"#{i + 1}: {err.code}", (cx + lw / 2) * k, (cy + lh / 2) * k, 7)
            if progress is not None:
                progress(i + 1, total)
            continue
        natural_w = lay.width * lay.unit_mm
        natural_h = lay.height * lay.unit_mm
        fit = min(1.0, (lw - 2 * pad) / natural_w, (lh - 2 * pad) / natural_h)
        mm_per_module = lay.unit_mm * fit
        x = cx + (lw - lay.width * mm_per_module) / 2
        y = cy + (lh - lay.height * mm_per_module) / 2
        c.draw(lay, x * k, y * k, mm_per_module * k)
        if progress is not None:
            progress(i + 1, total)
    if not items:
        c.page(pw * k, ph * k)
    return c.tobytes()
