r"""GS1 messages: a sequence of AI elements, and every representation of it.

A :class:`GS1Message` is what any GS1 representation parses into, and it
renders back into each of them:

>>> from tracecode.gs1 import parse
>>> m = parse("(01)09506000134352(17)261231(10)ABC123(21)XYZ")
>>> m.hri()
'(01)09506000134352(17)261231(10)ABC123(21)XYZ'
>>> m.element_string(separator="^")
'^01095060001343521726123110ABC123^21XYZ'
>>> m.scan_data("]d2") == "]d2" + "01095060001343521726123110ABC123" + "\x1d" + "21XYZ"
True
>>> m.digital_link()
'https://id.gs1.org/01/09506000134352/10/ABC123/21/XYZ?17=261231'
>>> m["10"], m.get("99") is None
('ABC123', True)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from tracecode.errors import TraceCodeError
from tracecode.gs1.dictionary import AIEntry, get_dictionary
from tracecode.gs1.values import typed_value

__all__ = ["GS", "Element", "GS1Message"]

#: ASCII group separator, how scanners transmit FNC1 in the middle of data.
GS = "\x1d"


@attrs.frozen(slots=True)
class Element:
    """One element string: an application identifier and its data."""

    #: the application identifier, e.g. ``"01"``
    ai: str
    #: the data, exactly as encoded
    value: str
    #: offset of the AI in the parsed input (not part of equality)
    position: int | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def entry(self) -> AIEntry | None:
        """The dictionary entry for this AI (None for an unknown AI)."""
        return get_dictionary().get(self.ai)

    @property
    def title(self) -> str:
        """The GS1 data title, e.g. ``BATCH/LOT``."""
        entry = self.entry
        return entry.title if entry is not None else ""

    @property
    def typed(self) -> Any:
        """The value as a date, Decimal, Amount, ... (see :func:`typed_value`)."""
        return typed_value(self.ai, self.value)

    def hri(self, *, escape: bool = False) -> str:
        r"""The element in bracketed form, ``(10)ABC``; ``escape`` writes ``(`` as ``\\(``."""
        value = self.value.replace("(", "\\(") if escape else self.value
        return f"({self.ai}){value}"


_new = object.__new__
_set_ai = Element.__dict__["ai"].__set__
_set_value = Element.__dict__["value"].__set__
_set_position = Element.__dict__["position"].__set__


def fast_element(ai: str, value: str, position: int | None) -> Element:
    """Build an :class:`Element` without the frozen-class ``__setattr__`` detour.

    Used by the parsers' hot loop; identical to ``Element(ai, value, position)``.
    """
    e: Element = _new(Element)
    _set_ai(e, ai)
    _set_value(e, value)
    _set_position(e, position)
    return e


@attrs.frozen(slots=True)
class GS1Message:
    """A parsed GS1 message (immutable).

    ``errors`` holds the problems found when parsed leniently; a message parsed
    strictly has none.
    """

    #: the elements, in input order
    elements: tuple[Element, ...]
    #: the symbology identifier the data was read with, e.g. ``"]d2"``, if any
    symbology: str | None = attrs.field(default=None, eq=False)
    #: problems found (lenient parsing only)
    errors: tuple[TraceCodeError, ...] = attrs.field(default=(), eq=False)
    #: query parameters of a Digital Link URI that are not AIs (e.g. linkType)
    other_query: tuple[tuple[str, str], ...] = attrs.field(default=(), eq=False)

    # --- access -------------------------------------------------------------
    @property
    def valid(self) -> bool:
        """True when no problem was found."""
        return not self.errors

    @property
    def ais(self) -> tuple[str, ...]:
        """The AIs in input order."""
        return tuple(e.ai for e in self.elements)

    def get(self, ai: str, default: str | None = None) -> str | None:
        """The value of the first element with ``ai``, or ``default``."""
        for e in self.elements:
            if e.ai == ai:
                return e.value
        return default

    def __getitem__(self, ai: str) -> str:
        value = self.get(ai)
        if value is None:
            raise KeyError(ai)
        return value

    def __contains__(self, ai: object) -> bool:
        return any(e.ai == ai for e in self.elements)

    def __iter__(self) -> Iterator[Element]:
        return iter(self.elements)

    def __len__(self) -> int:
        return len(self.elements)

    # --- representations -------------------------------------------------------
    def element_string(self, separator: str = GS, *, fnc1_first: bool | None = None) -> str:
        """Unbracketed element string with ``separator`` where FNC1 is needed.

        ``fnc1_first`` prefixes the separator (as FNC1 in first position); by
        default it is added for ``^``, as GS1's syntax engine writes it, and left
        out otherwise (scanners do not transmit the leading FNC1).
        """
        parts: list[str] = []
        d = get_dictionary()
        last = len(self.elements) - 1
        for i, e in enumerate(self.elements):
            parts.append(e.ai)
            parts.append(e.value)
            entry = d.get(e.ai)
            if i != last and (entry is None or entry.fnc1):
                parts.append(separator)
        body = "".join(parts)
        if fnc1_first is None:
            fnc1_first = separator == "^"
        return separator + body if fnc1_first else body

    def hri(self, *, escape: bool = True) -> str:
        r"""Bracketed human-readable interpretation, ``(01)...(10)...``.

        Literal ``(`` in data is written ``\\(`` unless ``escape`` is False (the
        form printed under a barcode, which cannot be parsed back unambiguously).
        """
        return "".join(e.hri(escape=escape) for e in self.elements)

    def scan_data(self, symbology: str = "]d2") -> str:
        """What a scanner transmits: symbology identifier + data with GS separators.

        ``]E0`` (EAN-13 / UPC-A) and ``]E4`` (EAN-8) carry a bare GTIN, so the
        message must be a single (01) that fits the symbol.

        >>> from tracecode.gs1 import parse
        >>> parse("(01)09506000134352").scan_data("]C1")
        ']C10109506000134352'
        >>> parse("(01)06901234567892").scan_data("]E0")
        ']E06901234567892'
        """
        if symbology in ("]E0", "]E4"):
            return symbology + self._ean_digits(13 if symbology == "]E0" else 8)
        return symbology + self.element_string(GS, fnc1_first=False)

    def _ean_digits(self, length: int) -> str:
        from tracecode.errors import make_error

        gtin = self.elements[0].value if len(self.elements) == 1 else ""
        if self.ais != ("01",) or not gtin.startswith("0" * (14 - length)):
            raise make_error(
                "INVALID_FORMAT",
                detail=f"an EAN/UPC symbol carries only a GTIN of {length} digits",
            )
        return gtin[14 - length :]

    def digital_link(
        self,
        stem: str = "https://id.gs1.org",
        *,
        compressed: bool = False,
        zero_suppress: bool = False,
        attributes: bool = True,
        other_query: bool = False,
    ) -> str:
        """GS1 Digital Link URI of this message (see :mod:`tracecode.gs1.digitallink`)."""
        from tracecode.gs1.digitallink import build_digital_link

        return build_digital_link(
            self,
            stem,
            compressed=compressed,
            zero_suppress=zero_suppress,
            attributes=attributes,
            other_query=other_query,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready description: elements with titles and typed values."""
        from tracecode._json import jsonable

        return {
            "hri": self.hri(),
            "element_string": self.element_string("\x1d"),
            "symbology": self.symbology,
            "elements": [
                {
                    "ai": e.ai,
                    "title": e.title,
                    "value": e.value,
                    "typed": jsonable(e.typed),
                }
                for e in self.elements
            ],
        }

    def __str__(self) -> str:
        return self.hri()


_msg_setters = tuple(
    GS1Message.__dict__[name].__set__ for name in ("elements", "symbology", "errors", "other_query")
)


def fast_message(
    elements: tuple[Element, ...],
    symbology: str | None,
    errors: tuple[TraceCodeError, ...],
    other_query: tuple[tuple[str, str], ...],
) -> GS1Message:
    """Build a :class:`GS1Message` without the frozen-class ``__setattr__`` detour."""
    m: GS1Message = _new(GS1Message)
    set_elements, set_symbology, set_errors, set_other = _msg_setters
    set_elements(m, elements)
    set_symbology(m, symbology)
    set_errors(m, errors)
    set_other(m, other_query)
    return m
