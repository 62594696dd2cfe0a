r"""From a code to the payload of one carrier, and the default carrier for a code.

The payload step is separate from the carrier step: a GS1 message becomes an
element string (FNC1 positions from the AI dictionary) for GS1 carriers, a GS1
Digital Link URI for a plain QR code, a GTIN for EAN/UPC/ITF-14.

>>> from tracecode.carriers._payload import payload_for
>>> p, carrier = payload_for("(01)09506000134352(10)ABC123(21)XYZ", None)
>>> carrier, p.data, p.hri
('gs1-datamatrix', '010950600013435210ABC123\x1d21XYZ', '(01)09506000134352(10)ABC123(21)XYZ')
>>> payload_for("https://example.com/a", None)[1]
'qr'
>>> payload_for("81773220288616423835", None)[0].hri
'8177322 028861642 3835'
"""

from __future__ import annotations

import re
from typing import Any

from tracecode.carriers._model import CARRIERS, Payload
from tracecode.errors import TraceCodeError, make_error

__all__ = ["gs1_mod10_ok", "payload_for"]

_DIGITS = re.compile(r"[0-9]+")
_DRUG20 = re.compile(r"8[0-9]{19}")
_URL = re.compile(r"(?i)https?://")
_CODE128_TEXT = re.compile(r"[!-~]{1,24}")
_GS = "\x1d"


def gs1_mod10_ok(digits: str) -> bool:
    """Tell whether the last digit is the GS1 mod-10 check digit of the others.

    >>> gs1_mod10_ok("5901234123457"), gs1_mod10_ok("5901234123458")
    (True, False)
    """
    total = 0
    for i, ch in enumerate(reversed(digits[:-1])):
        total += int(ch) * (3 if i % 2 == 0 else 1)
    return (10 - total % 10) % 10 == int(digits[-1])


class _GS1Api:
    """tracecode.gs1, imported on first use: parse, GS1Message, fixed-length AIs."""

    parse: Any = None
    message: type = type(None)
    #: AIs of predefined length (no FNC1 after them), from the AI dictionary
    fixed: frozenset[str] = frozenset()

    @classmethod
    def load(cls) -> type[_GS1Api]:
        if cls.parse is None:
            from tracecode.gs1 import parse
            from tracecode.gs1.dictionary import get_dictionary
            from tracecode.gs1.message import GS1Message

            entries = get_dictionary().entries
            cls.fixed = frozenset(ai for ai, e in entries.items() if not e.fnc1)
            cls.message = GS1Message
            cls.parse = parse
        return cls


def _is_gs1_message(code: Any) -> bool:
    return isinstance(code, _GS1Api.load().message)


def _is_scheme_code(code: Any) -> bool:
    return hasattr(code, "scheme") and hasattr(code, "code") and hasattr(code, "segments")


_new_payload = object.__new__
_payload_setters = tuple(Payload.__dict__[f].__set__ for f in ("data", "elements", "hri", "kind"))


def _gs1_payload(msg: Any) -> Payload:
    r"""Payload of a GS1 message: element string with GS where FNC1 is needed, HRI.

    The same strings as ``msg.element_string("\x1d")`` and ``msg.hri(escape=False)``,
    built in one pass over the elements.
    """
    if msg.errors:
        raise msg.errors[0]
    pairs = tuple([(e.ai, e.value) for e in msg.elements])
    fixed = _GS1Api.load().fixed
    data = "".join([ai + v if ai in fixed else ai + v + _GS for ai, v in pairs])
    if pairs and pairs[-1][0] not in fixed:
        data = data[:-1]  # no FNC1 after the last field
    hri = "".join(["(" + ai + ")" + v for ai, v in pairs])
    p: Payload = _new_payload(Payload)  # as Payload(data, pairs, hri, "gs1"), faster
    set_data, set_elements, set_hri, set_kind = _payload_setters
    set_data(p, data)
    set_elements(p, pairs)
    set_hri(p, hri)
    set_kind(p, "gs1")
    return p


def _parse_gs1(text: str) -> Any:
    return _GS1Api.load().parse(text)


def _looks_gs1(text: str) -> bool:
    return text.startswith(("(", "]")) or _GS in text


def _group_drug20(code: str) -> str:
    return f"{code[:7]} {code[7:16]} {code[16:]}"


def _scheme_payload(code: Any) -> Payload:
    text = str(code.code)
    try:
        hri = str(code.format())
    except (TraceCodeError, AttributeError, KeyError, ValueError):
        hri = text
    kind = "drug20" if code.scheme == "cn.drug.trace20" else "scheme"
    if hri == text and kind == "drug20":
        # printed in groups: drug identification code, serial, check digits
        values = [str(getattr(seg, "value", "")) for seg in code.segments]
        hri = " ".join(values) if "".join(values) == text else _group_drug20(text)
    return Payload(text, None, hri, kind)


def _detect_scheme(text: str) -> Any:
    """Find a valid national-scheme code for ``text``, or None (never raises)."""
    try:
        import importlib

        scheme_mod: Any = importlib.import_module("tracecode.scheme")
        candidates = scheme_mod.detect(text)
    except Exception:  # the scheme engine is optional here: plain text still works
        return None
    for cand in candidates or ():
        code = getattr(cand, "code", None)
        if (
            getattr(cand, "scheme", "gs1") != "gs1"
            and code is not None
            and _is_scheme_code(code)
            and getattr(code, "valid", False)
        ):
            return code
    return None


def _text_payload(text: str) -> Payload:
    if _URL.match(text):
        return Payload(text, None, text, "url")
    if _DIGITS.fullmatch(text):
        if _DRUG20.fullmatch(text):
            code = _detect_scheme(text)
            if code is not None:
                return _scheme_payload(code)
            return Payload(text, None, _group_drug20(text), "drug20")
        if len(text) in (8, 12, 13, 14) and gs1_mod10_ok(text):
            return Payload(text, None, text, "gtin")
        return Payload(text, None, text, "digits")
    if len(text) <= 40 and "\n" not in text and not _looks_gs1(text):
        code = _detect_scheme(text)
        if code is not None:
            return _scheme_payload(code)
    return Payload(text, None, text, "text")


def _default_carrier(p: Payload) -> str:
    if p.kind == "gs1":
        return "gs1-datamatrix"
    if p.kind == "gtin":
        return {8: "ean8", 12: "upca", 13: "ean13", 14: "itf14"}[len(p.data)]
    if p.kind in ("digits", "drug20"):
        return "code128" if len(p.data) <= 48 else "datamatrix"
    if p.kind == "scheme" and _CODE128_TEXT.fullmatch(p.data):
        return "code128"
    if p.kind == "text" and _CODE128_TEXT.fullmatch(p.data) and not _looks_gs1(p.data):
        return "code128"
    return "qr"


def _gtin_for(carrier: str, p: Payload, code: Any) -> Payload:
    """Return the GTIN digits an EAN/UPC/ITF-14 symbol carries."""
    want = {"ean13": 13, "ean8": 8, "upca": 12, "itf14": 14}[carrier]
    digits = p.data
    if p.elements is not None:
        if [ai for ai, _ in p.elements] != ["01"]:
            raise make_error(
                "RENDER_FAILED",
                detail=f"{carrier} carries a GTIN only; use gs1-128 or gs1-datamatrix for more AIs",
            )
        gtin14 = p.elements[0][1]
        strip = 14 - want
        if gtin14[:strip] != "0" * strip:
            raise make_error(
                "RENDER_FAILED", detail=f"GTIN {gtin14} does not fit {carrier} ({want} digits)"
            )
        digits = gtin14[strip:]
    if not _DIGITS.fullmatch(digits):
        bad = next((i for i, c in enumerate(digits) if not "0" <= c <= "9"), 0)
        raise make_error("INVALID_CHARACTER", position=bad, detail=f"{carrier} takes digits only")
    if len(digits) == want - 1:  # check digit left out: compute it
        digits += next(str(d) for d in range(10) if gs1_mod10_ok(digits + str(d)))
    if len(digits) != want:
        raise make_error("INVALID_LENGTH", expected=f"{want} digits", found=f"{len(digits)} digits")
    if not gs1_mod10_ok(digits):
        expected = next(str(d) for d in range(10) if gs1_mod10_ok(digits[:-1] + str(d)))
        raise make_error(
            "INCORRECT_CHECK_DIGIT", position=want - 1, expected=expected, found=digits[-1]
        )
    return Payload(digits, None, digits, "gtin")


def _str_payload(code: str, carrier: str | None) -> tuple[Payload, Any]:
    """Payload of text, and the GS1 message when it is GS1 data (else None)."""
    if not code:
        raise make_error("EMPTY_INPUT")
    spec = CARRIERS.get(carrier or "")
    if _looks_gs1(code) or (spec is not None and spec.gs1 and not _URL.match(code)):
        msg = _parse_gs1(code)
        return _gs1_payload(msg), msg
    return _text_payload(code), None


def payload_for(code: Any, carrier: str | None) -> tuple[Payload, str]:
    """Return the payload of ``code`` for ``carrier`` (None: default) and the carrier."""
    if carrier is not None and carrier not in CARRIERS:
        raise make_error(
            "RENDER_FAILED",
            detail=f"unknown carrier {carrier!r}; known: {', '.join(CARRIERS)}",
        )
    if isinstance(code, bytes):
        try:
            code = code.decode("utf-8")
        except UnicodeDecodeError:
            raise make_error("INPUT_ENCODING") from None
    msg: Any = None
    if type(code) is str:  # the common case first (a plain str is no message or code)
        p, msg = _str_payload(code, carrier)
    elif _is_gs1_message(code):
        msg = code
        p = _gs1_payload(code)
    elif _is_scheme_code(code):
        p = _scheme_payload(code)
    elif isinstance(code, str):
        p, msg = _str_payload(code, carrier)
    else:
        raise make_error(
            "RENDER_FAILED",
            detail=f"cannot render a {type(code).__name__}; give text, a GS1Message or a code",
        )
    if carrier is None:
        carrier = _default_carrier(p)
    return _adapt(p, carrier, msg), carrier


def _adapt(p: Payload, carrier: str, msg: Any) -> Payload:
    spec = CARRIERS[carrier]
    if spec.gs1:
        if p.elements is not None:
            return p
        if p.kind == "url" or p.kind == "gtin":
            return _gs1_payload(_parse_gs1(p.data))
        raise make_error("NOT_GS1", detail=f"{carrier} carries GS1 element strings only")
    if carrier in ("ean13", "ean8", "upca", "itf14"):
        return _gtin_for(carrier, p, msg)
    if p.elements is not None and msg is not None:
        if carrier in ("qr", "micro-qr", "datamatrix", "hanxin"):
            # GS1 data in a plain 2D symbol: the GS1 Digital Link URI
            return Payload(msg.digital_link(), None, p.hri, "gs1")
        if carrier == "dotcode":
            return p
        raise make_error(
            "RENDER_FAILED",
            detail=f"{carrier} cannot carry GS1 data; use gs1-128 or gs1-datamatrix",
        )
    if carrier in ("code128",) and any(ord(c) > 127 for c in p.data):
        bad = next(i for i, c in enumerate(p.data) if ord(c) > 127)
        raise make_error("INVALID_CHARACTER", position=bad, detail="Code 128 takes ASCII only")
    return p
