"""The plain hot-path functions and cross-checks against independent implementations."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracecode import checksum
from tracecode._chars import CSET82, DIGITS, UPPER_ALNUM
from tracecode.errors import FormatError, InputError

FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

digits = st.text(alphabet=DIGITS, min_size=1, max_size=30)


@FAST
@given(body=digits)
def test_gs1_mod10_matches_registry_and_verifies(body: str) -> None:
    check = checksum.gs1_mod10(body)
    assert check == checksum.compute("gs1-mod10", body)
    assert checksum.verify("gs1-mod10", body + check)
    # Reference definition: weights 3, 1, 3, ... from the rightmost body digit.
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    assert check == str(-total % 10)


@pytest.mark.parametrize("body", ["", "12a", "１２３", "12\n", "٣", "²"])
def test_gs1_mod10_rejects(body: str) -> None:
    with pytest.raises((FormatError, InputError)):
        checksum.gs1_mod10(body)


@FAST
@given(body=st.text(alphabet=CSET82, min_size=1, max_size=97))
def test_gs1_checkpair_matches_reference_definition(body: str) -> None:
    primes = [p for p in range(2, 600) if all(p % q for q in range(2, p))][: len(body)]
    total = sum(CSET82.index(c) * p for c, p in zip(reversed(body), primes, strict=True)) % 1021
    cset32 = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    assert checksum.gs1_checkpair(body) == cset32[total // 32] + cset32[total % 32]


@pytest.mark.parametrize(
    ("body", "code", "position"),
    [
        ("", "EMPTY_INPUT", None),
        ("x" * 98, "TOO_LONG", 97),
        ("ab c", "INVALID_CHARACTER", 2),
        ("ab#", "INVALID_CHARACTER", 2),
        ("ab\u00e9", "INVALID_CHARACTER", 2),
        ("ab\ud800", "INVALID_CHARACTER", 2),
    ],
)
def test_gs1_checkpair_rejects(body: str, code: str, position: int | None) -> None:
    with pytest.raises((FormatError, InputError)) as info:
        checksum.gs1_checkpair(body)
    assert info.value.code == code
    assert info.value.position == position


# ---------------------------------------------------------------------------------
# Differential tests against python-stdnum and biip (dev dependencies)
# ---------------------------------------------------------------------------------


@FAST
@given(body=digits)
def test_decimal_algorithms_match_stdnum(body: str) -> None:
    stdnum = pytest.importorskip("stdnum")
    from stdnum import damm, luhn, verhoeff
    from stdnum.iso7064 import mod_11_2, mod_11_10, mod_97_10

    assert stdnum is not None
    assert checksum.compute("luhn", body) == luhn.calc_check_digit(body)
    assert checksum.compute("verhoeff", body) == verhoeff.calc_check_digit(body)
    assert checksum.compute("damm", body) == damm.calc_check_digit(body)
    assert checksum.compute("iso7064-mod11-2", body) == mod_11_2.calc_check_digit(body)
    assert checksum.compute("iso7064-mod11-10", body) == mod_11_10.calc_check_digit(body)
    assert checksum.compute("iso7064-mod97-10", body) == mod_97_10.calc_check_digits(body)


@FAST
@given(body=st.text(alphabet=UPPER_ALNUM, min_size=1, max_size=30))
def test_alphanumeric_iso_systems_match_stdnum(body: str) -> None:
    pytest.importorskip("stdnum")
    from stdnum.iso7064 import mod_37_2, mod_37_36

    assert checksum.compute("iso7064-mod37-2", body) == mod_37_2.calc_check_digit(body)
    assert checksum.compute("iso7064-mod37-36", body) == mod_37_36.calc_check_digit(body)


@FAST
@given(body=st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=17, max_size=17))
def test_gb32100_matches_stdnum(body: str) -> None:
    pytest.importorskip("stdnum")
    from stdnum.cn import uscc

    assert checksum.compute("gb32100", body) == uscc.calc_check_digit(body)


@FAST
@given(body=st.text(alphabet=DIGITS, min_size=4, max_size=5))
def test_price_digits_match_biip(body: str) -> None:
    pytest.importorskip("biip")
    from biip.checksums import gs1_price_weight_check_digit

    ident = "gs1-price4" if len(body) == 4 else "gs1-price5"
    assert checksum.compute(ident, body) == str(gs1_price_weight_check_digit(body))


@FAST
@given(body=digits)
def test_gs1_mod10_matches_stdnum_ean(body: str) -> None:
    pytest.importorskip("stdnum")
    from stdnum import ean

    assert checksum.gs1_mod10(body) == ean.calc_check_digit(body)
