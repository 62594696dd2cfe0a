"""Benchmark: tracecode.render vs the encoder back end called directly.

Run:  python bench/bench_carriers.py [--n 2000] [--repeat 3]

Symbols per second on one core for
  * QR Code, a 60-character URL       (default back end: zint; segno shown for reference)
  * GS1 DataMatrix, 4 AIs with a GS   (zint)
  * GS1-128, the same element string  (zint)
to SVG and PNG at 4 pixels per module.  "direct" is the back end doing the whole job itself (zint:
encode + its own SVG/PNG writer into memory; segno: make + save), the way a
caller without tracecode would.  tracecode's figure includes parsing and
validating the GS1 data, the quiet zones, whole dots per module and its own
SVG/PNG writers.  Every payload is unique.  The ratio is tracecode / direct
(above 1.0 = tracecode faster).
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable, Sequence

import segno
import zint

from tracecode.carriers import render

GS1_PARENS = zint.InputMode.GS1 | zint.InputMode.GS1PARENS


def urls(n: int) -> list[str]:
    base = "https://trace.example.cn/p/01/09506000134352/21/"
    return [f"{base}{i:011d}" for i in range(n)]  # 60 characters


def gs1(n: int) -> list[str]:
    return [f"(01)09506000134352(17)261231(10)L{i:06d}(21)S{i:08d}" for i in range(n)]


#: tracecode's GS1-128 bar height at 4 dots per module: 31.75 mm / 0.495 mm X, in whole dots
GS1_128_HEIGHT = round(31.75 / 0.495 * 4) / 4


def zint_direct(
    symbology: int, mode: int | None, fmt: str, height: float | None = None
) -> Callable[[str], bytes]:
    def run(data: str) -> bytes:
        s = zint.Symbol()
        s.symbology = symbology
        if mode is not None:
            s.input_mode = mode
        if height is not None:
            s.height = height  # the same bar height as tracecode's (zint's default is 50 X)
        if symbology == zint.Symbology.DATAMATRIX:
            s.option_3 = 100  # square
        if symbology == zint.Symbology.QRCODE:
            s.option_1 = 2  # EC level M, as tracecode
        s.encode(data)
        s.scale = 2.0  # zint: 2 px per module per unit of scale -> 4 px, as tracecode below
        s.outfile = f"out.{fmt}"
        # the same symbol tracecode writes: with the standard quiet zones
        s.output_options = (
            zint.OutputOptions.BARCODE_MEMORY_FILE | zint.OutputOptions.BARCODE_QUIET_ZONES
        )
        s.print()
        return bytes(s.memfile)

    return run


def segno_direct(fmt: str) -> Callable[[str], bytes]:
    def run(data: str) -> bytes:
        buf = io.BytesIO()
        segno.make(data, error="m", boost_error=False).save(buf, kind=fmt, scale=4)
        return buf.getvalue()

    return run


def rate(fn: Callable[[str], object], inputs: Sequence[str], repeat: int) -> float:
    best = []
    for _ in range(repeat):
        t = time.perf_counter()
        for x in inputs:
            fn(x)
        best.append(len(inputs) / (time.perf_counter() - t))
    return statistics.median(best)


def paired(
    ours: Callable[[str], object],
    direct: Callable[[str], object],
    inputs: Sequence[str],
    repeat: int,
    chunk: int = 100,
) -> tuple[float, float, float]:
    """Rates of both sides, measured in alternating chunks (fair on a busy machine).

    Returns (ours/s, direct/s, median of the per-chunk ratios).
    """
    t_ours = t_direct = 0.0
    ratios = []
    for _ in range(repeat):
        for i in range(0, len(inputs), chunk):
            part = inputs[i : i + chunk]
            t0 = time.perf_counter()
            for x in part:
                ours(x)
            t1 = time.perf_counter()
            for x in part:
                direct(x)
            t2 = time.perf_counter()
            t_ours += t1 - t0
            t_direct += t2 - t1
            ratios.append((t2 - t1) / (t1 - t0))
    n = len(inputs) * repeat
    return n / t_ours, n / t_direct, statistics.median(ratios)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", default="", help="run only the rows whose name contains this")
    args = ap.parse_args()
    n, rep = args.n, args.repeat
    rows = []
    for fmt in ("svg", "png"):
        cases: list[tuple[str, list[str], Callable[[str], object], Callable[[str], object]]] = [
            (
                "QR 60-char URL",
                urls(n),
                lambda d, f=fmt: render(d, "qr", f, dots=4),
                zint_direct(zint.Symbology.QRCODE, None, fmt),
            ),
            (
                "GS1 DataMatrix",
                gs1(n),
                lambda d, f=fmt: render(d, "gs1-datamatrix", f, dots=4),
                zint_direct(zint.Symbology.DATAMATRIX, GS1_PARENS, fmt),
            ),
            (
                "GS1-128",
                gs1(n),
                lambda d, f=fmt: render(d, "gs1-128", f, dots=4),
                zint_direct(zint.Symbology.GS1_128, GS1_PARENS, fmt, GS1_128_HEIGHT),
            ),
        ]
        for name, inputs, ours, direct in cases:
            if args.only.lower() not in f"{name} -> {fmt} zint".lower():
                continue
            ours(inputs[0]), direct(inputs[0])  # warm up
            rows.append((f"{name} -> {fmt.upper()}", "zint", *paired(ours, direct, inputs, rep)))
        if args.only.lower() not in f"QR 60-char URL -> {fmt} segno".lower():
            continue
        seg_inputs = urls(max(50, n // 20))
        seg_ours = lambda d, f=fmt: render(d, "qr", f, backend="segno", dots=4)  # noqa: E731
        rows.append(
            (
                f"QR 60-char URL -> {fmt.upper()}",
                "segno",
                *paired(seg_ours, segno_direct(fmt), seg_inputs, 1, chunk=10),
            )
        )
    print(
        f"{'symbol -> format':28} {'back end':9} {'tracecode/s':>12} {'direct/s':>10} {'ratio':>6}"
    )
    for name, be, ours_rate, direct_rate, ratio in rows:
        print(f"{name:28} {be:9} {ours_rate:12,.0f} {direct_rate:10,.0f} {ratio:6.2f}")
    print("ratio = median over interleaved chunks of direct time / tracecode time")


if __name__ == "__main__":
    main()
