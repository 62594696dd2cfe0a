"""Chinese national check characters.

* GB 32100-2015 unified social credit code (统一社会信用代码): 17 body characters
  from a 31-character alphabet (digits and capital letters without I, O, S, V, Z),
  position i (1-based, from the left) weighted 3**(i-1) mod 31; the check
  character is ``alphabet[(31 - sum mod 31) mod 31]``.
* GB 11714-1997 organization code (组织机构代码): 8 body characters, digits 0-9 and
  letters A-Z valued 10-35, weights 3, 7, 9, 10, 5, 8, 4, 2; the check is
  11 - (sum mod 11), written ``X`` for 10 and ``0`` for 11.
"""

from __future__ import annotations

from tracecode._chars import UPPER_ALNUM

__all__ = ["GB11714_CHECK", "GB32100_ALPHABET", "gb11714", "gb32100"]

#: The 31 characters of GB 32100 in value order.
GB32100_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_GB32100_VALUES = {c: i for i, c in enumerate(GB32100_ALPHABET)}
_GB32100_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))

#: Check characters of GB 11714 (value 10 is written X).
GB11714_CHECK = "0123456789X"
_GB11714_VALUES = {c: i for i, c in enumerate(UPPER_ALNUM)}
_GB11714_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def gb32100(body: str) -> str:
    """Check character of a 17-character GB 32100 body (no validation).

    >>> gb32100("91350100M000100Y4")
    '3'
    """
    total = sum(_GB32100_VALUES[c] * w for c, w in zip(body, _GB32100_WEIGHTS, strict=True))
    return GB32100_ALPHABET[-total % 31]


def gb11714(body: str) -> str:
    """Check character of an 8-character GB 11714 body (no validation).

    >>> gb11714("M000100Y"), gb11714("60003734")
    ('4', '1')
    """
    total = sum(_GB11714_VALUES[c] * w for c, w in zip(body, _GB11714_WEIGHTS, strict=True))
    return GB11714_CHECK[(11 - total % 11) % 11]
