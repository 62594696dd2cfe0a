"""Worked examples of every scheme (tests/vectors/schemes/<id>.txt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracecode.errors import TraceCodeError
from tracecode.scheme import get_scheme, schemes

VECTORS = Path(__file__).resolve().parent / "vectors" / "schemes"


def _expect(field: str) -> list[tuple[str, int]]:
    out = []
    for item in field.split():
        code, _, pos = item.partition("@")
        out.append((code, int(pos)))
    return out


def _load() -> list[tuple[str, str, str, list[tuple[str, int]]]]:
    rows = []
    for path in sorted(VECTORS.glob("*.txt")):
        if path.name == "README.txt":
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split(" | ")
            kind, code = parts[0].strip(), parts[1]
            rows.append((path.stem, kind, code, _expect(parts[2]) if len(parts) > 2 else []))
    return rows


ROWS = _load()


def test_every_scheme_has_vectors() -> None:
    have = {r[0] for r in ROWS}
    for s in schemes():
        assert s.id in have, s.id
        kinds = {r[1] for r in ROWS if r[0] == s.id}
        assert "invalid" in kinds, s.id
        assert kinds & {"valid", "warn"}, s.id


@pytest.mark.parametrize(("scheme", "kind", "code", "expected"), ROWS)
def test_vector(scheme: str, kind: str, code: str, expected: list[tuple[str, int]]) -> None:
    s = get_scheme(scheme)
    result = s.parse(code, lenient=True)
    if kind == "invalid":
        assert not result.valid
        assert not s.is_valid(code)
        assert (result.errors[0].code, result.errors[0].position) == expected[0]
        with pytest.raises(TraceCodeError) as info:
            s.parse(code)
        assert (info.value.code, info.value.position) == expected[0]
        with pytest.raises(TraceCodeError):
            s.validate(code)
        return
    assert result.valid, [e.to_dict() for e in result.errors]
    assert s.is_valid(code)
    assert s.validate(code) == result.code
    assert [(w.code, w.position) for w in result.warnings] == expected
    # the canonical form parses to the same segments, and so does the display form
    again = s.parse(result.code)
    assert again.segments == result.segments
    assert s.parse(s.format(code)).code == result.code
