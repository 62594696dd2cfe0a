r"""Character classes used everywhere (ASCII only: non-ASCII digits are never digits).

>>> is_digits("0123"), is_digits("０１２"), is_digits("٣"), is_digits("12\n"), is_digits("")
(True, False, False, False, False)
"""

from __future__ import annotations

__all__ = [
    "CSET39",
    "CSET64",
    "CSET82",
    "DIGITS",
    "UPPER_ALNUM",
    "first_not_in",
    "is_digits",
]

DIGITS = "0123456789"
UPPER_ALNUM = DIGITS + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#: GS1 CSET 82 (GS1 General Specifications figure 7.11-1), in its defined order.
CSET82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
#: GS1 CSET 39 (figure 7.11-2).
CSET39 = "#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#: GS1 CSET 64 (file-safe base64, figure 7.11-3), padding '=' handled separately.
CSET64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

assert len(CSET82) == 82
assert len(CSET39) == 39
assert len(CSET64) == 64


def is_digits(text: str) -> bool:
    """True when ``text`` is one or more ASCII digits 0-9 and nothing else."""
    return text.isascii() and text.isdigit()


def first_not_in(text: str, allowed: frozenset[str] | str) -> int:
    """Index of the first character of ``text`` not in ``allowed``, or -1."""
    for i, ch in enumerate(text):
        if ch not in allowed:
            return i
    return -1
