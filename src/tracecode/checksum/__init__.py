"""Check characters: one registry of algorithms, addressed by a stable id.

Every algorithm is an :class:`Algorithm` with ``compute`` (body -> check
characters), ``verify`` (never raises) and ``validate`` (raises a precise
:mod:`tracecode.errors` error).  A code is always the body followed by its check
character(s).  Digits are ASCII ``0``-``9`` only; full-width, Arabic-Indic and other
non-ASCII digits are rejected.

>>> from tracecode import checksum
>>> checksum.compute("gs1-mod10", "690123456789")
'2'
>>> checksum.verify("gb32100", "91350100M000100Y43")
True
>>> checksum.verify("gs1-mod10", "６901234567892")
False
>>> sorted(checksum.ALGORITHMS)[:3]
['damm', 'gb11714', 'gb32100']

The plain functions :func:`gs1_mod10` and :func:`gs1_checkpair` are the hot paths
(one cheap validity test, then C-level arithmetic).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from tracecode._chars import CSET82, DIGITS, UPPER_ALNUM
from tracecode.checksum import _cn, _gs1, _iso7064, _misc
from tracecode.checksum._base import Algorithm
from tracecode.checksum._gs1 import gs1_checkpair, gs1_mod10, mod10_verify
from tracecode.errors import make_error

__all__ = [
    "ALGORITHMS",
    "Algorithm",
    "compute",
    "get",
    "gs1_checkpair",
    "gs1_mod10",
    "mod10_verify",
    "validate",
    "verify",
]

_GS1 = "GS1 General Specifications"
_ISO = "ISO/IEC 7064:2003 (GB/T 17710-2008)"


def _iso_pure(
    ident: str,
    title: str,
    modulus: int,
    radix: int,
    body: str,
    check: str,
    length: int,
    section: str,
    min_value: int = 0,
) -> Algorithm:
    # With two check characters some values have a second spelling (v + M); the
    # standard's check (weighted sum = 1 mod M) accepts both.
    accept = _iso7064.pure_accept(modulus, radix, body) if length == 2 else None
    return Algorithm(
        id=ident,
        title=title,
        body_alphabet=body,
        check_alphabet=check,
        check_length=length,
        source=f"{_ISO} {section}",
        raw_compute=_iso7064.pure(modulus, radix, body, check, length, min_value),
        raw_accept=accept,
    )


def _iso_hybrid(ident: str, title: str, modulus: int, alphabet: str) -> Algorithm:
    return Algorithm(
        id=ident,
        title=title,
        body_alphabet=alphabet,
        check_alphabet=alphabet,
        check_length=1,
        source=f"{_ISO} clauses 9-10 (hybrid systems)",
        raw_compute=_iso7064.hybrid(modulus, alphabet),
    )


_ALL = (
    Algorithm(
        id="gs1-mod10",
        title="GS1 standard mod-10 check digit",
        body_alphabet=DIGITS,
        check_alphabet=DIGITS,
        check_length=1,
        source=f"{_GS1} §7.9.1",
        raw_compute=gs1_mod10,
        raw_verify=_gs1.mod10_verify,
    ),
    Algorithm(
        id="gs1-checkpair",
        title="GS1 check character pair (mod 1021)",
        body_alphabet=CSET82,
        check_alphabet=_gs1.CSET32,
        check_length=2,
        source=f"{_GS1} §7.9.5",
        max_body_length=_gs1.CHECKPAIR_MAX_BODY,
        mismatch_code="INCORRECT_CHECK_PAIR",
        raw_compute=gs1_checkpair,
    ),
    Algorithm(
        id="gs1-price4",
        title="GS1 price/weight verifier digit, 4-digit field",
        body_alphabet=DIGITS,
        check_alphabet=DIGITS,
        check_length=1,
        source=f"{_GS1} §7.9.2-§7.9.3",
        min_body_length=4,
        max_body_length=4,
        raw_compute=_gs1.price4,
    ),
    Algorithm(
        id="gs1-price5",
        title="GS1 price/weight verifier digit, 5-digit field",
        body_alphabet=DIGITS,
        check_alphabet=DIGITS,
        check_length=1,
        source=f"{_GS1} §7.9.2, §7.9.4",
        min_body_length=5,
        max_body_length=5,
        raw_compute=_gs1.price5,
    ),
    _iso_pure("iso7064-mod11-2", "ISO/IEC 7064 MOD 11-2", 11, 2, DIGITS, DIGITS + "X", 1, "§7"),
    _iso_hybrid("iso7064-mod11-10", "ISO/IEC 7064 MOD 11,10", 10, DIGITS),
    _iso_pure(
        "iso7064-mod37-2",
        "ISO/IEC 7064 MOD 37-2",
        37,
        2,
        UPPER_ALNUM,
        UPPER_ALNUM + "*",
        1,
        "§7",
    ),
    _iso_hybrid("iso7064-mod37-36", "ISO/IEC 7064 MOD 37,36", 36, UPPER_ALNUM),
    _iso_pure(
        "iso7064-mod97-10",
        "ISO/IEC 7064 MOD 97-10",
        97,
        10,
        DIGITS,
        DIGITS,
        2,
        "§8 (check digits by the §8.4 simplified procedure)",
        min_value=2,
    ),
    _iso_pure(
        "iso7064-mod661-26",
        "ISO/IEC 7064 MOD 661-26",
        661,
        26,
        _iso7064.ALPHA,
        _iso7064.ALPHA,
        2,
        "§8",
    ),
    _iso_pure(
        "iso7064-mod1271-36",
        "ISO/IEC 7064 MOD 1271-36",
        1271,
        36,
        UPPER_ALNUM,
        UPPER_ALNUM,
        2,
        "§8",
    ),
    Algorithm(
        id="luhn",
        title="Luhn mod-10 (double-add-double)",
        body_alphabet=DIGITS,
        check_alphabet=DIGITS,
        check_length=1,
        source="ISO/IEC 7812-1 Annex B",
        raw_compute=_misc.luhn,
        raw_verify=_misc.luhn_verify,
    ),
    Algorithm(
        id="verhoeff",
        title="Verhoeff (dihedral group D5)",
        body_alphabet=DIGITS,
        check_alphabet=DIGITS,
        check_length=1,
        source="J. Verhoeff, Error Detecting Decimal Codes, Mathematical Centre Tract 29, 1969",
        raw_compute=_misc.verhoeff,
    ),
    Algorithm(
        id="damm",
        title="Damm (totally anti-symmetric quasigroup)",
        body_alphabet=DIGITS,
        check_alphabet=DIGITS,
        check_length=1,
        source=(
            "H. M. Damm, Total anti-symmetrische Quasigruppen, dissertation, "
            "Philipps-Universität Marburg, 2004"
        ),
        raw_compute=_misc.damm,
    ),
    Algorithm(
        id="gb32100",
        title="统一社会信用代码校验码 (unified social credit code)",
        body_alphabet=_cn.GB32100_ALPHABET,
        check_alphabet=_cn.GB32100_ALPHABET,
        check_length=1,
        source="GB 32100-2015 §4 (check character per GB/T 17710)",
        min_body_length=17,
        max_body_length=17,
        raw_compute=_cn.gb32100,
    ),
    Algorithm(
        id="gb11714",
        title="组织机构代码校验码 (organization code)",
        body_alphabet=UPPER_ALNUM,
        check_alphabet=_cn.GB11714_CHECK,
        check_length=1,
        source="GB 11714-1997 §2.1.2 and Annex A",
        min_body_length=8,
        max_body_length=8,
        raw_compute=_cn.gb11714,
    ),
)

#: Every algorithm by id (read-only).
ALGORITHMS: Mapping[str, Algorithm] = MappingProxyType({a.id: a for a in _ALL})


def get(algorithm_id: str) -> Algorithm:
    """Return the algorithm registered as ``algorithm_id``.

    An unknown id raises :class:`~tracecode.errors.SchemeError` ``UNKNOWN_ALGORITHM``.

    >>> get("damm").title
    'Damm (totally anti-symmetric quasigroup)'
    >>> get("mod10")
    Traceback (most recent call last):
        ...
    tracecode.errors.SchemeError: unknown check-character algorithm: found 'mod10'
    """
    try:
        return ALGORITHMS[algorithm_id]
    except (KeyError, TypeError):
        raise make_error("UNKNOWN_ALGORITHM", found=str(algorithm_id)) from None


def compute(algorithm_id: str, body: str) -> str:
    """Return the check character(s) of ``body`` under ``algorithm_id``.

    >>> compute("gs1-checkpair", "1987654Ad4X4bL5ttr2310c")
    '2K'
    """
    return get(algorithm_id).compute(body)


def verify(algorithm_id: str, code: str) -> bool:
    """Tell whether ``code`` (body + check) verifies; never raises for any ``code``.

    Only an unknown ``algorithm_id`` raises (``UNKNOWN_ALGORITHM``).

    >>> verify("iso7064-mod11-2", "0000000218250097"), verify("damm", "5725")
    (True, False)
    """
    return get(algorithm_id).verify(code)


def validate(algorithm_id: str, code: str) -> str:
    """Return ``code`` when it verifies under ``algorithm_id``, else raise.

    See :meth:`Algorithm.validate` for the errors.

    >>> validate("verhoeff", "2363")
    '2363'
    """
    return get(algorithm_id).validate(code)
