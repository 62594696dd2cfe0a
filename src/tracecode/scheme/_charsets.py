"""Named character sets used by scheme files (ASCII only where digits are concerned).

>>> CHARSETS["gb32100"]
'0123456789ABCDEFGHJKLMNPQRTUWXY'
>>> describe("digits")
'an ASCII digit 0-9'
"""

from __future__ import annotations

import unicodedata

from tracecode._chars import CSET82, DIGITS, UPPER_ALNUM

__all__ = ["CHARSETS", "TEXT", "describe", "first_bad", "is_control", "is_foreign_digit"]

_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LOWER = "abcdefghijklmnopqrstuvwxyz"

_PCHAR = DIGITS + _UPPER + _LOWER + "-._~!$&'()*+,;=:@%"

#: The free-text set: any character except control characters.
TEXT = "text"

#: name -> permitted characters (``text``: any printable character).
CHARSETS: dict[str, str] = {
    "digits": DIGITS,
    "upper": _UPPER,
    "upper-alnum": UPPER_ALNUM,
    "alnum": DIGITS + _UPPER + _LOWER,
    # GB 32100-2015: digits and capitals without I, O, S, V, Z, in value order.
    "gb32100": "0123456789ABCDEFGHJKLMNPQRTUWXY",
    # Industrial detonator feature code: capitals, small letters except c o s u v w x z, digits.
    "detonator-feature": _UPPER + "".join(c for c in _LOWER if c not in "cosuvwxz") + DIGITS,
    # Printable ASCII without space: what an unescaped URL or token may hold.
    "url": "".join(chr(i) for i in range(0x21, 0x7F)),
    # RFC 3986 pchar (one path segment) and query characters.
    "url-segment": _PCHAR,
    "url-query": _PCHAR + "/?",
    "cset82": CSET82,
    TEXT: "",
}

_DESCRIPTIONS: dict[str, str] = {
    "digits": "an ASCII digit 0-9",
    "upper": "a capital letter A-Z",
    "upper-alnum": "an ASCII digit 0-9 or capital letter A-Z",
    "alnum": "an ASCII digit or Latin letter",
    "gb32100": "an ASCII digit 0-9 or capital letter other than I, O, S, V, Z",
    "detonator-feature": "a digit, a capital letter or a small letter other than c o s u v w x z",
    "url": "a printable ASCII character other than space",
    "url-segment": "a URL path-segment character (RFC 3986 pchar)",
    "url-query": "a URL query character (RFC 3986)",
    "cset82": "a GS1 CSET 82 character",
    TEXT: "a printable character",
}


def describe(charset: str, alphabet: str = "") -> str:
    """Human wording of a character set for error messages."""
    if charset in _DESCRIPTIONS:
        return _DESCRIPTIONS[charset]
    return f"one of {alphabet!r}"


def is_control(ch: str) -> bool:
    r"""Tell whether ``ch`` is a C0/C1 control character or DEL.

    >>> is_control("\x00"), is_control("\n"), is_control("a")
    (True, True, False)
    """
    o = ord(ch)
    return o < 0x20 or 0x7F <= o < 0xA0


def is_foreign_digit(ch: str) -> bool:
    """Tell whether ``ch`` is a decimal digit other than ASCII 0-9 (full-width, Arabic-Indic...).

    >>> is_foreign_digit("５"), is_foreign_digit("٣"), is_foreign_digit("5")
    (True, True, False)
    """
    return not ch.isascii() and unicodedata.category(ch) == "Nd"


def first_bad(value: str, charset: str, alphabet: str) -> int:
    """Index of the first character of ``value`` outside the set, or -1."""
    if charset == TEXT:
        for i, ch in enumerate(value):
            if is_control(ch) or unicodedata.category(ch) in ("Cs", "Co", "Cn"):
                return i
        return -1
    allowed = frozenset(alphabet)
    for i, ch in enumerate(value):
        if ch not in allowed:
            return i
    return -1
