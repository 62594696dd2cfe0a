"""Benchmark: tracecode vs biip vs python-stdnum on the same generated inputs.

Run:  python bench/bench_gs1.py [--n 20000] [--repeat 3] [--only dl ...]

Prints operations per second and ratios for
  * GTIN validation              (tracecode vs python-stdnum ean.validate, biip Gtin.parse)
  * element string parse+validate, unbracketed with GS (tracecode vs biip, stdnum gs1_128)
  * element string parse+validate, bracketed HRI       (tracecode vs biip, stdnum gs1_128)
  * Digital Link URI parse                              (tracecode vs biip)
  * ``import tracecode`` time (fresh interpreter, best of 5)

Every input is unique within a round and every library gets the same list;
tracecode's memory of checked values and its learned shapes are emptied before each
round (so every round learns the inputs' structure afresh, from two of them).  The
rows marked "shapes off" run tracecode with learned shapes switched off: the cost on
input whose structure never repeats.  Rates are CPU
time of this process (``time.process_time``) in interleaved rounds: ``ratio`` puts
the best round of each side against each other, ``paired`` is the median of the
ratios within each round (both sides measured back to back).
tracecode always runs its full validation (value checks, mandatory associations,
invalid pairings); biip checks AI patterns only.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence

GS = "\x1d"
ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"


def mod10(body: str) -> str:
    total = sum((3 if i % 2 == 0 else 1) * int(c) for i, c in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def make_inputs(n: int, seed: int = 1) -> dict[str, list[str]]:
    rng = random.Random(seed)
    gtins, elements, brackets, uris = [], [], [], []
    for _ in range(n):
        body = "0" + "69" + "".join(rng.choice("0123456789") for _ in range(10))
        gtin14 = body + mod10(body)
        gtin13 = gtin14[1:]
        yy, mm, dd = rng.randint(24, 35), rng.randint(1, 12), rng.randint(1, 28)
        date = f"{yy:02d}{mm:02d}{dd:02d}"
        lot = "".join(rng.choice(ALNUM) for _ in range(rng.randint(4, 10)))
        serial = "".join(rng.choice(ALNUM) for _ in range(13))
        gtins.append(gtin13)
        elements.append(f"01{gtin14}17{date}10{lot}{GS}21{serial}")
        brackets.append(f"(01){gtin14}(17){date}(10){lot}(21){serial}")
        uris.append(f"https://id.gs1.org/01/{gtin14}/10/{lot}/21/{serial}?17={date}")
    return {"gtin": gtins, "element": elements, "bracketed": brackets, "dl": uris}


def rate(fn: Callable[[str], object], data: Sequence[str], repeat: int) -> float:
    # CPU time of this process, not wall time: other load on the machine does
    # not count against either side (both are single-threaded pure Python).
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        for item in data:
            fn(item)
        best = min(best, time.process_time() - t0)
    return len(data) / best


def import_time() -> float:
    runs = []
    for _ in range(5):
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                "import time; t=time.perf_counter(); import tracecode; "
                "print(time.perf_counter()-t)",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(float(out.stdout))
    return min(runs) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument(
        "--only",
        choices=("gtin", "element", "bracketed", "dl", "detect"),
        action="append",
        help="run only this comparison (repeatable); also skips the import timing",
    )
    args = ap.parse_args()

    import biip
    from biip.gs1_digital_link_uris import GS1DigitalLinkURI
    from biip.gs1_messages import GS1Message as BiipMessage
    from biip.gtin import Gtin
    from stdnum import ean, gs1_128

    import tracecode
    from tracecode import gs1
    from tracecode.gs1 import validate_gtin

    data = make_inputs(args.n)
    # sanity: everything is valid for every library
    for text in data["element"][:50]:
        assert gs1.parse(text).valid
        assert biip.parse(text).gs1_message is not None
    gs1.parse(data["dl"][0])

    rows: list[tuple[str, str, float, float, float]] = []

    parser = sys.modules["tracecode.gs1.parse"]
    shapes_on = [True]

    def forget_values() -> None:
        """Empty tracecode's memory of values that passed their checks, and its shapes."""
        for plan in parser._PLANS.values():
            if plan.known_good is not None:
                plan.known_good.clear()
        parser.learn_shapes(shapes_on[0])

    def compare(
        label: str,
        ours: Callable[[str], object],
        peer_name: str,
        peer: Callable[[str], object],
        key: str,
        case: str,
    ) -> None:
        if args.only and case not in args.only:
            return
        # interleave the two so that background load hits both alike
        a = b = 0.0
        paired = []
        for _ in range(args.repeat):
            forget_values()  # each round starts as the first: the inputs repeat across rounds
            ra = rate(ours, data[key], 1)
            rb = rate(peer, data[key], 1)
            a, b = max(a, ra), max(b, rb)
            paired.append(ra / rb)
        rows.append((label, peer_name, a, b, statistics.median(paired)))

    compare(
        "GTIN validation", validate_gtin, "python-stdnum ean.validate", ean.validate, "gtin", "gtin"
    )
    compare("GTIN validation", validate_gtin, "biip Gtin.parse", Gtin.parse, "gtin", "gtin")
    compare(
        "element string (GS) parse+validate",
        gs1.parse,
        "biip GS1Message.parse",
        BiipMessage.parse,
        "element",
        "element",
    )
    compare(
        "element string (GS) parse+validate",
        gs1.parse,
        "python-stdnum gs1_128.info",
        lambda s: gs1_128.info(s, separator=GS),
        "element",
        "element",
    )
    compare(
        "bracketed HRI parse+validate",
        gs1.parse,
        "biip GS1Message.parse_hri",
        BiipMessage.parse_hri,
        "bracketed",
        "bracketed",
    )
    shapes_on[0] = False
    compare(
        "element string (GS), shapes off",
        gs1.parse,
        "biip GS1Message.parse",
        BiipMessage.parse,
        "element",
        "element",
    )
    compare(
        "bracketed HRI, shapes off",
        gs1.parse,
        "biip GS1Message.parse_hri",
        BiipMessage.parse_hri,
        "bracketed",
        "bracketed",
    )
    compare(
        "Digital Link URI parse, shapes off",
        gs1.parse,
        "biip GS1DigitalLinkURI.parse",
        GS1DigitalLinkURI.parse,
        "dl",
        "dl",
    )
    shapes_on[0] = True
    compare(
        "Digital Link URI parse",
        gs1.parse,
        "biip GS1DigitalLinkURI.parse",
        GS1DigitalLinkURI.parse,
        "dl",
        "dl",
    )
    compare(
        "top-level validate (detect)",
        tracecode.validate,
        "biip.parse (all formats)",
        biip.parse,
        "element",
        "detect",
    )

    print(
        f"inputs: {args.n} unique per case, best of {args.repeat} runs, "
        f"Python {sys.version.split()[0]}"
    )
    print(
        f"{'operation':40s} {'peer':32s} {'tracecode/s':>12s} {'peer/s':>10s} {'ratio':>7s}"
        f" {'paired':>7s}"
    )
    for label, peer, a, b, med in rows:
        print(f"{label:40s} {peer:32s} {a:12,.0f} {b:10,.0f} {a / b:6.1f}x {med:6.1f}x")
    print(
        "ratio = best round of each side; paired = median over rounds of the ratio within a"
        " round (both sides measured back to back: the fairer figure on a machine whose"
        " speed drifts)"
    )
    if not args.only:
        ms = import_time()
        print(f"import tracecode: {ms:.1f} ms (best of 5, fresh interpreter)")
    _ = statistics


if __name__ == "__main__":
    main()
