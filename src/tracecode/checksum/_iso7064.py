"""ISO/IEC 7064:2003 check character systems (adopted in China as GB/T 17710-2008).

Pure systems MOD 11-2, MOD 37-2, MOD 97-10, MOD 661-26 and MOD 1271-36, and hybrid
systems MOD 11,10 and MOD 37,36.  Character values are their index in the
alphabet: digits 0-9 are 0-9, letters A-Z are 10-35 (alphanumeric) or 0-25
(alphabetic), and the supplementary check characters ``X`` (MOD 11-2) and ``*``
(MOD 37-2) are 10 and 36.

Pure system with modulus M and radix r: every character of the complete string
(body and check) is weighted by r**i, i being its position counted from 0 at the
rightmost character, and the weighted sum must be congruent to 1 modulo M.  With
two check characters the check value v gives the pair ``alphabet[v // r]`` and
``alphabet[v % r]``.  Checking follows the standard's rule (weighted sum congruent
to 1), so where a value v < r*r - M also has the spelling v + M (MOD 97-10: 97 and
98 for 0 and 1) both spellings verify.  MOD 97-10 computes 98 - (100 * body mod 97),
the standard's simplified procedure, which is also what IBAN (ISO 13616) and LEI
(ISO 17442) use: 98 and 97 rather than 01 and 00.

Hybrid system MOD M+1,M: starting from P = M, each character value c gives
S = (P + c) mod M (0 read as M) and P = 2S mod (M + 1); the check character makes
the final S equal to 1.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["ALPHA", "hybrid", "pure", "pure_accept"]

ALPHA = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def pure(
    modulus: int,
    radix: int,
    body_alphabet: str,
    check_alphabet: str,
    check_length: int,
    min_value: int = 0,
) -> Callable[[str], str]:
    """Build the raw compute function of a pure system.

    A check value below ``min_value`` is written as value + ``modulus`` (used for
    MOD 97-10, whose check digits run from 02 to 98).

    >>> from tracecode._chars import DIGITS, UPPER_ALNUM
    >>> pure(11, 2, DIGITS, DIGITS + "X", 1)("079")
    'X'
    >>> pure(1271, 36, UPPER_ALNUM, UPPER_ALNUM, 2)("ISO79")
    '3W'
    >>> pure(97, 10, DIGITS, DIGITS, 2)("0"), pure(97, 10, DIGITS, DIGITS, 2, min_value=2)("0")
    ('01', '98')
    """
    values = {c: i for i, c in enumerate(body_alphabet)}
    if check_length == 1:

        def compute1(body: str) -> str:
            p = 0
            for c in body:
                p = (p + values[c]) * radix % modulus
            return check_alphabet[(1 - p) % modulus]

        return compute1

    def compute2(body: str) -> str:
        p = 0
        for c in body:
            p = (p + values[c]) * radix % modulus
        v = (1 - p * radix) % modulus
        if v < min_value:
            v += modulus
        return check_alphabet[v // radix] + check_alphabet[v % radix]

    return compute2


def pure_accept(modulus: int, radix: int, alphabet: str) -> Callable[[str, str], bool]:
    """Build the check test of a pure system: weighted sum of body + check is 1 mod M.

    ``alphabet`` gives the values of both body and check characters.

    >>> accept = pure_accept(97, 10, "0123456789")
    >>> accept("0", "01"), accept("0", "98"), accept("0", "02")
    (True, True, False)
    """
    values = {c: i for i, c in enumerate(alphabet)}

    def accept(body: str, check: str) -> bool:
        p = 0
        for c in body:
            p = (p * radix + values[c]) % modulus
        for c in check:
            p = (p * radix + values[c]) % modulus
        return p == 1

    return accept


def hybrid(modulus: int, alphabet: str) -> Callable[[str], str]:
    """Build the raw compute function of the hybrid system MOD ``modulus + 1``, ``modulus``.

    >>> hybrid(10, "0123456789")("0794")
    '5'
    """
    values = {c: i for i, c in enumerate(alphabet)}
    m1 = modulus + 1

    def compute(body: str) -> str:
        p = modulus
        for c in body:
            p = ((p + values[c]) % modulus or modulus) * 2 % m1
        return alphabet[(m1 - p) % modulus]

    return compute
