"""GS1 identification keys with a mod-10 check digit: GTIN, SSCC, GLN, GSIN, GSRN.

One validator for every mod-10 key, fast enough for bulk work.

>>> validate_gtin("6901234567892")
'6901234567892'
>>> is_valid_gtin("6901234567893"), is_valid_gtin("６901234567892")
(False, False)
>>> validate_key("sscc", "106141411234567897")
'106141411234567897'
>>> validate_gtin("6901234567893")
Traceback (most recent call last):
...
tracecode.errors.CheckCharacterError: GTIN: incorrect check digit at position 12: ...
"""

from __future__ import annotations

from tracecode.checksum import mod10_verify
from tracecode.errors import make_error, raw

__all__ = ["KEY_LENGTHS", "is_valid_gtin", "validate_gtin", "validate_key"]

#: permitted lengths of each mod-10 key (GS1 General Specifications §3, §7.9.1)
KEY_LENGTHS: dict[str, tuple[int, ...]] = {
    "gtin": (8, 12, 13, 14),
    "sscc": (18,),
    "gln": (13,),
    "gsin": (17,),
    "gsrn": (18,),
}


def is_valid_gtin(text: str) -> bool:
    """True for a GTIN-8/12/13/14 with a correct check digit (ASCII digits only)."""
    return len(text) in (8, 12, 13, 14) and text.isascii() and text.isdigit() and mod10_verify(text)


def validate_gtin(text: str) -> str:
    """Return ``text`` if it is a valid GTIN-8/12/13/14, else raise a precise error."""
    if len(text) in (8, 12, 13, 14) and text.isascii() and text.isdigit() and mod10_verify(text):
        return text
    return validate_key("gtin", text)


def validate_key(kind: str, text: str) -> str:
    """Validate a mod-10 key of ``kind`` (gtin, sscc, gln, gsin, gsrn); return it."""
    lengths = KEY_LENGTHS[kind]
    label = kind.upper()
    for i, ch in enumerate(text):
        if not ("0" <= ch <= "9"):
            code = "NON_ASCII_DIGIT" if ch.isdigit() else "INVALID_CHARACTER"
            raise make_error(code, position=i, field=label, found=ch)
    if len(text) not in lengths:
        raise make_error(
            "INVALID_LENGTH",
            position=None,
            field=label,
            expected=raw(" or ".join(map(str, lengths)) + " digits"),
            found=raw(f"{len(text)} digits"),
        )
    if not mod10_verify(text):
        from tracecode.checksum import gs1_mod10

        raise make_error(
            "INCORRECT_CHECK_DIGIT",
            position=len(text) - 1,
            field=label,
            expected=gs1_mod10(text[:-1]),
            found=text[-1],
        )
    return text
