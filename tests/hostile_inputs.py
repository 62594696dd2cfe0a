"""Hostile inputs run against every entry point (see test_hostile.py and scheme tests).

Each must give a result or a structured TraceCodeError, never another exception,
and non-ASCII digits are never accepted as digits.
"""

from __future__ import annotations

GTIN = "09506000134352"

HOSTILE: list[str] = [
    "",
    " ",
    "\n",
    "\r\n",
    "\x00",
    "0\x00",
    GTIN + "\n",
    GTIN + "\x00",
    "\t" + GTIN,
    "(01)" + GTIN + "\r",
    # full-width digits (U+FF10..U+FF19)
    "".join(chr(0xFF10 + int(c)) for c in GTIN),
    "(01)" + "".join(chr(0xFF10 + int(c)) for c in GTIN),
    # Arabic-Indic digits (U+0660..U+0669)
    "".join(chr(0x0660 + int(c)) for c in GTIN),
    "01" + "".join(chr(0x0660 + int(c)) for c in GTIN),
    # Devanagari and superscript digits
    "".join(chr(0x0966 + int(c)) for c in "91110000600037341"),
    "⁰¹²³⁴⁵⁶⁷⁸⁹",
    "9111000060003734１L",
    "8177322028861642383５",
    "٨١٧٧٣٢٢٠٢٨٨٦١٦٤٢٣٨٣٥",
    # emoji, RTL marks, zero-width, combining characters
    "😀" * 10,
    "(01)" + GTIN + "(10)😀",
    "\u200b" + GTIN,
    GTIN + "\u200d",
    "\u202e" + GTIN,
    "e\u0301" * 20,
    # control characters and separators in odd places
    "\x1d",
    "\x1d\x1d\x1d",
    "]d2",
    "]d2\x1d",
    "]",
    "]]]]",
    "((((",
    "(01",
    "()",
    "(01)",
    "^",
    "^^^^",
    "\x7f" * 5,
    "\x1b[31m" + GTIN,
    # URLs
    "https://",
    "https://id.gs1.org/01/",
    "https://id.gs1.org/01/%",
    "https://id.gs1.org/01/%zz",
    "https://id.gs1.org/" + "A" * 300,
    "http://www.sdakzw.com/nyzs/",
    "file:///etc/passwd",
    "javascript:alert(1)",
    # huge inputs
    "9" * 100_000,
    "(01)" + GTIN + "(10)" + "A" * 100_000,
    "A" * 100_000,
    "\\n" * 50_000,
    # escaped line breaks (seed labels)
    "品种名称：\\n\\n\\n",
    "\\n",
]
