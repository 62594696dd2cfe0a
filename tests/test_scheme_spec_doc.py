"""spec/SPECIFICATION.md and spec/detection.md stay true to the data."""

from __future__ import annotations

from importlib import resources

from tracecode.scheme import profiles, schemes
from tracecode.scheme._specdoc import BEGIN, END, render


def _text(name: str) -> str:
    return (resources.files("tracecode") / "spec" / name).read_text(encoding="utf-8")


def test_specification_is_current() -> None:
    text = _text("SPECIFICATION.md")
    generated = text[text.index(BEGIN) : text.index(END) + len(END)]
    assert generated == render(), "run: python -m tracecode.scheme._specdoc"


def test_specification_states_the_gb44583_gap() -> None:
    text = _text("SPECIFICATION.md")
    assert "GB/T 44583-2024" in text and "not publicly reachable" in text
    assert "does not claim conformance" in text


def test_specification_names_every_scheme_and_profile_with_confidence() -> None:
    text = _text("SPECIFICATION.md")
    for s in schemes():
        assert f"### {s.id} —" in text
        assert f"**Confidence:** `{s.confidence}`" in text
    for p in profiles():
        assert f"### {p.id} —" in text


def test_detection_rules_list_every_scheme() -> None:
    text = _text("detection.md")
    for s in schemes():
        assert f"`{s.id}` | {s.detect.priority} |" in text, s.id
