"""Decimal check digits: Luhn, Verhoeff and Damm.

* Luhn (ISO/IEC 7812-1 Annex B): from the rightmost body digit, every other digit
  is doubled (9 subtracted when the result exceeds 9); the check digit brings the
  total to a multiple of ten.
* Verhoeff (1969): the dihedral group D5 with the position permutation
  (1 5 7 6 2 8 3 0 9 4) raised to the power of the position.
* Damm (2004): a totally anti-symmetric quasigroup of order 10; the check digit
  is the interim digit left after the body.
"""

from __future__ import annotations

from tracecode._chars import DIGITS

__all__ = ["damm", "luhn", "luhn_verify", "verhoeff"]

_LUHN_DOUBLE = str.maketrans(DIGITS, "0246813579")


def luhn(body: str) -> str:
    """Luhn check digit of an ASCII-digit body (no validation).

    >>> luhn("7992739871")
    '3'
    """
    doubled = body[-1::-2].translate(_LUHN_DOUBLE).encode("ascii")
    plain = body[-2::-2].encode("ascii")
    total = sum(doubled) + sum(plain) - 48 * len(body)
    return DIGITS[-total % 10]


def luhn_verify(code: str) -> bool:
    """Tell whether ``code`` is two or more ASCII digits with a right Luhn check digit.

    >>> luhn_verify("79927398713"), luhn_verify("79927398710")
    (True, False)
    """
    if not (code.isascii() and code.isdigit()) or len(code) < 2:
        return False
    doubled = code[-2::-2].translate(_LUHN_DOUBLE).encode("ascii")
    plain = code[-1::-2].encode("ascii")
    return (sum(doubled) + sum(plain) - 48 * len(code)) % 10 == 0


# Multiplication table of the dihedral group D5 (elements 0-4 rotations, 5-9
# reflections), the position permutation and its powers, and group inverses.
_D5 = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_PERM1 = (1, 5, 7, 6, 2, 8, 3, 0, 9, 4)


def _perm_powers() -> tuple[tuple[int, ...], ...]:
    rows = [tuple(range(10))]
    for _ in range(7):
        rows.append(tuple(_PERM1[x] for x in rows[-1]))
    return tuple(rows)


_PERM = _perm_powers()  # the permutation has order 8
_D5_INVERSE = tuple(row.index(0) for row in _D5)


def verhoeff(body: str) -> str:
    """Verhoeff check digit of an ASCII-digit body (no validation).

    >>> verhoeff("236")
    '3'
    """
    c = 0
    for i, ch in enumerate(reversed(body), 1):
        c = _D5[c][_PERM[i % 8][ord(ch) - 48]]
    return DIGITS[_D5_INVERSE[c]]


# The quasigroup of order 10 published by Damm (the table Wikipedia also shows).
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


def damm(body: str) -> str:
    """Damm check digit of an ASCII-digit body (no validation).

    >>> damm("572")
    '4'
    """
    interim = 0
    for ch in body:
        interim = _DAMM[interim][ord(ch) - 48]
    return DIGITS[interim]
