"""Check-character algorithms: published vectors, properties, errors."""

from __future__ import annotations

import json
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tracecode import checksum
from tracecode.checksum import ALGORITHMS, Algorithm
from tracecode.errors import (
    CheckCharacterError,
    FormatError,
    InputError,
    SchemeError,
    TraceCodeError,
)

VECTORS_FILE = Path(__file__).parent / "vectors" / "checksum_vectors.json"
VECTORS: list[dict[str, Any]] = json.loads(VECTORS_FILE.read_text(encoding="utf-8"))["vectors"]

EXPECTED_IDS = {
    "gs1-mod10",
    "gs1-checkpair",
    "gs1-price4",
    "gs1-price5",
    "iso7064-mod11-2",
    "iso7064-mod11-10",
    "iso7064-mod37-2",
    "iso7064-mod37-36",
    "iso7064-mod97-10",
    "iso7064-mod661-26",
    "iso7064-mod1271-36",
    "luhn",
    "verhoeff",
    "damm",
    "gb32100",
    "gb11714",
}

ISO_PURE = {
    "iso7064-mod11-2",
    "iso7064-mod37-2",
    "iso7064-mod97-10",
    "iso7064-mod661-26",
    "iso7064-mod1271-36",
}
# Every single-character substitution is detected (proved by the structure of each
# rule: weights invertible modulo a prime, or a permutation per position).
DETECTS_SUBSTITUTION = ISO_PURE | {
    "iso7064-mod11-10",
    "iso7064-mod37-36",
    "gs1-mod10",
    "gs1-price4",
    "gs1-price5",
    "gs1-checkpair",
    "luhn",
    "verhoeff",
    "damm",
    "gb32100",
}
# Every transposition of two adjacent characters is detected.
DETECTS_TRANSPOSITION = ISO_PURE | {"verhoeff", "damm", "gb32100"}

# Characters that are never part of any alphabet: non-ASCII digits of many scripts,
# control characters, a lone surrogate, lookalikes.
HOSTILE = "０９٣۷०२²₃ⅰ𝟙\x00\n\t \x7f\u200b\ud800ＡΑАéß"

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _body_strategy(alg: Algorithm) -> st.SearchStrategy[str]:
    hi = alg.max_body_length if alg.max_body_length is not None else 40
    return st.text(alphabet=alg.body_alphabet, min_size=alg.min_body_length, max_size=hi)


# ---------------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------------


def test_registry_has_exactly_the_documented_ids() -> None:
    assert set(ALGORITHMS) == EXPECTED_IDS
    for ident, alg in ALGORITHMS.items():
        assert alg.id == ident
        assert alg.check_length in (1, 2)
        assert alg.title
        assert alg.source
        assert len(set(alg.body_alphabet)) == len(alg.body_alphabet)
        assert len(set(alg.check_alphabet)) == len(alg.check_alphabet)
        assert alg.body_alphabet.isascii()
        assert alg.check_alphabet.isascii()
        assert checksum.get(ident) is alg


def test_registry_is_read_only() -> None:
    assert isinstance(ALGORITHMS, MappingProxyType)
    with pytest.raises(TypeError):
        ALGORITHMS["x"] = ALGORITHMS["luhn"]  # type: ignore[index]


def test_algorithm_is_frozen() -> None:
    alg = checksum.get("luhn")
    with pytest.raises(AttributeError):
        alg.id = "other"  # type: ignore[misc]


@pytest.mark.parametrize("bad", ["", "mod10", "GS1-MOD10", "gs1-mod10 "])
def test_unknown_algorithm(bad: str) -> None:
    for call in (checksum.get, lambda i: checksum.verify(i, "12")):
        with pytest.raises(SchemeError) as info:
            call(bad)
        assert info.value.code == "UNKNOWN_ALGORITHM"


# ---------------------------------------------------------------------------------
# Published vectors
# ---------------------------------------------------------------------------------


def test_vectors_cover_every_algorithm() -> None:
    assert {v["algorithm"] for v in VECTORS} == EXPECTED_IDS
    for v in VECTORS:
        assert v["source"].strip()


@pytest.mark.parametrize("vector", VECTORS, ids=[f"{v['algorithm']}:{v['code']}" for v in VECTORS])
def test_published_vector(vector: dict[str, Any]) -> None:
    ident = vector["algorithm"]
    code = vector["code"]
    alg = checksum.get(ident)
    k = alg.check_length
    body, check = code[:-k], code[-k:]
    if vector["valid"]:
        assert checksum.compute(ident, body) == check
        assert checksum.verify(ident, code) is True
        assert checksum.validate(ident, code) == code
    else:
        expected = vector["expected"]
        assert checksum.compute(ident, body) == expected
        assert checksum.verify(ident, code) is False
        with pytest.raises(CheckCharacterError) as info:
            checksum.validate(ident, code)
        err = info.value
        assert err.code == alg.mismatch_code
        assert err.position == len(code) - k
        assert err.expected == repr(expected)
        assert err.found == repr(check)


# ---------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------


# Each example exercises every algorithm, which keeps the number of (slow) Hypothesis
# examples low while every algorithm still gets fresh random input each time.


@FAST
@given(data=st.data())
def test_round_trip(data: st.DataObject) -> None:
    for ident in sorted(EXPECTED_IDS):
        alg = checksum.get(ident)
        body = data.draw(_body_strategy(alg), label=ident)
        check = alg.compute(body)
        assert len(check) == alg.check_length
        assert set(check) <= set(alg.check_alphabet)
        assert alg.verify(body + check)
        assert alg.validate(body + check) == body + check


@FAST
@given(data=st.data())
def test_single_substitution_is_detected(data: st.DataObject) -> None:
    for ident in sorted(DETECTS_SUBSTITUTION):
        alg = checksum.get(ident)
        body = data.draw(_body_strategy(alg), label=ident)
        code = body + alg.compute(body)
        i = data.draw(st.integers(0, len(code) - 1), label="position")
        alphabet = alg.body_alphabet if i < len(body) else alg.check_alphabet
        new = data.draw(st.sampled_from([c for c in alphabet if c != code[i]]))
        assert not alg.verify(code[:i] + new + code[i + 1 :]), (ident, code, i, new)


@FAST
@given(data=st.data())
def test_adjacent_transposition_is_detected(data: st.DataObject) -> None:
    for ident in sorted(DETECTS_TRANSPOSITION):
        alg = checksum.get(ident)
        body = data.draw(_body_strategy(alg), label=ident)
        code = body + alg.compute(body)
        i = data.draw(st.integers(0, len(code) - 2), label="position")
        if code[i] != code[i + 1]:
            swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
            assert not alg.verify(swapped), (ident, code, i)


def test_mod97_10_spellings() -> None:
    # Check digits by the simplified procedure run from 02 to 98 (as in IBAN and LEI);
    # the standard's check (weighted sum = 1 mod 97) also accepts 00 and 01.
    assert checksum.compute("iso7064-mod97-10", "0") == "98"
    assert checksum.compute("iso7064-mod97-10", "1") == "95"
    assert checksum.verify("iso7064-mod97-10", "098")
    assert checksum.verify("iso7064-mod97-10", "001")
    assert not checksum.verify("iso7064-mod97-10", "002")
    assert checksum.validate("iso7064-mod97-10", "001") == "001"


def test_gb11714_does_not_detect_every_substitution() -> None:
    # Values 0 and 11 ('0' and 'B') are congruent modulo 11: a documented limit.
    assert checksum.compute("gb11714", "00000000") == checksum.compute("gb11714", "B0000000")


@FAST
@given(text=st.text(alphabet=st.characters(exclude_categories=()), max_size=30))
@example(text="")
@example(text="\x00")
@example(text="\n")
@example(text="０１２３４５６７８９０１２")
@example(text="٠١٢٣٤٥٦٧٨٩")
def test_verify_never_raises(text: str) -> None:
    for ident in EXPECTED_IDS:
        assert checksum.verify(ident, text) in (True, False)


@FAST
@given(data=st.data())
def test_hostile_character_is_rejected_where_it_stands(data: st.DataObject) -> None:
    for ident in sorted(EXPECTED_IDS):
        alg = checksum.get(ident)
        body = data.draw(_body_strategy(alg), label=ident)
        code = body + alg.compute(body)
        i = data.draw(st.integers(0, len(code) - 1), label="position")
        bad = data.draw(st.sampled_from(HOSTILE), label="character")
        mutated = code[:i] + bad + code[i + 1 :]
        assert alg.verify(mutated) is False
        with pytest.raises(FormatError) as info:
            alg.validate(mutated)
        err = info.value
        if i < len(body):
            assert (err.code, err.position) == ("INVALID_CHARACTER", i)
            with pytest.raises(FormatError) as info2:
                alg.compute(mutated[: len(body)])
            assert (info2.value.code, info2.value.position) == ("INVALID_CHARACTER", i)
        else:
            assert isinstance(err, CheckCharacterError)
            assert (err.code, err.position) == (alg.mismatch_code, len(body))


@FAST
@given(data=st.data())
def test_verify_agrees_with_validate(data: st.DataObject) -> None:
    for ident in sorted(EXPECTED_IDS):
        alg = checksum.get(ident)
        chars = st.sampled_from(alg.body_alphabet + alg.check_alphabet + "x0 ")
        text = data.draw(st.text(alphabet=chars, max_size=30), label=ident)
        try:
            alg.validate(text)
        except TraceCodeError:
            assert alg.verify(text) is False
        else:
            assert alg.verify(text) is True


# ---------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------


@pytest.mark.parametrize("ident", sorted(EXPECTED_IDS))
def test_empty_input(ident: str) -> None:
    for call in (checksum.compute, checksum.validate):
        with pytest.raises(InputError) as info:
            call(ident, "")
        assert info.value.code == "EMPTY_INPUT"
    assert checksum.verify(ident, "") is False


@pytest.mark.parametrize(
    ("ident", "code", "err_code", "position"),
    [
        ("gs1-mod10", "7", "TOO_SHORT", 1),
        ("iso7064-mod97-10", "44", "TOO_SHORT", 2),
        ("gs1-checkpair", "2K", "TOO_SHORT", 2),
        ("gs1-price4", "2875", "TOO_SHORT", 4),
        ("gs1-price4", "287591", "TOO_LONG", 5),
        ("gs1-price5", "1468569", "TOO_LONG", 6),
        ("gb32100", "9135010M000100Y43", "TOO_SHORT", 17),
        ("gb32100", "913501000M000100Y43", "TOO_LONG", 18),
        ("gb11714", "M00010Y4", "TOO_SHORT", 8),
        ("gs1-checkpair", "a" * 98 + "22", "TOO_LONG", 99),
        ("gs1-mod10", "69012345b7892", "INVALID_CHARACTER", 8),
        ("gs1-mod10", "6901234567８92", "INVALID_CHARACTER", 10),
        ("luhn", "7992739871\n3", "INVALID_CHARACTER", 10),
        ("gb32100", "91350100M000100I43", "INVALID_CHARACTER", 15),
        ("gb11714", "m000100Y4", "INVALID_CHARACTER", 0),
        ("iso7064-mod661-26", "BAISDLAFkBM", "INVALID_CHARACTER", 8),
        ("iso7064-mod11-2", "X7940", "INVALID_CHARACTER", 0),
        ("gs1-checkpair", "1987654Ad4X4bL5 tr2310c2K", "INVALID_CHARACTER", 15),
        ("gs1-checkpair", "1987654Ad4X4bL5ttr2310c2k", "INCORRECT_CHECK_PAIR", 23),
        ("gs1-mod10", "690123456789２", "INCORRECT_CHECK_DIGIT", 12),
        ("iso7064-mod1271-36", "ISO793w", "INCORRECT_CHECK_DIGIT", 5),
    ],
)
def test_validate_error_code_and_position(
    ident: str, code: str, err_code: str, position: int
) -> None:
    with pytest.raises(FormatError) as info:
        checksum.validate(ident, code)
    assert info.value.code == err_code
    assert info.value.position == position
    assert checksum.verify(ident, code) is False


def test_check_pair_mismatch_names_expected_and_found() -> None:
    with pytest.raises(CheckCharacterError) as info:
        checksum.validate("gs1-checkpair", "1987654Ad4X4bL5ttr2310cXK")
    err = info.value
    assert (err.code, err.position, err.expected, err.found) == (
        "INCORRECT_CHECK_PAIR",
        23,
        "'2K'",
        "'XK'",
    )
    assert "position 23" in str(err)
    assert "位置 23" in err.message("zh")


@pytest.mark.parametrize(
    ("ident", "body", "err_code", "position"),
    [
        ("gs1-mod10", "12a", "INVALID_CHARACTER", 2),
        ("gs1-mod10", "１２", "INVALID_CHARACTER", 0),
        ("gs1-price5", "1468", "TOO_SHORT", 4),
        ("gs1-price4", "28750", "TOO_LONG", 4),
        ("gb32100", "91350100M000100Y", "TOO_SHORT", 16),
        ("gb11714", "M000100Y4", "TOO_LONG", 8),
        ("gs1-checkpair", "x" * 98, "TOO_LONG", 97),
        ("gs1-checkpair", "abc~", "INVALID_CHARACTER", 3),
        ("iso7064-mod37-2", "G12349865432*", "INVALID_CHARACTER", 12),
    ],
)
def test_compute_errors(ident: str, body: str, err_code: str, position: int) -> None:
    with pytest.raises(FormatError) as info:
        checksum.compute(ident, body)
    assert info.value.code == err_code
    assert info.value.position == position


def test_errors_pickle() -> None:
    import pickle

    with pytest.raises(CheckCharacterError) as info:
        checksum.validate("damm", "5725")
    again = pickle.loads(pickle.dumps(info.value))
    assert (again.code, again.position) == ("INCORRECT_CHECK_DIGIT", 3)
