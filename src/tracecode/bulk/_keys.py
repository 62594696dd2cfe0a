"""Canonical keys of serialised codes, for duplicate detection.

Two records are duplicates when they identify the same serialised item, in
whatever representation they were written: ``(01)…(21)…`` as bracketed HRI, as
an element string and as a Digital Link URI all give the same key.  Codes that
do not identify one item (a bare GTIN, a batch) have no key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

__all__ = ["code_key", "gs1_key", "key_hash", "scheme_key", "serial_key"]

# GS1 identification keys that name one item, as (AIs that make the key,
# shortest value of the first AI that makes it serialised, or 0).
_GS1_SERIALISED: tuple[tuple[tuple[str, ...], int], ...] = (
    (("01", "21"), 0),  # SGTIN: GTIN + serial number
    (("01", "235"), 0),  # GTIN + third-party controlled serial extension
    (("8006", "21"), 0),  # ITIP + serial number
    (("8010", "8011"), 0),  # CPID + serial number
    (("00",), 0),  # SSCC
    (("8003",), 15),  # GRAI with its serial component
    (("8004",), 0),  # GIAI
    (("8017",), 0),  # GSRN provider
    (("8018",), 0),  # GSRN recipient
    (("253",), 14),  # GDTI with its serial component
    (("255",), 14),  # GCN with its serial component
)

_SERIAL_SEGMENTS = ("serial", "sequence", "seq")
_IS_SERIAL: dict[str, bool] = {}  # segment name -> names a serial number


def code_key(code: Any) -> str | None:
    """Return the key of a parsed code (GS1 message or scheme code), or None.

    >>> import tracecode
    >>> code_key(tracecode.parse("(00)106141411234567897"))
    'gs1:00=106141411234567897'
    """
    elements = getattr(code, "elements", None)
    if elements is not None:
        return _gs1_key(elements)
    scheme = getattr(code, "scheme", None)
    compact = getattr(code, "code", None)
    segments = getattr(code, "segments", None)
    if isinstance(scheme, str) and isinstance(compact, str) and segments:
        names = [getattr(seg, "name", "") for seg in segments]
        return scheme_key(scheme, compact, names, [getattr(seg, "value", "") for seg in segments])
    return None


def scheme_key(
    scheme: str, compact: str, names: Sequence[str], values: Sequence[str]
) -> str | None:
    """Return ``scheme:compact`` when a serial segment (by name) has a value, else None.

    >>> scheme_key("cn.drug.trace20", "81773220288616423835", ["product", "serial"], ["x", "1"])
    'cn.drug.trace20:81773220288616423835'
    >>> scheme_key("cn.uscc", "91110000600037341L", ["division", "check"], ["110000", "L"]) is None
    True
    """
    for name, value in zip(names, values, strict=True):
        serial = _IS_SERIAL.get(name)
        if serial is None:
            serial = _IS_SERIAL[name] = any(s in str(name).lower() for s in _SERIAL_SEGMENTS)
        if serial and value:
            return f"{scheme}:{compact}"
    return None


def serial_key(report: Any) -> str | None:
    """Return the canonical key of the serialised item a valid report names, or None.

    ``report`` is a :class:`tracecode.Report` (or a parsed code).  GS1 data gives
    its identification key with its serial component (``gs1:01=…;21=…``); a code
    of another scheme gives ``scheme:compact-code`` when it has a serial segment.

    >>> import tracecode
    >>> serial_key(tracecode.validate("(01)09506000134352(10)AB(21)XYZ"))
    'gs1:01=09506000134352;21=XYZ'
    >>> serial_key(tracecode.validate("https://id.gs1.org/01/09506000134352/21/XYZ"))
    'gs1:01=09506000134352;21=XYZ'
    >>> serial_key(tracecode.validate("(01)09506000134352")) is None
    True
    """
    from tracecode._api import Report

    if isinstance(report, Report):
        if not report.valid or report.code is None:
            return None
        return code_key(report.code)
    return code_key(report)


def _gs1_key(elements: Any) -> str | None:
    return gs1_key([e.ai for e in elements], [e.value for e in elements])


def gs1_key(ais: Sequence[str], values: Sequence[str]) -> str | None:
    """Return the key of GS1 data given as parallel AIs and values, or None.

    >>> gs1_key(["01", "10", "21"], ["09506000134352", "AB", "XYZ"])
    'gs1:01=09506000134352;21=XYZ'
    >>> gs1_key(["01", "10"], ["09506000134352", "AB"]) is None
    True
    """
    if "01" in ais and "21" in ais:  # the common case first: SGTIN, GTIN + serial number
        return f"gs1:01={values[ais.index('01')]};21={values[ais.index('21')]}"
    first: dict[str, str] = {}
    for ai, value in zip(ais, values, strict=True):
        if ai not in first:
            first[ai] = value
    for key_ais, min_len in _GS1_SERIALISED:
        if all(ai in first for ai in key_ais):
            if min_len and len(first[key_ais[0]]) < min_len:
                continue
            return "gs1:" + ";".join(f"{ai}={first[ai]}" for ai in key_ais)
    return None


def key_hash(key: str) -> int:
    """Return a signed 64-bit hash of a key (BLAKE2b), what the duplicate index stores.

    >>> key_hash("gs1:01=09506000134352;21=XYZ") == key_hash("gs1:01=09506000134352;21=XYZ")
    True
    >>> -(2**63) <= key_hash("x") < 2**63
    True
    """
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)
