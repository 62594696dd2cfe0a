"""GS1: application identifiers, element strings, scan data, Digital Link.

>>> from tracecode import gs1
>>> m = gs1.parse("(01)09506000134352(10)ABC123")
>>> [(e.ai, e.title, e.value) for e in m]
[('01', 'GTIN', '09506000134352'), ('10', 'BATCH/LOT', 'ABC123')]
"""

from __future__ import annotations

from tracecode.gs1.dictionary import AIDictionary, AIEntry, Component, get_dictionary
from tracecode.gs1.digitallink import build_digital_link, parse_uri
from tracecode.gs1.keys import is_valid_gtin, validate_gtin, validate_key
from tracecode.gs1.message import GS, Element, GS1Message
from tracecode.gs1.parse import (
    ParseOptions,
    check_message,
    check_value,
    parse,
    parse_element_string,
    parse_hri,
)

__all__ = [
    "GS",
    "AIDictionary",
    "AIEntry",
    "Component",
    "Element",
    "GS1Message",
    "ParseOptions",
    "build_digital_link",
    "check_message",
    "check_value",
    "get_dictionary",
    "is_valid_gtin",
    "parse",
    "parse_element_string",
    "parse_hri",
    "parse_uri",
    "validate_gtin",
    "validate_key",
]
