r"""``tracecode schemes``, ``tracecode profiles`` and ``tracecode explain``.

``schemes`` lists the national code schemes (id, product classes, names,
governing document, confidence); ``profiles`` the product-class profiles;
``explain CODE`` takes a code apart segment by segment with bilingual labels,
shows its check characters and whether they were verified, and lists the other
schemes it could be.  A multi-line code (seed label) is written with ``\n``.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from tracecode.cli._common import EXIT_INVALID, EXIT_OK, print_json
from tracecode.errors import TraceCodeError

__all__ = ["register"]


def _schemes(args: argparse.Namespace) -> int:
    from tracecode.scheme import schemes

    rows = schemes()
    if args.json:
        print_json(
            [
                {
                    "id": s.id,
                    "name": {"en": s.name.en, "zh": s.name.zh},
                    "product_classes": list(s.product_classes),
                    "governing_document": s.governing_document,
                    "sources": list(s.sources),
                    "confidence": s.confidence,
                    "confidence_note": s.confidence_note,
                    "check": s.check_algorithm,
                    "layout": s.layout,
                    "containers": list(s.containers),
                    "example": s.example,
                }
                for s in rows
            ]
        )
        return EXIT_OK
    width = max(len(s.id) for s in rows)
    for s in rows:
        classes = ",".join(s.product_classes) or "-"
        print(f"{s.id:<{width}}  {s.confidence:<10} {classes:<20} {s.name.zh} / {s.name.en}")
        print(f"{'':<{width}}  source: {s.governing_document}")
    return EXIT_OK


def _profiles(args: argparse.Namespace) -> int:
    from tracecode.scheme import profiles

    rows = profiles()
    if args.json:
        print_json(
            [
                {
                    "id": p.id,
                    "name": {"en": p.name.en, "zh": p.name.zh},
                    "policy": p.policy,
                    "summary": p.summary,
                    "gs1": {
                        "required": [list(g) for g in p.required_ais],
                        "optional": list(p.optional_ais),
                        "constraints": [
                            {
                                "ai": c.ai,
                                "min_length": c.min_length,
                                "max_length": c.max_length,
                                "note": c.note,
                            }
                            for c in p.constraints
                        ],
                    },
                    "accepted_schemes": list(p.accepted_schemes),
                    "related_schemes": list(p.related_schemes),
                    "carriers": list(p.carriers),
                    "query": dict(p.query),
                    "gb44583": p.gb44583,
                }
                for p in rows
            ]
        )
        return EXIT_OK
    for p in rows:
        required = " + ".join("/".join(f"({a})" for a in g) for g in p.required_ais)
        print(f"{p.id}  {p.name.zh} / {p.name.en}")
        print(
            f"  GS1: {required}"
            + (f"; optional {', '.join(p.optional_ais)}" if p.optional_ais else "")
        )
        print(f"  accepted: {', '.join(p.accepted_schemes)}")
    return EXIT_OK


def _explain_gs1(message: Any, lang: str) -> list[str]:
    from tracecode import checksum
    from tracecode.scheme.record import record_from_gs1

    record = record_from_gs1(message)
    lines = ["gs1  GS1 application identifiers / GS1 应用标识符", f"code: {message.hri()}"]
    for seg in record.segments:
        lines.append(f"  ({seg.name})  {seg.value}  {seg.label.text(lang)}")
    gtin = message.get("01")
    if gtin is not None:
        try:
            expected = checksum.get("gs1-mod10").compute(gtin[:-1])
        except TraceCodeError:
            expected = "?"
        state = "verified" if expected == gtin[-1:] else "WRONG"
        lines.append(
            f"check gs1-mod10 (GTIN check digit): found {gtin[-1:]}, expected {expected}: {state}"
        )
    lines.append("valid" if message.valid else "invalid")
    lines.extend(f"  error {e.code}: {e.message(lang)}" for e in message.errors)
    return lines


def _explain(args: argparse.Namespace) -> int:
    from tracecode.scheme import SchemeCode, detect, get_scheme
    from tracecode.scheme.record import record_from_gs1

    text: str = args.code
    lang = "both" if args.lang is None else args.lang
    candidates: tuple[Any, ...] = ()
    if args.scheme is not None and args.scheme != "gs1":
        code: Any = get_scheme(args.scheme).parse(text, lenient=True)
    else:
        candidates = detect(text)
        if args.scheme == "gs1":
            candidates = tuple(c for c in candidates if c.scheme == "gs1")
        if not candidates:
            print("tracecode: no scheme matches this input", file=sys.stderr)
            return EXIT_INVALID
        code = candidates[0].code
        if code is None:
            err = candidates[0].errors[0]
            if args.json:
                print_json(
                    {
                        "scheme": candidates[0].scheme,
                        "candidates": [c.to_dict() for c in candidates],
                    }
                )
            else:
                print(f"{candidates[0].scheme}: {err.message(args.lang or 'en')}")
            return EXIT_INVALID
    if args.json:
        if isinstance(code, SchemeCode):
            record = code.to_dict("zh" if args.lang == "zh" else "en")
        else:
            record = record_from_gs1(code).to_dict()
        out = {
            "scheme": record["scheme"],
            "record": record,
            "candidates": [c.to_dict() for c in candidates],
        }
        print_json(out)
    else:
        if isinstance(code, SchemeCode):
            print(code.explain(lang))
        else:
            print("\n".join(_explain_gs1(code, lang)))
        others = list(candidates[1:])
        if others:
            print("other readings:")
            for c in others:
                state = "valid" if c.valid else "invalid"
                print(f"  {c.rank}. {c.scheme} ({state}): {c.reason}")
    valid = code.valid
    return EXIT_OK if valid else EXIT_INVALID


def register(subparsers: Any) -> None:
    """Add the ``schemes``, ``profiles`` and ``explain`` subcommands."""
    p = subparsers.add_parser(
        "schemes",
        help="list the national code schemes (id, class, names, source, confidence)",
        description="List every bundled code scheme with its product classes, names, "
        "governing document and confidence (confirmed / partial / unverified).",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_schemes)

    p = subparsers.add_parser(
        "profiles",
        help="list the product-class profiles (unified code structure per class)",
        description="List the seven product-class profiles: required GS1 AIs, accepted "
        "national schemes, carriers and public query.",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_profiles)

    p = subparsers.add_parser(
        "explain",
        help="explain a code segment by segment (bilingual labels, check shown and verified)",
        description="Detect the scheme of CODE (or use --scheme) and explain it segment by "
        "segment. Write the line breaks of a multi-line code as \\n.",
    )
    p.add_argument("code", metavar="CODE", help="the code (escape line breaks as \\n)")
    p.add_argument(
        "--scheme", metavar="ID", help="read CODE as this scheme (see `tracecode schemes`)"
    )
    p.add_argument("--lang", choices=("en", "zh"), help="label language (default: both)")
    p.add_argument("--json", action="store_true", help="print the interchange record as JSON")
    p.set_defaults(func=_explain)
