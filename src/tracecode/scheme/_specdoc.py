"""Render the per-scheme and per-profile sections of ``spec/SPECIFICATION.md`` from the data.

The specification's tables are generated from the TOML files so that the document and
the data cannot drift apart; ``tests/test_scheme_spec_doc.py`` checks that the file is
current.  Regenerate with ``python -m tracecode.scheme._specdoc``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tracecode.scheme._model import Scheme, Segment
from tracecode.scheme._registry import schemes
from tracecode.scheme.profiles import Profile, profiles

__all__ = ["BEGIN", "END", "render", "update"]

BEGIN = "<!-- BEGIN GENERATED from spec/schemes and spec/profiles: do not edit by hand -->"
END = "<!-- END GENERATED -->"

_LAYOUT = {
    "fixed": "fixed positions",
    "delimited": "parts separated by `{sep}`",
    "lines": "one item per line (line breaks escaped as `\\n` in line-based input)",
    "url": "parts of an http(s) URL",
}


def _semantic(seg: Segment) -> str:
    out: list[str] = []
    if seg.literal:
        out.append(f"fixed `{seg.literal}`")
    if seg.values:
        out.append(
            "one of "
            + ", ".join(
                f"`{v.value}` {v.label.en}" + (" (legacy: warning)" if v.warning else "")
                for v in seg.values
            )
        )
    if seg.range:
        out.append(f"{seg.range[0]}–{seg.range[1]}")
    if seg.date:
        out.append(f"date {seg.date}")
    if seg.scheme:
        out.append(f"valid `{seg.scheme}`")
    if seg.url:
        out.append("http(s) URL")
    if seg.tag:
        out.append(f"tag `{seg.tag}`, optional")
    elif seg.optional:
        out.append("optional")
    if seg.part:
        out.append(f"URL part: {seg.part}")
    if seg.line_labels:
        out.append("line label " + " / ".join(seg.line_labels))
    if seg.severity == "warning" and (seg.values or seg.range or seg.date):
        out.append("(a failure is a warning)")
    if seg.note:
        out.append(f"— {seg.note}")
    return "; ".join(out) or "—"


def _scheme(s: Scheme) -> list[str]:
    classes = ", ".join(s.product_classes) or "cross-cutting (identifies a subject or a place)"
    check = f"`{s.check_algorithm}`"
    if s.check_algorithm == "opaque":
        check += (
            " — exists but is not public: never computed; codes are valid with the warning"
            " `CHECK_NOT_VERIFIED`; generation raises `OPAQUE_CHECK`"
        )
    lines = [
        f"### {s.id} — {s.name.en} ({s.name.zh})",
        "",
        f"* **Governing document:** {s.governing_document}",
        f"* **Product classes:** {classes}",
        f"* **Confidence:** `{s.confidence}` — {s.confidence_note}",
        f"* **Layout:** {_LAYOUT[s.layout].format(sep=s.separator)}; "
        f"as scanned: {', '.join(s.containers)}",
        f"* **Check:** {check}",
    ]
    if s.carriers:
        lines.append(f"* **Carriers:** {'; '.join(s.carriers)}")
    if s.query:
        lines.append("* **Query:** " + "; ".join(f"{k}: {v}" for k, v in s.query.items()))
    lines.append(f"* **Example:** `{s.example.replace(chr(10), chr(92) + 'n')}`")
    lines += [
        "",
        "| # | segment | 中文 | length | characters | semantic check |",
        "|---|---|---|---|---|---|",
    ]
    for i, seg in enumerate(s.segments, 1):
        length = str(seg.min_length) if seg.fixed else f"{seg.min_length}–{seg.max_length}"
        lines.append(
            f"| {i} | `{seg.name}` {seg.label.en} | {seg.label.zh} | {length} | {seg.charset} "
            f"| {_semantic(seg)} |"
        )
    for c in s.checks:
        body = " + ".join(c.body) or "(not public)"
        text = f"Check `{c.id}`: algorithm `{c.algorithm}` over {body} → `{c.check}`"
        if c.severity == "warning":
            text += " (a mismatch is a warning)"
        if c.source:
            text += f"; source: {c.source}"
        lines += ["", text + "."]
    if s.notes:
        lines.append("")
        lines += [f"* Note: {n}" for n in s.notes]
    lines += ["", "Sources:", ""]
    lines += [f"* {src}" for src in s.sources]
    lines.append("")
    return lines


def _profile(p: Profile) -> list[str]:
    required = " + ".join(" or ".join(f"({a})" for a in g) for g in p.required_ais)
    lines = [
        f"### {p.id} — {p.name.en} ({p.name.zh})",
        "",
        p.summary,
        "",
        f"* **Policy basis:** {p.policy}",
        f"* **GS1 structure, required:** {required}",
        f"* **GS1 structure, optional:** {', '.join(f'({a})' for a in p.optional_ais) or '—'}",
    ]
    for c in p.constraints:
        bounds = []
        if c.min_length is not None:
            bounds.append(f"at least {c.min_length} characters")
        if c.max_length is not None:
            bounds.append(f"at most {c.max_length} characters")
        lines.append(f"* **Constraint ({c.ai}):** {', '.join(bounds)} — {c.note}")
    lines += [
        f"* **Accepted as the class's code:** {', '.join(f'`{s}`' for s in p.accepted_schemes)}",
        f"* **Related identifiers:** {', '.join(f'`{s}`' for s in p.related_schemes) or '—'}",
        f"* **Recommended carriers:** {'; '.join(p.carriers)}",
        "* **Public query:** " + "; ".join(f"{k}: {v}" for k, v in p.query.items()),
        f"* **GB/T 44583-2024:** {p.gb44583}",
        "",
        "Follows:",
        "",
        *[f"* {t}" for t in p.follows],
        "",
        "Departs:",
        "",
        *[f"* {t}" for t in p.departs],
    ]
    if p.notes:
        lines += ["", *[f"* Note: {n}" for n in p.notes]]
    lines += ["", "Sources:", "", *[f"* {s}" for s in p.sources], ""]
    return lines


def render() -> str:
    """Render the generated part of the specification (schemes, then profiles).

    >>> render().splitlines()[0].startswith("<!-- BEGIN GENERATED")
    True
    """
    lines = [BEGIN, "", "## 5. The schemes", ""]
    for s in schemes():
        lines += _scheme(s)
    lines += ["## 6. The profiles", ""]
    for p in profiles():
        lines += _profile(p)
    lines.append(END)
    return "\n".join(lines)


def update(path: Path) -> bool:
    """Rewrite the generated part of ``path``; return True when it changed."""
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    new = head + render() + tail
    if new != text:
        path.write_text(new, encoding="utf-8")
        return True
    return False


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    target = Path(__file__).resolve().parent.parent / "spec" / "SPECIFICATION.md"
    changed = update(target)
    sys.stdout.write(f"{target}: {'updated' if changed else 'current'}\n")
