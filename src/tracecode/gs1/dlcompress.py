r"""The compressed form of a GS1 Digital Link URI (``https://id.gs1.org/<segment>``).

A compressed GS1 Digital Link carries its AI data as one path segment of
file-safe base64 (``A-Z a-z 0-9 - _``, six bits a character).  The bit string
is a sequence of elements:

* an AI: its digits as 4-bit nibbles (the first two digits tell how many follow),
  then its value, component by component, in the AI's format;
* an optimisation code: two hex nibbles (``0A``-``9F``, ``A0``-``EF``) that
  stand for a fixed sequence of AIs, then their values;
* a non-GS1 ``key=value`` pair: nibble ``F``, a 7-bit key length, the key in
  base64 (6 bits a character), then the value as a 7-bit-length text value.

A fixed-length numeric component is one binary number of
``ceil(n*log2(10) + 0.01)`` bits; a variable-length numeric component is
preceded by its length (as many bits as the maximum length needs).  A text
component is a 3-bit encoding indicator (``000`` digits as a binary number,
``001`` lower-case hex, ``010`` upper-case hex, ``011`` file-safe base64,
``100`` 7-bit ASCII), its length when variable, then the characters.  The end
is padded with 0 bits to a multiple of six.

>>> segment = compress([("01", "09780345418913")])
>>> segment
'ARHKVAdpQg'
>>> decompress(segment)
([('01', '09780345418913')], [])

The AI formats come from :mod:`tracecode.gs1.dictionary`; the optimisation codes
and the few formats that differ from the dictionary come from
``spec/gs1/dl-compression.txt``.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import Protocol

import attrs

from tracecode._chars import CSET64, DIGITS
from tracecode.errors import SpecError, TraceCodeError, make_error, raw

__all__ = ["compress", "decompress", "is_compressed_segment"]

_SPEC_FILE = "dl-compression.txt"
_HEX_UPPER = frozenset("0123456789ABCDEF")
_HEX_LOWER = frozenset("0123456789abcdef")
_DIGIT_SET = frozenset(DIGITS)
_B64_SET = frozenset(CSET64)
_B64_INDEX = {ch: i for i, ch in enumerate(CSET64)}
_LOG2_10 = math.log2(10)

# Encoding indicators of a text component.
_ENC_NUMERIC = 0
_ENC_HEX_LOWER = 1
_ENC_HEX_UPPER = 2
_ENC_BASE64 = 3
_ENC_ASCII = 4

_MAX_OTHER = 127  # key and value lengths of a non-GS1 pair are 7-bit numbers


@attrs.frozen(slots=True)
class Part:
    """One field of an AI's binary layout."""

    #: True for digits (a binary number), False for text (encoding indicator + characters)
    numeric: bool
    #: True when the length is fixed (no length field in the bit string)
    fixed: bool
    #: the length when fixed, else the maximum length
    size: int

    def spec(self) -> str:
        """Return the part as written in the data file, e.g. ``N..12`` or ``X3``."""
        return ("N" if self.numeric else "X") + ("" if self.fixed else "..") + str(self.size)


@attrs.frozen(slots=True)
class Tables:
    """The compression-specific tables of ``spec/gs1/dl-compression.txt``."""

    release: str
    #: optimisation code (two upper-case hex digits) -> AIs, in file order
    optimisations: dict[str, tuple[str, ...]]
    #: AI -> layout, where it differs from the one derived from the dictionary
    formats: dict[str, tuple[Part, ...]]


# --- bit-level helpers ---------------------------------------------------------------


def value_bits(digits: int) -> int:
    """Bits of the binary number that holds ``digits`` decimal digits.

    The standard's formula ``ceil(digits * log2(10) + 0.01)``; note one bit for
    an empty value.

    >>> [value_bits(n) for n in (0, 1, 2, 3, 6, 13, 14, 18)]
    [1, 4, 7, 10, 20, 44, 47, 60]
    """
    return math.ceil(digits * _LOG2_10 + 0.01)


def length_bits(maximum: int) -> int:
    """Bits of the length field of a variable-length part of at most ``maximum``.

    The standard's ``ceil(log2(maximum) + 0.01)``, which is ``maximum.bit_length()``.

    >>> [length_bits(m) for m in (2, 4, 8, 12, 20, 30, 34, 90)]
    [2, 3, 4, 4, 5, 5, 6, 7]
    """
    return maximum.bit_length()


def text_encoding(text: str) -> int:
    """Return the encoding indicator used for ``text``: the smallest that fits.

    >>> [text_encoding(t) for t in ("0123", "ab12", "AB12", "aB-_", "a.b", "")]
    [0, 1, 2, 3, 4, 4]
    """
    if not text:
        return _ENC_ASCII
    chars = frozenset(text)
    if chars <= _DIGIT_SET:
        return _ENC_NUMERIC
    if chars <= _HEX_UPPER:
        return _ENC_HEX_UPPER
    if chars <= _HEX_LOWER:
        return _ENC_HEX_LOWER
    if chars <= _B64_SET:
        return _ENC_BASE64
    return _ENC_ASCII


class _Writer:
    """Collects fixed-width binary fields."""

    __slots__ = ("_bits",)

    def __init__(self) -> None:
        self._bits: list[str] = []

    def put(self, value: int, width: int) -> None:
        if width:
            self._bits.append(format(value, f"0{width}b"))

    def digits(self, text: str, width: int) -> None:
        self.put(int(text) if text else 0, width)

    def text(self, text: str, enc: int) -> None:
        if enc == _ENC_NUMERIC:
            self.digits(text, value_bits(len(text)))
        elif enc in (_ENC_HEX_LOWER, _ENC_HEX_UPPER):
            for ch in text:
                self.put(int(ch, 16), 4)
        elif enc == _ENC_BASE64:
            for ch in text:
                self.put(_B64_INDEX[ch], 6)
        else:
            for ch in text:
                self.put(ord(ch), 7)

    def base64(self) -> str:
        bits = "".join(self._bits)
        bits += "0" * (-len(bits) % 6)
        return "".join(CSET64[int(bits[i : i + 6], 2)] for i in range(0, len(bits), 6))


class _Reader:
    """Reads fixed-width binary fields; every failure is DL_INVALID_COMPRESSION."""

    __slots__ = ("_bits", "pos")

    def __init__(self, segment: str) -> None:
        self._bits = "".join(format(_B64_INDEX[ch], "06b") for ch in segment)
        self.pos = 0

    @property
    def remaining(self) -> int:
        return len(self._bits) - self.pos

    def fail(self, detail: str, *, at: int | None = None, ai: str | None = None) -> TraceCodeError:
        bit = min(self.pos if at is None else at, len(self._bits) - 1)
        return make_error("DL_INVALID_COMPRESSION", position=bit // 6, ai=ai, detail=detail)

    def get(self, width: int, what: str, ai: str | None = None) -> int:
        if width > self.remaining:
            raise self.fail(f"the data ends inside {what}", ai=ai)
        start = self.pos
        self.pos += width
        return int(self._bits[start : self.pos], 2) if width else 0

    def digits(self, count: int, what: str, ai: str | None = None) -> str:
        start = self.pos
        number = self.get(value_bits(count), what, ai)
        if count == 0:
            if number:
                raise self.fail(f"{what}: an empty number must be a 0 bit", at=start, ai=ai)
            return ""
        text = str(number)
        if len(text) > count:
            raise self.fail(f"{what}: {number} has more than {count} digits", at=start, ai=ai)
        return text.zfill(count)

    def text(self, enc: int, count: int, what: str, ai: str | None = None) -> str:
        if enc == _ENC_NUMERIC:
            return self.digits(count, what, ai)
        if enc in (_ENC_HEX_LOWER, _ENC_HEX_UPPER):
            chars = "0123456789abcdef" if enc == _ENC_HEX_LOWER else "0123456789ABCDEF"
            return "".join(chars[self.get(4, what, ai)] for _ in range(count))
        if enc == _ENC_BASE64:
            return "".join(CSET64[self.get(6, what, ai)] for _ in range(count))
        if enc == _ENC_ASCII:
            out = []
            for _ in range(count):
                start = self.pos
                code = self.get(7, what, ai)
                if ai is not None and not 0x20 <= code <= 0x7E:
                    raise self.fail(f"{what}: control character {code:#04x}", at=start, ai=ai)
                out.append(chr(code))
            return "".join(out)
        raise self.fail(f"{what}: unknown encoding indicator {enc:03b}", at=self.pos - 3, ai=ai)


# --- tables -----------------------------------------------------------------------------

_PART_RE = re.compile(r"([NX])(\.\.)?([1-9][0-9]{0,2})\Z")
_AI_RE = re.compile(r"[0-9]{2,4}\Z")
_CODE_RE = re.compile(r"[0-9A-E][0-9A-F]\Z")


def _spec_error(source: str, line: int, message: str) -> SpecError:
    err = make_error("SPEC_SYNTAX", detail=f"{source}, line {line}: {message}")
    assert isinstance(err, SpecError)
    return err


def parse_tables(text: str, source: str = _SPEC_FILE) -> Tables:
    r"""Parse the text of ``dl-compression.txt``; raise :class:`SpecError` on a bad line.

    >>> t = parse_tables("[optimisations]\n0B 01 10\n[formats]\n8007 X..31\n")
    >>> t.optimisations, [p.spec() for p in t.formats["8007"]]
    ({'0B': ('01', '10')}, ['X..31'])
    >>> try:
    ...     parse_tables("[optimisations]\n42 01 10\n")
    ... except SpecError as e:
    ...     print(e.detail)
    dl-compression.txt, line 2: bad optimisation code '42'
    """
    release = "unknown"
    section = ""
    optimisations: dict[str, tuple[str, ...]] = {}
    formats: dict[str, tuple[Part, ...]] = {}
    for lineno, line in enumerate(text.splitlines(), start=1):
        body = line.partition("#")[0].strip()
        if not body:
            m = re.match(r"\s*#\s*Release:\s*(\S+)", line)
            if m:
                release = m.group(1)
            continue
        if body.startswith("["):
            if body not in ("[optimisations]", "[formats]"):
                raise _spec_error(source, lineno, f"unknown section {body!r}")
            section = body[1:-1]
            continue
        head, *rest = body.split()
        if not rest:
            raise _spec_error(source, lineno, f"nothing follows {head!r}")
        if section == "optimisations":
            if not _CODE_RE.match(head) or head.isdigit():
                raise _spec_error(source, lineno, f"bad optimisation code {head!r}")
            if head in optimisations:
                raise _spec_error(source, lineno, f"optimisation code {head} given twice")
            for ai in rest:
                if not _AI_RE.match(ai):
                    raise _spec_error(source, lineno, f"bad AI {ai!r}")
            if len(set(rest)) != len(rest):
                raise _spec_error(source, lineno, "an AI is repeated")
            optimisations[head] = tuple(rest)
        elif section == "formats":
            parts = []
            for token in rest:
                m = _PART_RE.match(token)
                if m is None:
                    raise _spec_error(source, lineno, f"bad part {token!r}")
                parts.append(Part(m.group(1) == "N", m.group(2) is None, int(m.group(3))))
            for ai in _expand(head, source, lineno):
                formats[ai] = tuple(parts)
        else:
            raise _spec_error(source, lineno, "data line outside a section")
    return Tables(release, optimisations, formats)


def _expand(token: str, source: str, line: int) -> list[str]:
    lo, sep, hi = token.partition("-")
    if not _AI_RE.match(lo) or (sep and (not _AI_RE.match(hi) or len(hi) != len(lo))):
        raise _spec_error(source, line, f"bad AI or AI range {token!r}")
    if not sep:
        return [lo]
    if int(hi) < int(lo):
        raise _spec_error(source, line, f"empty AI range {token!r}")
    return [str(i).zfill(len(lo)) for i in range(int(lo), int(hi) + 1)]


@functools.cache
def get_tables() -> Tables:
    """Return the tables bundled with tracecode (loaded once)."""
    ref = resources.files("tracecode") / "spec" / "gs1" / _SPEC_FILE
    return parse_tables(ref.read_text(encoding="utf-8"), f"spec/gs1/{_SPEC_FILE}")


class _ComponentLike(Protocol):  # what is used of tracecode.gs1.dictionary.Component
    @property
    def type(self) -> str: ...
    @property
    def min(self) -> int: ...
    @property
    def max(self) -> int: ...
    @property
    def optional(self) -> bool: ...


def derive_parts(components: Iterable[_ComponentLike]) -> tuple[Part, ...]:
    """Derive the binary layout of an AI from its dictionary components.

    Mandatory fixed-length components of the same kind run together (``N1 N13``
    is one 14-digit number, ``X1 X1 X1`` one 3-character text); a mandatory
    fixed-length text component also absorbs a following mandatory text
    component (``X2 X..28`` is ``X..30``); a run of optional components of the
    same kind becomes one variable-length part (``[N2] [N2]`` is ``N..4``).
    This reproduces the prototype's table of formats for every AI in it.
    """
    merged: list[list[int | bool]] = []  # [numeric, fixed, size, optional]
    for comp in components:
        numeric = comp.type == "N"
        fixed = comp.min == comp.max and not comp.optional
        if merged:
            last_numeric, last_fixed, last_size, last_optional = merged[-1]
            same = last_numeric == numeric
            if comp.optional and last_optional and same:
                merged[-1] = [numeric, False, int(last_size) + comp.max, True]
                continue
            if (
                same
                and not comp.optional
                and not last_optional
                and last_fixed
                and (fixed or not numeric)
            ):
                merged[-1] = [numeric, fixed, int(last_size) + comp.max, False]
                continue
        merged.append([numeric, fixed, comp.max, comp.optional])
    return tuple(Part(bool(n), bool(f), int(s)) for n, f, s, _ in merged)


@functools.cache
def ai_format(ai: str) -> tuple[Part, ...] | None:
    """Return the binary layout of ``ai``, or None when the AI is unknown.

    >>> [p.spec() for p in ai_format("8003")], [p.spec() for p in ai_format("8008")]
    (['N14', 'X..16'], ['N8', 'N..4'])
    """
    override = get_tables().formats.get(ai)
    if override is not None:
        return override
    from tracecode.gs1.dictionary import get_dictionary

    entry = get_dictionary().get(ai)
    if entry is None:
        return None
    return derive_parts(entry.components)


@functools.cache
def _ai_lengths() -> dict[str, int]:
    """First two digits of an AI -> its number of digits (the prototype's table P)."""
    from tracecode.gs1.dictionary import get_dictionary

    out: dict[str, int] = {}
    for ai in get_dictionary():
        out.setdefault(ai[:2], len(ai))
    return out


# --- compression ------------------------------------------------------------------------


def _bad_value(code: str, ai: str, position: int | None = None, **kw: object) -> TraceCodeError:
    return make_error(code, ai=ai, position=position, **kw)


def _split(ai: str, value: str, parts: tuple[Part, ...]) -> list[str]:
    """Cut ``value`` into the pieces of ``parts``, checking what the encoding needs."""
    pieces: list[str] = []
    pos = 0
    for i, part in enumerate(parts):
        if part.fixed:
            piece = value[pos : pos + part.size]
            if len(piece) < part.size:
                raise _bad_value(
                    "AI_DATA_TOO_SHORT",
                    ai,
                    expected=raw(f"at least {pos + part.size} characters"),
                    found=raw(str(len(value))),
                )
        else:
            last = i == len(parts) - 1
            piece = value[pos:] if last else value[pos : pos + part.size]
            if len(piece) > part.size:
                raise _bad_value(
                    "AI_DATA_TOO_LONG",
                    ai,
                    detail=f"at most {pos + part.size} characters can be compressed",
                    found=raw(str(len(value))),
                )
        for j, ch in enumerate(piece):
            if part.numeric and ch not in _DIGIT_SET:
                code = "NON_ASCII_DIGIT" if ch.isdigit() else "INVALID_CHARACTER"
                raise _bad_value(code, ai, pos + j, found=ch)
            if not part.numeric and not " " <= ch <= "~":
                raise _bad_value(
                    "INVALID_CHARACTER",
                    ai,
                    pos + j,
                    found=ch,
                    detail="only printable ASCII can be compressed",
                )
        pieces.append(piece)
        pos += len(piece)
    if pos != len(value):
        raise _bad_value(
            "AI_DATA_TOO_LONG",
            ai,
            pos,
            expected=raw(f"{pos} characters"),
            found=raw(str(len(value))),
        )
    return pieces


def _put_value(out: _Writer, parts: tuple[Part, ...], pieces: list[str]) -> None:
    for part, piece in zip(parts, pieces, strict=True):
        if part.numeric:
            if not part.fixed:
                out.put(len(piece), length_bits(part.size))
            out.digits(piece, value_bits(len(piece)))
        else:
            enc = text_encoding(piece)
            out.put(enc, 3)
            if not part.fixed:
                out.put(len(piece), length_bits(part.size))
            out.text(piece, enc)


def _choose_optimisations(ais: Iterable[str]) -> list[str]:
    """Greedy choice: the code covering most AI digits first, ties to the earlier code."""
    remaining = set(ais)
    chosen: list[str] = []
    table = get_tables().optimisations
    while True:
        best, best_len = "", 0
        for code, seq in table.items():
            if all(ai in remaining for ai in seq):
                saved = sum(len(ai) for ai in seq)
                if saved > best_len:
                    best, best_len = code, saved
        if not best:
            return chosen
        chosen.append(best)
        remaining.difference_update(table[best])


def _check_other(key: str, value: str) -> None:
    if not key:
        raise make_error("EMPTY_INPUT", field="non-GS1 key")
    if len(key) > _MAX_OTHER:
        raise make_error("TOO_LONG", field="non-GS1 key", expected=raw(f"at most {_MAX_OTHER}"))
    for i, ch in enumerate(key):
        if ch not in _B64_SET:
            raise make_error(
                "INVALID_CHARACTER",
                field="non-GS1 key",
                position=i,
                found=ch,
                detail="keys are limited to A-Z a-z 0-9 - _",
            )
    if key.isdigit():
        raise make_error(
            "INVALID_FORMAT", field="non-GS1 key", found=key, detail="an all-digit key is an AI"
        )
    if len(value) > _MAX_OTHER:
        raise make_error("TOO_LONG", field=key, expected=raw(f"at most {_MAX_OTHER} characters"))
    for i, ch in enumerate(value):
        if ord(ch) > 0x7F:
            raise make_error(
                "INVALID_CHARACTER",
                field=key,
                position=i,
                found=ch,
                detail="only ASCII can be compressed",
            )


def compress(
    elements: Sequence[tuple[str, str]],
    *,
    optimise: bool = True,
    other: Sequence[tuple[str, str]] = (),
) -> str:
    """Compress AI/value pairs (and non-GS1 pairs) into a Digital Link path segment.

    The result is file-safe base64 text without a leading slash, for use as
    ``https://id.gs1.org/<segment>``.  The order of ``elements`` does not
    matter: as in the GS1 prototype, AIs are written in sorted order after any
    optimisation codes (``optimise=True`` replaces common AI combinations, such
    as GTIN + batch + serial + expiry, by a one-byte code).  ``other`` pairs
    (keys of ``A-Z a-z 0-9 - _``, ASCII values, up to 127 characters each) are
    appended in the order given.

    Values must already be valid for their AIs (GTINs as 14 digits);
    only what the encoding needs is checked here.  Raises a
    :class:`~tracecode.errors.TraceCodeError` for an unknown or repeated AI,
    a value that does not fit its AI's layout, or an unencodable character.

    >>> compress([("01", "09421902960055"), ("10", "2010005828"), ("21", "xyz1234")],
    ...          optimise=False)
    'AREjalurbiAUO-cgohCz45Z67b8A'
    >>> compress([("01", "09421902960055"), ("10", "2010005828"), ("21", "xyz1234")])
    'CxEjalurbhQ75yCiELPjlnrtvw'
    >>> compress([("01", "09421902960055")], other=[("k1", "v1")])
    'AREjalurb-Ck1YK_U'
    """
    parts_of: dict[str, tuple[Part, ...]] = {}
    pieces_of: dict[str, list[str]] = {}
    for ai, value in elements:
        if ai in parts_of:
            raise make_error("DL_DUPLICATE_AI", ai=ai)
        parts = ai_format(ai) if _AI_RE.match(ai) else None
        if parts is None:
            raise make_error("UNKNOWN_AI", ai=ai)
        parts_of[ai] = parts
        pieces_of[ai] = _split(ai, value, parts)
    for key, value in other:
        _check_other(key, value)

    out = _Writer()
    ais = sorted(parts_of)
    done: set[str] = set()
    if optimise:
        table = get_tables().optimisations
        for code in _choose_optimisations(ais):
            out.put(int(code, 16), 8)
            for ai in table[code]:
                _put_value(out, parts_of[ai], pieces_of[ai])
                done.add(ai)
    for ai in ais:
        if ai in done:
            continue
        for digit in ai:
            out.put(int(digit), 4)
        _put_value(out, parts_of[ai], pieces_of[ai])
    for key, value in other:
        out.put(0xF, 4)
        out.put(len(key), 7)
        for ch in key:
            out.put(_B64_INDEX[ch], 6)
        enc = text_encoding(value)
        out.put(enc, 3)
        out.put(len(value), 7)
        out.text(value, enc)
    return out.base64()


# --- decompression ----------------------------------------------------------------------


def _read_value(src: _Reader, ai: str, parts: tuple[Part, ...]) -> str:
    pieces = []
    for part in parts:
        what = f"the value of AI ({ai})"
        if part.numeric:
            if part.fixed:
                count = part.size
            else:
                start = src.pos
                count = src.get(length_bits(part.size), what, ai)
                if count > part.size:
                    raise src.fail(f"{what}: length {count} exceeds {part.size}", at=start, ai=ai)
            pieces.append(src.digits(count, what, ai))
        else:
            enc = src.get(3, what, ai)
            if part.fixed:
                count = part.size
            else:
                start = src.pos
                count = src.get(length_bits(part.size), what, ai)
                if count > part.size:
                    raise src.fail(f"{what}: length {count} exceeds {part.size}", at=start, ai=ai)
            pieces.append(src.text(enc, count, what, ai))
    return "".join(pieces)


def decompress(segment: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Decompress a Digital Link path segment into (AI pairs, non-GS1 pairs).

    Both lists keep the order of the bit string.  The AI values are returned as
    decoded (the caller checks them against the AI rules); the structure is
    checked strictly: unknown AIs or optimisation codes, a number with too many
    digits, a length over the AI's maximum, a truncated field, an AI given
    twice or non-zero padding raise ``DL_INVALID_COMPRESSION`` with
    ``position`` = the offset of the base64 character where the problem lies.

    >>> decompress("CxEjalurbhQ75yCiELPjlnrtvw")
    ([('01', '09421902960055'), ('10', '2010005828'), ('21', 'xyz1234')], [])
    >>> decompress("AREjalurb-Ck1YK_U")
    ([('01', '09421902960055')], [('k1', 'v1')])
    >>> try:
    ...     decompress("ARHKVAdp")
    ... except TraceCodeError as e:
    ...     print(e.code, e.position, e.detail)
    DL_INVALID_COMPRESSION 1 the data ends inside the value of AI (01)
    """
    if not segment:
        raise make_error("DL_INVALID_COMPRESSION", position=0, detail="the segment is empty")
    for i, ch in enumerate(segment):
        if ch not in _B64_INDEX:
            raise make_error(
                "DL_INVALID_COMPRESSION",
                position=i,
                found=ch,
                detail="only A-Z a-z 0-9 - _ may appear",
            )
    src = _Reader(segment)
    pairs: list[tuple[str, str]] = []
    other: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(ai: str, start: int) -> None:
        if ai in seen:
            raise src.fail(f"AI ({ai}) appears more than once", at=start, ai=ai)
        seen.add(ai)
        parts = ai_format(ai)
        if parts is None:
            raise src.fail(f"AI ({ai}) is not a known AI", at=start)
        pairs.append((ai, _read_value(src, ai, parts)))

    while src.remaining > 8:
        start = src.pos
        h1 = src.get(4, "an AI")
        h2 = src.get(4, "an AI")
        if h1 <= 9 and h2 <= 9:
            ai = f"{h1}{h2}"
            size = _ai_lengths().get(ai)
            if size is None:
                raise src.fail(f"no AI starts with {ai}", at=start)
            while len(ai) < size:
                h = src.get(4, f"AI {ai}…")
                if h > 9:
                    raise src.fail(f"AI {ai}{h:X}… is not all digits", at=start)
                ai += str(h)
            add(ai, start)
        elif h1 == 0xF:
            size = (h2 << 3) | src.get(3, "the length of a non-GS1 key")
            if size == 0:
                raise src.fail("a non-GS1 key is empty", at=start)
            key = "".join(CSET64[src.get(6, "a non-GS1 key")] for _ in range(size))
            if key.isdigit():
                raise src.fail(f"non-GS1 key {key!r} is all digits", at=start)
            what = f"the value of {key!r}"
            enc = src.get(3, what)
            count = src.get(7, what)
            other.append((key, src.text(enc, count, what)))
        else:
            code = f"{h1:X}{h2:X}"
            seq = get_tables().optimisations.get(code)
            if seq is None:
                raise src.fail(f"no optimisation is defined for code {code}", at=start)
            for ai in seq:
                add(ai, start)
    if src.remaining and src.get(src.remaining, "the padding"):
        raise make_error(
            "DL_INVALID_COMPRESSION",
            position=len(segment) - 1,
            detail="the padding bits at the end are not 0",
        )
    if not pairs and not other:
        raise make_error("DL_INVALID_COMPRESSION", position=0, detail="the segment holds no data")
    return pairs, other


def is_compressed_segment(segment: str) -> bool:
    """Tell whether ``segment`` is a well-formed compressed Digital Link segment.

    For the URI parser: a path segment of file-safe base64 that is not all
    digits (so ``01`` or ``8004`` are never taken for one) and decompresses
    without error.

    >>> is_compressed_segment("ARHKVAdpQg"), is_compressed_segment("01")
    (True, False)
    >>> is_compressed_segment("gtin"), is_compressed_segment("")
    (False, False)
    """
    if not segment or segment.isdigit() or not _B64_SET.issuperset(segment):
        return False
    try:
        decompress(segment)
    except TraceCodeError:
        return False
    return True
