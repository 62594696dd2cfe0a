"""GS1 Company Prefix (GCP) length lookup, from GS1's published GCP length table.

GS1 publishes the table of GCP lengths by prefix ("GCP Length Table", XML or
JSON, at gs1.org/standards/bc-epc-interop) for RFID/EPC and EPCIS use.  It
changes often and is large, so tracecode does not bundle it: load the file you
downloaded, then look keys up.  A plain text form, ``PREFIX LENGTH`` per line,
is accepted too.

>>> table = GCPTable.from_text("690 7\\n6901234 7\\n692 8\\n")
>>> table.length("06901234567892")   # a GTIN-14 (indicator digit 0 is skipped)
7
>>> table.company_prefix("06901234567892")
'6901234'
>>> table.length("4006381333931") is None
True

GS1 prefixes 690-699 are GS1 China's (:func:`gs1_prefix_owner`):

>>> gs1_prefix_owner("6901234567892")
'GS1 China'
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable

__all__ = ["GCPTable", "gs1_prefix_owner"]

# Key kinds whose company prefix starts after a leading digit (GTIN-14 indicator,
# SSCC extension digit): the lookup skips that digit.
_SKIP_FIRST = {14: 1, 18: 1}

# A deliberately small table: the GS1 prefix ranges this library's users meet
# most (GS1 General Specifications figure 1.4.2-1).  Not a full MO list.
_PREFIX_OWNERS: tuple[tuple[str, str, str], ...] = (
    ("020", "029", "restricted circulation (within a geographic region)"),
    ("040", "049", "restricted circulation (within a company)"),
    ("200", "299", "restricted circulation (within a geographic region)"),
    ("471", "471", "GS1 Chinese Taipei"),
    ("489", "489", "GS1 Hong Kong, China"),
    ("690", "699", "GS1 China"),
    ("958", "958", "GS1 Macau, China"),
    ("977", "977", "serial publications (ISSN)"),
    ("978", "979", "books (ISBN)"),
)


def gs1_prefix_owner(key: str) -> str | None:
    """The owner of the GS1 prefix of a GTIN-13 (or GTIN-14 minus indicator), if known."""
    digits = key[1:] if len(key) == 14 else key
    head = digits[:3]
    for lo, hi, owner in _PREFIX_OWNERS:
        if lo <= head <= hi:
            return owner
    return None


class GCPTable:
    """A GCP length table: longest matching prefix gives the company prefix length."""

    __slots__ = ("_lengths", "_max")

    def __init__(self, entries: Iterable[tuple[str, int]]) -> None:
        self._lengths: dict[str, int] = {}
        for prefix, length in entries:
            if not (prefix.isascii() and prefix.isdigit()) or not 4 <= length <= 12:
                raise ValueError(f"bad GCP table entry {prefix!r} {length!r}")
            self._lengths[prefix] = length
        self._max = max((len(p) for p in self._lengths), default=0)

    @classmethod
    def from_text(cls, text: str) -> GCPTable:
        """Read ``PREFIX LENGTH`` lines (``#`` comments allowed)."""
        entries = []
        for line in text.splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                prefix, length = line.split()
                entries.append((prefix, int(length)))
        return cls(entries)

    @classmethod
    def from_file(cls, path: str) -> GCPTable:
        """Read GS1's GCP length table as XML or JSON, or the plain text form."""
        with open(path, encoding="utf-8") as fh:
            data = fh.read()
        stripped = data.lstrip()
        if stripped.startswith("<"):
            root = ET.fromstring(data)
            entries = [
                (el.attrib["prefix"], int(el.attrib["gcpLength"]))
                for el in root.iter()
                if "prefix" in el.attrib and "gcpLength" in el.attrib
            ]
            return cls(entries)
        if stripped.startswith(("{", "[")):
            return cls(_json_entries(json.loads(data)))
        return cls.from_text(data)

    def __len__(self) -> int:
        return len(self._lengths)

    def length(self, key: str) -> int | None:
        """GCP length for a GS1 key (GTIN-8/12/13/14, GLN, SSCC, ...), or None."""
        if not re.fullmatch("[0-9]+", key):
            return None
        digits = key[_SKIP_FIRST.get(len(key), 0) :]
        if len(key) == 12:  # GTIN-12 (UPC-A): the table is keyed on the 13-digit form
            digits = "0" + digits
        for n in range(min(self._max, len(digits)), 0, -1):
            hit = self._lengths.get(digits[:n])
            if hit is not None:
                return hit
        return None

    def company_prefix(self, key: str) -> str | None:
        """The GS1 Company Prefix of a key, or None when the table has no entry."""
        n = self.length(key)
        if n is None:
            return None
        digits = key[_SKIP_FIRST.get(len(key), 0) :]
        if len(key) == 12:
            digits = "0" + digits
        return digits[:n]


def _json_entries(obj: object) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    if isinstance(obj, dict):
        if "prefix" in obj and "gcpLength" in obj:
            out.append((str(obj["prefix"]), int(obj["gcpLength"])))
        else:
            for value in obj.values():
                out.extend(_json_entries(value))
    elif isinstance(obj, list):
        for item in obj:
            out.extend(_json_entries(item))
    return out
