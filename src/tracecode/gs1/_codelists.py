"""Code lists used by the GS1 value checks (country, currency, media, package, IBAN).

The lists live as plain text files in ``tracecode/spec/gs1/codelists/`` (one code
per line, ``#`` comments naming the source and date).  They are read from the
installed package with :mod:`importlib.resources`, lazily, once per process.

>>> "156" in codes("iso3166-numeric"), "CN" in codes("iso3166-alpha2")
(True, True)
>>> iban_lengths()["DE"]
22
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib.resources import files
from types import MappingProxyType

__all__ = ["CODE_LISTS", "codes", "iban_lengths"]

#: The code lists shipped in ``spec/gs1/codelists/`` (file name without ``.txt``).
CODE_LISTS: tuple[str, ...] = (
    "aidc-media-types",
    "iban-lengths",
    "iso3166-alpha2",
    "iso3166-numeric",
    "iso4217-numeric",
    "package-types",
)


def _lines(name: str) -> list[str]:
    if name not in CODE_LISTS:
        raise KeyError(f"unknown code list {name!r}")
    path = files("tracecode") / "spec" / "gs1" / "codelists" / f"{name}.txt"
    text = path.read_text(encoding="utf-8")
    return [s for line in text.splitlines() if (s := line.split("#", 1)[0].strip())]


@functools.cache
def codes(name: str) -> frozenset[str]:
    """Return the set of codes in code list ``name`` (e.g. ``"iso4217-numeric"``).

    The first whitespace-separated field of each data line is the code.

    >>> sorted(codes("aidc-media-types"))[:3]
    ['01', '02', '03']
    """
    return frozenset(line.split()[0] for line in _lines(name))


@functools.cache
def iban_lengths() -> Mapping[str, int]:
    """Return the IBAN registry: country code -> total IBAN length.

    >>> iban_lengths()["BE"], len(iban_lengths()) > 80
    (16, True)
    """
    table: dict[str, int] = {}
    for line in _lines("iban-lengths"):
        country, length = line.split()
        table[country] = int(length)
    return MappingProxyType(table)
