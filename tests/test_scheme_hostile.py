"""Hostile inputs against every scheme, detection and every profile check.

Each gives a result or a structured TraceCodeError, never another exception;
non-ASCII digits are never accepted as digits.
"""

from __future__ import annotations

import pytest

from hostile_inputs import HOSTILE
from tracecode.errors import TraceCodeError
from tracecode.scheme import detect, get_scheme, profiles, schemes
from tracecode.scheme._charsets import is_foreign_digit

IDS = [s.id for s in schemes()]
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _structured(err: TraceCodeError) -> None:
    assert isinstance(err.code, str) and err.code == err.code.upper()
    assert err.position is None or isinstance(err.position, int)
    assert str(err)
    d = err.to_dict()
    assert {"code", "position", "message"} <= set(d)


@pytest.mark.parametrize("scheme_id", IDS)
def test_hostile_inputs_against_every_scheme(scheme_id: str) -> None:
    s = get_scheme(scheme_id)
    for text in HOSTILE:
        assert isinstance(s.is_valid(text), bool)
        try:
            code = s.parse(text, lenient=True)
        except TraceCodeError as err:
            _structured(err)
            continue
        for err in (*code.errors, *code.warnings):
            _structured(err)
        if code.valid:
            # only a free-text segment (seed label names) may hold non-ASCII digits
            for seg in code.segments:
                if s.segment(seg.name).charset != "text":
                    assert not any(is_foreign_digit(ch) for ch in seg.value), (text, seg)
        try:
            s.compact(text)
            s.validate(text)
            s.format(text)
        except TraceCodeError as err:
            _structured(err)


@pytest.mark.parametrize("scheme_id", IDS)
def test_non_ascii_digits_never_accepted(scheme_id: str) -> None:
    s = get_scheme(scheme_id)
    example = s.example
    for table in (FULLWIDTH, ARABIC):
        changed = example.translate(table)
        assert changed != example
        assert not s.is_valid(changed)
        codes = [e.code for e in s.parse(changed, lenient=True).errors]
        assert "NON_ASCII_DIGIT" in codes or codes, codes


def test_hostile_inputs_against_detect_and_profiles() -> None:
    for text in HOSTILE:
        try:
            candidates = detect(text)
        except TraceCodeError as err:
            _structured(err)
            continue
        for c in candidates:
            for err in (*c.errors, *c.warnings):
                _structured(err)
        for p in profiles():
            for err in p.check(text):
                _structured(err)


@pytest.mark.parametrize(
    "text",
    [
        "91110000600037341L\n",
        "91110000600037341L\r\n",
        " 91110000600037341L\t",
    ],
)
def test_surrounding_white_space_is_stripped(text: str) -> None:
    assert get_scheme("cn.uscc").validate(text) == "91110000600037341L"


def test_control_characters_inside_are_errors() -> None:
    err = get_scheme("cn.uscc").parse("9111000060\x0037341L", lenient=True).errors[0]
    assert (err.code, err.position) == ("CONTROL_CHARACTER", 10)
    err = get_scheme("cn.drug.trace20").parse("8177322028861\x1d6423835", lenient=True).errors[0]
    assert (err.code, err.position) == ("CONTROL_CHARACTER", 13)


def test_huge_inputs_are_rejected_quickly() -> None:
    for s in schemes():
        with pytest.raises(TraceCodeError) as info:
            s.parse("9" * 100_000)
        assert info.value.code == "INPUT_TOO_LONG"
