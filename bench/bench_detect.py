"""Benchmark: ``tracecode.validate`` with scheme detection, per kind of input, vs biip.

Run:  python bench/bench_detect.py [--n 5000] [--rounds 7] [--profile KIND]

Input kinds (every input unique, generated from a fixed seed):

* ``drug20``     20-digit drug trace codes ``8…`` (cn.drug.trace20)
* ``uscc``       unified social credit codes (cn.uscc), valid check characters
* ``pesticide``  pesticide label URLs ``http://www.sdakzw.com/nyzs/<32 digits>``
* ``dl``         GS1 Digital Link URIs ``https://id.gs1.org/01/…/10/…/21/…?17=…``

Each kind is validated with ``tracecode.validate(text)`` (detection across GS1
and every national scheme, as in bulk validation).  For reference, on the GS1
inputs: ``tracecode.gs1.parse`` alone (what detection must spend on a Digital
Link URI anyway) and ``biip.parse`` (it checks AI patterns only).  Rates are calls per
second of CPU time of this process (``time.process_time``).  The inputs are
timed in chunks of ``--chunk``; each chunk keeps its least time over
``--rounds`` interleaved rounds (as ``timeit`` keeps the best repeat), so that
background load on a shared machine affects every kind alike and bursts of it
are left out.  ``--profile KIND`` prints a cProfile of that kind.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import pstats
import random
import sys
import time
from collections.abc import Callable, Sequence

import tracecode
from tracecode import gs1
from tracecode.scheme import get_scheme

ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
DIGITS = "0123456789"


def mod10(body: str) -> str:
    total = sum((3 if i % 2 == 0 else 1) * int(c) for i, c in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def make_inputs(n: int, seed: int = 11) -> dict[str, list[str]]:
    """``n`` unique inputs of each kind."""
    rng = random.Random(seed)
    uscc = get_scheme("cn.uscc")
    pesticide = get_scheme("cn.pesticide.unit")
    kinds: dict[str, set[str]] = {"drug20": set(), "uscc": set(), "pesticide": set(), "dl": set()}
    while any(len(v) < n for v in kinds.values()):
        kinds["drug20"].add("8" + "".join(rng.choice(DIGITS) for _ in range(19)))
        kinds["uscc"].add(uscc.generate(rng=rng).code)
        kinds["pesticide"].add("http://www.sdakzw.com/nyzs/" + pesticide.generate(rng=rng).code)
        body = "0" + "69" + "".join(rng.choice(DIGITS) for _ in range(10))
        lot = "".join(rng.choice(ALNUM) for _ in range(rng.randint(4, 10)))
        serial = "".join(rng.choice(ALNUM) for _ in range(rng.randint(3, 12)))
        date = f"{rng.randint(24, 35):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        kinds["dl"].add(f"https://id.gs1.org/01/{body}{mod10(body)}/10/{lot}/21/{serial}?17={date}")
    return {k: sorted(v)[:n] for k, v in kinds.items()}


def cpu_time(fn: Callable[[str], object], inputs: Sequence[str]) -> float:
    """CPU seconds for one pass over ``inputs``."""
    start = time.process_time()
    for text in inputs:
        fn(text)
    return time.process_time() - start


def rate(fn: Callable[[str], object], inputs: Sequence[str]) -> float:
    """Calls per second of CPU time for one pass over ``inputs``."""
    spent = cpu_time(fn, inputs)
    return len(inputs) / spent if spent > 0 else float("inf")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=5000, help="inputs per kind")
    ap.add_argument("--rounds", type=int, default=15, help="interleaved rounds (best is kept)")
    ap.add_argument("--chunk", type=int, default=250, help="inputs timed together")
    ap.add_argument("--profile", metavar="KIND", help="cProfile tracecode.validate on KIND")
    args = ap.parse_args(argv)

    inputs = make_inputs(args.n)
    for kind, texts in inputs.items():  # warm up, and make sure the inputs are what we say
        reports = [tracecode.validate(t) for t in texts[:200]]
        bad = [r for r in reports if not r.valid]
        schemes = sorted({r.scheme or "-" for r in reports})
        if bad:
            print(f"warning: {kind}: {len(bad)} of 200 invalid, e.g. {bad[0]}", file=sys.stderr)
        print(f"{kind:10s} e.g. {texts[0]!r} -> {', '.join(schemes)}")

    if args.profile:
        texts = inputs[args.profile]
        prof = cProfile.Profile()
        prof.enable()
        for t in texts:
            tracecode.validate(t)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
        return 0

    runs: dict[str, tuple[Callable[[str], object], list[str]]] = {
        f"validate {kind}": (tracecode.validate, texts) for kind, texts in inputs.items()
    }
    # the floor for Digital Link URIs: tracecode's GS1 parse alone, as detection calls it
    gs1_parse = functools.partial(gs1.parse, lenient=True)
    runs["gs1.parse dl (floor)"] = (gs1_parse, inputs["dl"])
    try:
        import biip
    except ImportError:
        print("biip is not installed: no reference figures")
    else:
        runs["biip.parse dl"] = (biip.parse, inputs["dl"])
    # Each input list is timed in chunks; every chunk keeps its best (least) time over
    # the rounds, as timeit does, and a run's rate is its inputs over the sum of those.
    chunks = {
        name: [texts[i : i + args.chunk] for i in range(0, len(texts), args.chunk)]
        for name, (_, texts) in runs.items()
    }
    least = {name: [float("inf")] * len(parts) for name, parts in chunks.items()}
    for _ in range(args.rounds):
        for name, (fn, _) in runs.items():
            for k, part in enumerate(chunks[name]):
                least[name][k] = min(least[name][k], cpu_time(fn, part))
    best = {name: len(runs[name][1]) / max(sum(times), 1e-9) for name, times in least.items()}
    print()
    print(f"{'':24s} {'calls/s (CPU time)':>20s}")
    for name, value in best.items():
        print(f"{name:24s} {value:20,.0f}")
    if "biip.parse dl" in best:
        ratio = best["validate dl"] / best["biip.parse dl"]
        print(f"\nvalidate dl / biip.parse dl: {ratio:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
