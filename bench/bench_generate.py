"""Benchmark: complete GS1 codes per second, with and without the SQLite serial registry.

Run:  python bench/bench_generate.py [--n 1000000] [--repeat 3] [--format hri]

Each run generates ``n`` full GS1 codes -- GTIN + expiry + batch + a random
13-digit serial, ``(01)...(17)...(10)...(21)...`` -- through the public API
(``tracecode.generate(...).write(...)``) into an in-memory text buffer:

* ``memory``   no registry: serials unique within the run (an in-memory set)
* ``sqlite``   the embedded SQLite registry (WAL, synchronous=FULL), a new file
               per run, every batch reserved in one transaction before output

Then a sample of the codes is checked with ``tracecode.validate``.  Targets
(issue 5): 1M registry-backed codes in under 10 s on one core, without the
registry under 3 s.  The reference points quoted there: Python's ``secrets``
makes 1M unique 13-character serials in about 0.5 s, plain Python computes
1M GTIN check digits in about 1.5 s.  The machine is shared: take the best of
``--repeat`` runs and expect noise.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import secrets
import statistics
import tempfile
import time

import tracecode
from tracecode.checksum import gs1_mod10

FIELDS = {"gtin": "06901234567892", "batch": "B2026-01", "expiry": "2027-06-30"}


def reference_points(n: int) -> dict[str, float]:
    """The issue's two reference points, measured here."""
    t = time.perf_counter()
    seen: set[str] = set()
    while len(seen) < n:
        seen.add(f"{secrets.randbelow(10**13):013d}")
    secrets_s = time.perf_counter() - t
    rng = random.Random(1)
    bodies = [f"{rng.randrange(10**13):013d}" for _ in range(n)]
    t = time.perf_counter()
    for b in bodies:
        gs1_mod10(b)
    mod10_s = time.perf_counter() - t
    return {"secrets serials": secrets_s, "gs1_mod10": mod10_s}


def one_run(n: int, registry: str | None, fmt: str) -> tuple[float, list[str]]:
    out = io.StringIO()
    t = time.perf_counter()
    run = tracecode.generate(
        "drugs", n, serial="random:13", registry=registry, format=fmt, **FIELDS
    )
    written = run.write(out)
    elapsed = time.perf_counter() - t
    assert written == n
    lines = out.getvalue().splitlines()
    return elapsed, lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--format", default="hri", choices=("hri", "element", "dl", "jsonl", "csv"))
    ap.add_argument("--reference", action="store_true", help="also time the reference points")
    args = ap.parse_args()
    n = args.n
    tracecode.generate("drugs", 1, **FIELDS)  # warm up: dictionaries, profiles
    print(f"{n:,} full GS1 codes (01)+(17)+(10)+(21) random 13 digits, format {args.format}")
    results: dict[str, list[float]] = {"memory": [], "sqlite": []}
    for _ in range(args.repeat):
        secs, lines = one_run(n, None, args.format)
        results["memory"].append(secs)
        with tempfile.TemporaryDirectory() as d:
            secs, lines2 = one_run(n, os.path.join(d, "serials.db"), args.format)
        results["sqlite"].append(secs)
    sample = random.Random(0).sample(lines + lines2, min(2000, len(lines)))
    bad = [c for c in sample if not tracecode.validate(c, profile="drugs").valid]
    serials = [ln.rsplit("(21)", 1)[-1] for ln in lines] if args.format == "hri" else []
    for name, times in results.items():
        best = min(times)
        print(
            f"  {name:7s} best {best:6.2f} s  median {statistics.median(times):6.2f} s  "
            f"{n / best:12,.0f} codes/s"
        )
    print(f"  validate() on a sample of {len(sample)}: {len(sample) - len(bad)} valid")
    if serials:
        print(f"  unique serials in one run: {len(set(serials)):,} of {len(serials):,}")
    print("  targets: sqlite < 10 s, memory < 3 s for 1M codes")
    if args.reference:
        for name, secs in reference_points(n).items():
            print(f"  reference {name}: {secs:.2f} s")


if __name__ == "__main__":
    main()
