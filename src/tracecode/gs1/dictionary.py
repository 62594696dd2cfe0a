"""The GS1 application-identifier dictionary, loaded from ``spec/gs1/ai-dictionary.txt``.

The data file follows the GS1 Barcode Syntax Dictionary grammar (one entry per AI
or AI range: flags, components with their value checks, mandatory associations,
invalid pairings, Digital Link key qualifiers, title).  It is read once, through
the installed package, into immutable :class:`AIEntry` objects.

>>> d = get_dictionary()
>>> e = d["17"]
>>> e.title, e.fnc1, e.components[0].type, e.components[0].max, e.components[0].linters
('USE BY or EXPIRY', False, 'N', 6, ('yymmd0',))
>>> d["10"].fnc1, d["10"].max_length
(True, 20)
>>> len(d) >= 500
True
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping

import attrs

from tracecode.errors import SpecError, make_error

__all__ = [
    "AIDictionary",
    "AIEntry",
    "Component",
    "get_dictionary",
    "load_dictionary",
    "match_pattern",
]

_SPEC_FILE = "ai-dictionary.txt"
_FLAG_CHARS = frozenset("*!?\"$%&'()+,-./:;<=>@[\\]^_`{|}~")
_TYPES = {"N": 0, "X": 1, "Y": 2, "Z": 3}
_LEN_RE = re.compile(r"([NXYZ])(?:(\d{1,2})|\.\.(\d{1,3}))\Z")
_AI_RE = re.compile(r"[0-9]{2,4}\Z")


@attrs.frozen(slots=True)
class Component:
    """One component of an AI's data field, e.g. ``N13,csum,gcppos1``."""

    #: character type: ``N`` digits, ``X`` CSET 82, ``Y`` CSET 39, ``Z`` CSET 64
    type: str
    #: minimum length (equal to ``max`` for a fixed-length component)
    min: int
    #: maximum length
    max: int
    #: True when the component may be absent (``[...]`` in the spec)
    optional: bool
    #: names of the value checks applied to this component, in order
    linters: tuple[str, ...]

    @property
    def fixed(self) -> bool:
        """True when the component has a fixed length."""
        return self.min == self.max

    def spec(self) -> str:
        """The component written in dictionary syntax, e.g. ``N..20,csum``."""
        length = str(self.max) if self.fixed else f"..{self.max}"
        text = ",".join([self.type + length, *self.linters])
        return f"[{text}]" if self.optional else text


@attrs.frozen(slots=True)
class AIEntry:
    """Everything the dictionary says about one application identifier."""

    #: the AI, 2 to 4 digits
    ai: str
    #: GS1 data title, e.g. ``BATCH/LOT``
    title: str
    #: True when an FNC1 separator must follow the data unless it ends the message
    #: (i.e. the AI is not in the pre-defined-length table)
    fnc1: bool
    #: True when the AI may appear as a GS1 Digital Link query attribute (``?`` flag)
    dl_attribute: bool
    #: the data field's components, in order
    components: tuple[Component, ...]
    #: mandatory associations: every group must be met; a group is met when one
    #: of its alternatives is; an alternative is a tuple of AI patterns all present
    req: tuple[tuple[tuple[str, ...], ...], ...]
    #: AI patterns that must not appear in the same message (``n`` = any digit)
    ex: tuple[str, ...]
    #: None when not a Digital Link primary key, else the permitted key-qualifier
    #: sequences (``((),)`` for a key without qualifiers)
    dlpkey: tuple[tuple[str, ...], ...] | None
    #: line of the data file this entry came from
    line: int

    @property
    def min_length(self) -> int:
        """Shortest permitted data length."""
        return sum(c.min for c in self.components if not c.optional)

    @property
    def max_length(self) -> int:
        """Longest permitted data length."""
        return sum(c.max for c in self.components)

    @property
    def fixed_length(self) -> int | None:
        """The data length when it is fixed, else None."""
        if all(c.fixed and not c.optional for c in self.components):
            return self.max_length
        return None

    def spec(self) -> str:
        """The data field written in dictionary syntax, e.g. ``N13,csum [X..17]``."""
        return " ".join(c.spec() for c in self.components)


def match_pattern(pattern: str, ai: str) -> bool:
    """True when ``ai`` matches an AI pattern in which ``n`` stands for any digit.

    >>> match_pattern("31nn", "3103"), match_pattern("31nn", "310"), match_pattern("01", "01")
    (True, False, True)
    """
    if len(pattern) != len(ai):
        return False
    return all(p == "n" or p == a for p, a in zip(pattern, ai, strict=False))


class AIDictionary(Mapping[str, AIEntry]):
    """Read-only mapping of AI to :class:`AIEntry`, with the file's release stamp."""

    __slots__ = ("_entries", "_expanded", "release", "source")

    def __init__(self, entries: dict[str, AIEntry], release: str, source: str) -> None:
        self._entries = entries
        self.release = release
        self.source = source
        self._expanded: dict[str, frozenset[str]] = {}

    def __getitem__(self, ai: str) -> AIEntry:
        return self._entries[ai]

    @property
    def entries(self) -> dict[str, AIEntry]:
        """The underlying dict (for hot loops; do not modify)."""
        return self._entries

    def get(self, ai: str, default: AIEntry | None = None) -> AIEntry | None:  # type: ignore[override]
        """The entry for ``ai``, or ``default`` (a fast path over Mapping.get)."""
        return self._entries.get(ai, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def expand(self, pattern: str) -> frozenset[str]:
        """The AIs of this dictionary that match ``pattern`` (``n`` = any digit)."""
        hit = self._expanded.get(pattern)
        if hit is None:
            if "n" in pattern:
                hit = frozenset(a for a in self._entries if match_pattern(pattern, a))
            else:
                hit = frozenset((pattern,))
            self._expanded[pattern] = hit
        return hit

    def find_prefix(self, text: str, start: int = 0) -> AIEntry | None:
        """The AI that ``text`` starts with at ``start``, trying 2, 3, then 4 digits."""
        entries = self._entries
        for n in (2, 3, 4):
            entry = entries.get(text[start : start + n])
            if entry is not None:
                return entry
        return None

    @property
    def primary_keys(self) -> tuple[str, ...]:
        """The GS1 Digital Link primary-key AIs, in dictionary order."""
        return tuple(a for a, e in self._entries.items() if e.dlpkey is not None)


def _fail(source: str, line: int, message: str) -> SpecError:
    err = make_error("SPEC_SYNTAX", detail=f"{source}, line {line}: {message}")
    assert isinstance(err, SpecError)
    return err


def _parse_component(token: str, source: str, line: int) -> Component:
    # Optional components are written "[N3],iso3166" or "[N3,iso3166]".
    optional = token.startswith("[")
    if optional:
        close = token.find("]")
        if close < 0 or token.count("[") != 1 or token.count("]") != 1:
            raise _fail(source, line, f"unbalanced brackets in component {token!r}")
        rest = token[close + 1 :]
        if rest and not rest.startswith(","):
            raise _fail(source, line, f"unexpected text after ']' in {token!r}")
        token = token[1:close] + rest
    head, *linters = token.split(",")
    m = _LEN_RE.match(head)
    if m is None:
        raise _fail(source, line, f"bad component type/length {head!r}")
    ctype, fixed, var = m.groups()
    if fixed is not None:
        lo = hi = int(fixed)
    else:
        lo, hi = 1, int(var)
    if hi < 1:
        raise _fail(source, line, f"component length must be positive in {head!r}")
    for name in linters:
        if not re.fullmatch(r"[a-z0-9]+", name):
            raise _fail(source, line, f"bad linter name {name!r}")
    return Component(ctype, lo, hi, optional, tuple(linters))


def _parse_ai_list(value: str, source: str, line: int) -> tuple[str, ...]:
    items = tuple(v for v in value.split(",") if v)
    for item in items:
        for part in item.split("+"):
            if not re.fullmatch(r"[0-9n]{2,4}", part):
                raise _fail(source, line, f"bad AI pattern {part!r}")
    return items


def _expand_range(token: str, source: str, line: int) -> list[str]:
    lo, sep, hi = token.partition("-")
    if not _AI_RE.match(lo) or (sep and (not _AI_RE.match(hi) or len(hi) != len(lo))):
        raise _fail(source, line, f"bad AI or AI range {token!r}")
    if not sep:
        return [lo]
    if int(hi) < int(lo):
        raise _fail(source, line, f"empty AI range {token!r}")
    return [str(i).zfill(len(lo)) for i in range(int(lo), int(hi) + 1)]


def parse_dictionary(text: str, source: str = _SPEC_FILE) -> AIDictionary:
    r"""Parse dictionary text; raise :class:`SpecError` naming ``source`` and the line.

    >>> d = parse_dictionary("# Release: test\n01 *? N14,csum dlpkey=22,10,21|235 # GTIN\n")
    >>> d.release, d["01"].dlpkey, d["01"].fnc1
    ('test', (('22', '10', '21'), ('235',)), False)
    >>> parse_dictionary("01 * Q14 # bad")
    Traceback (most recent call last):
    ...
    tracecode.errors.SpecError: malformed spec file (ai-dictionary.txt, line 1: bad component ...)
    """
    from tracecode.gs1 import linters as _linters  # late: linters import checksum

    release = "unknown"
    entries: dict[str, AIEntry] = {}
    for lineno, raw_line in enumerate(text.splitlines(), start=1):
        body, _, title = raw_line.partition("#")
        if not body.strip():
            m = re.match(r"\s*#\s*Release:\s*(\S+)", raw_line)
            if m:
                release = m.group(1)
            continue
        tokens = body.split()
        ais = _expand_range(tokens[0], source, lineno)
        pos = 1
        flags = ""
        while pos < len(tokens) and all(ch in _FLAG_CHARS for ch in tokens[pos]):
            flags += tokens[pos]
            pos += 1
        components: list[Component] = []
        req: list[tuple[tuple[str, ...], ...]] = []
        ex: list[str] = []
        dlpkey: tuple[tuple[str, ...], ...] | None = None
        for token in tokens[pos:]:
            key, eq, value = token.partition("=")
            if key == "req" and eq:
                req.append(
                    tuple(tuple(alt.split("+")) for alt in _parse_ai_list(value, source, lineno))
                )
            elif key == "ex" and eq:
                ex.extend(_parse_ai_list(value, source, lineno))
            elif key == "dlpkey":
                if dlpkey is not None:
                    raise _fail(source, lineno, "dlpkey given twice")
                if eq:
                    dlpkey = tuple(_parse_ai_list(alt, source, lineno) for alt in value.split("|"))
                else:
                    dlpkey = ((),)
            elif eq:
                # Unknown key=value attributes are reserved by the grammar for
                # future use; accept them so a newer dictionary still loads.
                continue
            else:
                if req or ex or dlpkey is not None:
                    raise _fail(source, lineno, f"component {token!r} after attributes")
                components.append(_parse_component(token, source, lineno))
        if not components:
            raise _fail(source, lineno, "entry has no components")
        seen_optional = False
        for i, comp in enumerate(components):
            if comp.optional:
                seen_optional = True
            elif seen_optional:
                raise _fail(source, lineno, "mandatory component after an optional one")
            if not comp.fixed and i != len(components) - 1:
                raise _fail(source, lineno, "only the last component may vary in length")
            for name in comp.linters:
                if name not in _linters.LINTERS:
                    raise _fail(source, lineno, f"unknown value check {name!r}")
        for ai in ais:
            if ai in entries:
                raise _fail(source, lineno, f"AI {ai} defined twice")
            entries[ai] = AIEntry(
                ai=ai,
                title=title.strip(),
                fnc1="*" not in flags,
                dl_attribute="?" in flags,
                components=tuple(components),
                req=tuple(req),
                ex=tuple(ex),
                dlpkey=dlpkey,
                line=lineno,
            )
    if not entries:
        raise _fail(source, 1, "no entries")
    return AIDictionary(entries, release, source)


def load_dictionary(path: str | None = None) -> AIDictionary:
    """Load a dictionary file; ``None`` means the one bundled with tracecode."""
    if path is None:
        from importlib import resources

        ref = resources.files("tracecode") / "spec" / "gs1" / _SPEC_FILE
        return parse_dictionary(ref.read_text(encoding="utf-8"), f"spec/gs1/{_SPEC_FILE}")
    with open(path, encoding="utf-8") as fh:
        return parse_dictionary(fh.read(), path)


@functools.cache
def get_dictionary() -> AIDictionary:
    """The bundled dictionary, loaded once."""
    return load_dictionary()
