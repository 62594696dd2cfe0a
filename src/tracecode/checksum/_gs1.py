"""GS1 check characters (GS1 General Specifications §7.9).

* standard mod-10 check digit (§7.9.1), used by GTIN, GLN, SSCC, GSRN, ...;
* price/weight verifier digits for 4- and 5-digit fields (§7.9.2-§7.9.4);
* the alphanumeric check-character pair, mod 1021 (§7.9.5), used by AI 8013 (GMN).

The functions here work on bytes sums and ``str.translate`` tables so that the
per-character work happens in C.
"""

from __future__ import annotations

from operator import mul

from tracecode._chars import CSET82, DIGITS
from tracecode.checksum._base import bad_body_error

__all__ = [
    "CHECKPAIR_MAX_BODY",
    "CSET32",
    "gs1_checkpair",
    "gs1_mod10",
    "mod10_verify",
    "price4",
    "price5",
]

# ---------------------------------------------------------------------------------
# Standard mod-10 check digit
# ---------------------------------------------------------------------------------


def gs1_mod10(digits: str) -> str:
    """Return the GS1 mod-10 check digit for a body of ASCII digits of any length.

    Weights 3, 1, 3, ... are applied from the rightmost body digit; the check digit
    brings the weighted sum to a multiple of ten (GS1 General Specifications
    §7.9.1).  This is the hot-path function: the only validation is one cheap test
    that the body is non-empty ASCII digits (anything else raises
    ``EMPTY_INPUT`` / ``INVALID_CHARACTER`` with the position).

    >>> gs1_mod10("690123456789"), gs1_mod10("37610425002123456")
    ('2', '9')
    >>> gs1_mod10("69012345678９")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    tracecode.errors.FormatError: invalid character at position 11: ... found '９'
    """
    if not (digits.isascii() and digits.isdigit()):
        raise bad_body_error(digits, DIGITS)
    b = digits.encode("ascii")
    n = len(b)
    # sum(b) weighs every digit 1; adding twice the digits at odd distance from the
    # right end (the rightmost, then every other one) makes their weight 3.  Every
    # byte carries +48 ('0'), removed at the end.
    total = sum(b) + 2 * sum(b[-1::-2]) - 48 * (n + 2 * ((n + 1) // 2))
    return DIGITS[-total % 10]


def mod10_verify(code: str) -> bool:
    """Tell whether ``code`` is two or more ASCII digits with a right mod-10 check digit.

    The whole code (check digit included, weight 1) must sum to a multiple of ten.
    Never raises for a ``str``.

    >>> mod10_verify("6901234567892"), mod10_verify("6901234567893"), mod10_verify("")
    (True, False, False)
    """
    if not (code.isdigit() and code.isascii()) or len(code) < 2:
        return False
    return mod10_digits_ok(code)


def mod10_digits_ok(code: str) -> bool:
    """:func:`mod10_verify` for a code already known to be two or more ASCII digits.

    >>> mod10_digits_ok("6901234567892")
    True
    """
    b = code.encode("ascii")
    n = len(b)
    # Check digit weight 1, then 3, 1, 3, ... leftwards: sum(b) plus twice every
    # other digit from the second-to-last, less the +48 of each byte.
    return (sum(b) + 2 * sum(b[-2::-2]) - 48 * (n + 2 * (n // 2))) % 10 == 0


# ---------------------------------------------------------------------------------
# Price / weight verifier digits
# ---------------------------------------------------------------------------------

# Weighting factors of §7.9.2 as digit -> weighted-product tables:
#   "2-": units digit of 2d minus its tens digit; "3": units digit of 3d;
#   "5+": units digit of 5d plus its tens digit;  "5-": units minus tens of 5d.
_W2_MINUS = (0, 2, 4, 6, 8, 9, 1, 3, 5, 7)
_W3 = (0, 3, 6, 9, 2, 5, 8, 1, 4, 7)
_W5_PLUS = (0, 5, 1, 6, 2, 7, 3, 8, 4, 9)
_W5_MINUS = (0, 5, 9, 4, 8, 3, 7, 2, 6, 1)
_W5_MINUS_INVERSE = tuple(_W5_MINUS.index(v) for v in range(10))


def price4(body: str) -> str:
    """Price/weight verifier digit for a 4-digit field (GS1 GenSpecs §7.9.3).

    Weighting factors 2-, 2-, 3, 5-; the units digit of three times the sum of the
    weighted products is the check digit.  ``body`` must be 4 ASCII digits.

    >>> price4("2875")
    '9'
    """
    d = [ord(c) - 48 for c in body]
    total = _W2_MINUS[d[0]] + _W2_MINUS[d[1]] + _W3[d[2]] + _W5_MINUS[d[3]]
    return DIGITS[total * 3 % 10]


def price5(body: str) -> str:
    """Price/weight verifier digit for a 5-digit field (GS1 GenSpecs §7.9.4).

    Weighting factors 5+, 2-, 5-, 5+, 2-; the sum is subtracted from the next
    multiple of ten and the check digit is the digit whose 5- weighted product
    equals that result.  ``body`` must be 5 ASCII digits.

    >>> price5("14685")
    '6'
    """
    d = [ord(c) - 48 for c in body]
    total = _W5_PLUS[d[0]] + _W2_MINUS[d[1]] + _W5_MINUS[d[2]] + _W5_PLUS[d[3]] + _W2_MINUS[d[4]]
    return DIGITS[_W5_MINUS_INVERSE[-total % 10]]


# ---------------------------------------------------------------------------------
# Alphanumeric check-character pair (mod 1021)
# ---------------------------------------------------------------------------------

#: GS1 CSET 32, the check-character alphabet, in value order.
CSET32 = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
#: Longest body with a defined weight: GS1's reference implementation (GS1 Barcode
#: Syntax Dictionary, linter ``csumalpha``) carries the first 97 primes, enough for
#: any AI (at most 99 characters including the pair).
CHECKPAIR_MAX_BODY = 97


def _first_primes(count: int) -> tuple[int, ...]:
    found: list[int] = []
    candidate = 2
    while len(found) < count:
        if all(candidate % p for p in found if p * p <= candidate):
            found.append(candidate)
        candidate += 1
    return tuple(found)


_PRIMES = _first_primes(CHECKPAIR_MAX_BODY)
# Weights for a body of length n are _PRIMES_DESC[-n:] (leftmost char gets the n-th
# prime, rightmost gets 2).
_PRIMES_DESC = _PRIMES[::-1]
# Prefix sums of the primes, to remove the +128 offset of the translated bytes.
_PRIME_SUMS = tuple(sum(_PRIMES[:n]) for n in range(CHECKPAIR_MAX_BODY + 1))
# CSET 82 character -> chr(128 + value): after translate + latin-1 encode, every valid
# character is a byte >= 128 and anything else (< 128 or unencodable) is detected.
_CSET82_HIGH = {ord(c): chr(128 + i) for i, c in enumerate(CSET82)}


def gs1_checkpair(body: str) -> str:
    """Return the two GS1 check characters (CSET 32) for a CSET 82 body.

    Each body character's CSET 82 value is weighted by the primes 2, 3, 5, 7, ...
    counted from the right; the sum modulo 1021 is split into two 5-bit values,
    each mapped through CSET 32 (GS1 General Specifications §7.9.5).  Bodies of 1 to
    97 characters are accepted (97 = the prime table of GS1's reference
    implementation); other input raises ``EMPTY_INPUT``, ``TOO_LONG`` or
    ``INVALID_CHARACTER`` with the position.

    >>> gs1_checkpair("1987654Ad4X4bL5ttr2310c")
    '2K'
    """
    n = len(body)
    if 0 < n <= CHECKPAIR_MAX_BODY and body.isascii():
        b = body.translate(_CSET82_HIGH).encode("latin-1")
        if min(b) >= 128:
            total = sum(map(mul, b, _PRIMES_DESC[-n:])) - 128 * _PRIME_SUMS[n]
            total %= 1021
            return CSET32[total >> 5] + CSET32[total & 31]
    raise bad_body_error(body, CSET82, 1, CHECKPAIR_MAX_BODY)
