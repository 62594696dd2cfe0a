"""Serial strategies: sequential, random from an alphabet, caller-supplied.

A strategy only *proposes* serials; the registry (see :mod:`._registry`)
decides, in one transaction, which of them are new and records them.

>>> s = parse_serial("random:13")
>>> s.length, s.alphabet == DIGITS, f"{s.space:.0e}"
(13, True, '1e+13')
>>> len(s.draw(3, 0)[0]), all(len(x) == 13 and x.isdigit() for x in s.draw(5, 0)[0])
(3, True)
>>> q = parse_serial("sequential:0001")
>>> q.draw(3, 0)
(['0001', '0002', '0003'], 4)
>>> parse_serial("random:8:upper-alnum").alphabet
'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any

from tracecode._chars import CSET39, CSET82, DIGITS, UPPER_ALNUM
from tracecode.errors import make_error, raw

__all__ = [
    "ALPHABETS",
    "DEFAULT_MAX_GUESS",
    "RandomSerials",
    "SequentialSerials",
    "SerialStrategy",
    "SuppliedSerials",
    "parse_serial",
    "resolve_alphabet",
]

#: The EU rule for medicines and tobacco: below one in ten thousand.
DEFAULT_MAX_GUESS = 1e-4

_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LOWER = "abcdefghijklmnopqrstuvwxyz"

#: Named alphabets for random serials (every one a subset of GS1 CSET 82 or
#: a scheme's character set).  ``cset82-safe`` is CSET 82 without the
#: characters that need escaping in HRI, URIs, JSON or CSV.
ALPHABETS: dict[str, str] = {
    "digits": DIGITS,
    "upper": _UPPER,
    "upper-alnum": UPPER_ALNUM,
    "alnum": DIGITS + _UPPER + _LOWER,
    "hex": DIGITS + "ABCDEF",
    # no 0/O, 1/I/L, 2/Z, 5/S, 8/B: easy to read back from a printed label
    "unambiguous": "34679ACDEFGHJKMNPQRTUVWXY",
    "cset39": CSET39,
    "cset82": CSET82,
    "cset82-safe": DIGITS + _UPPER + _LOWER + "-._",
}


def resolve_alphabet(name: str) -> str:
    """The characters of an alphabet given by name or literally.

    Names: those of :data:`ALPHABETS` and the scheme character sets
    (``gb32100``, ...).  Anything else is taken as the literal characters.

    >>> resolve_alphabet("hex")
    '0123456789ABCDEF'
    >>> resolve_alphabet("XYZ")
    'XYZ'
    """
    if name in ALPHABETS:
        return ALPHABETS[name]
    from tracecode.scheme import _charsets

    charsets = _charsets.CHARSETS
    if charsets.get(name):
        return charsets[name]
    chars = "".join(dict.fromkeys(name))
    if len(chars) < 2 or len(chars) != len(name):
        raise make_error(
            "GENERATION_FAILED",
            field="serial",
            expected=raw("an alphabet name or at least two distinct characters"),
            found=name,
        )
    return chars


class SerialStrategy:
    """Base of the serial strategies (see :func:`parse_serial`)."""

    #: ``random``, ``sequential`` or ``supplied``
    kind: str = ""
    #: the characters serials are drawn from (empty: not known in advance)
    alphabet: str = ""
    #: shortest and longest serial the strategy produces
    min_length: int = 1
    max_length: int = 20
    #: True when a serial can be proposed again after it was refused
    redraw: bool = True
    #: where a sequence starts in a namespace that was never used
    start: int = 0

    def draw(self, n: int, cursor: int) -> tuple[list[str], int]:
        """Propose ``n`` serials given the namespace's counter; return them and the new counter."""
        raise NotImplementedError

    def guess_probability(self, issued: int) -> float | None:
        """Chance that a guessed serial is one of ``issued`` valid ones (None: not random)."""
        return None

    def describe(self) -> str:
        """One line for logs and the CLI."""
        return self.kind


class RandomSerials(SerialStrategy):
    """Uniform random serials of a fixed length from an alphabet (``os.urandom``).

    The guess probability is the share of the space that is issued: with
    ``issued`` serials of length ``L`` from ``A`` characters it is ``issued / A**L``.
    The generator refuses to issue when it would exceed ``max_guess``.

    >>> r = RandomSerials(6, "AB")
    >>> r.space, r.guess_probability(32)
    (64, 0.5)
    """

    kind = "random"

    def __init__(self, length: int, alphabet: str = DIGITS, max_guess: float = DEFAULT_MAX_GUESS):
        a = alphabet
        if not 2 <= len(a) <= 256 or len(set(a)) != len(a) or not a.isascii():
            raise make_error(
                "GENERATION_FAILED",
                field="serial",
                expected=raw("2 to 256 distinct ASCII characters"),
                found=a,
            )
        if not 1 <= length <= 90:
            raise make_error("GENERATION_FAILED", field="serial", found=raw(f"length {length}"))
        self.length = length
        self.alphabet = a
        self.max_guess = max_guess
        self.min_length = self.max_length = length
        n = len(a)
        self._accept = 256 - 256 % n  # bytes >= accept are dropped: no modulo bias
        self._table = bytes(ord(a[i % n]) if i < self._accept else 0 for i in range(256))
        self._delete = bytes(range(self._accept, 256))

    def __repr__(self) -> str:
        return f"RandomSerials({self.length}, {self.alphabet!r}, max_guess={self.max_guess})"

    @property
    def space(self) -> int:
        """How many distinct serials there are."""
        return int(len(self.alphabet) ** self.length)

    def draw(self, n: int, cursor: int) -> tuple[list[str], int]:
        """``n`` uniform random serials (duplicates possible; the registry refuses them)."""
        length = self.length
        need = n * length
        chunks: list[bytes] = []
        have = 0
        while have < need:
            want = (need - have) * 256 // self._accept + 16
            got = os.urandom(want).translate(self._table, self._delete)
            chunks.append(got)
            have += len(got)
        text = b"".join(chunks)[:need].decode("ascii")
        return [text[i : i + length] for i in range(0, need, length)], cursor

    def guess_probability(self, issued: int) -> float:
        """``issued / space``: the chance that one guessed serial is valid."""
        return issued / self.space

    def describe(self) -> str:
        return f"random, {self.length} characters from {len(self.alphabet)}"


class SequentialSerials(SerialStrategy):
    """Decimal serials counting up from the namespace's counter.

    ``width`` pads with leading zeros (``sequential:0001`` gives width 4).
    A sequence starts at ``start`` in a namespace never used, else where it
    stopped (never below ``start``).  Sequential serials are guessable.

    >>> SequentialSerials(7, width=3).draw(2, 0)
    (['007', '008'], 9)
    """

    kind = "sequential"
    alphabet = DIGITS

    def __init__(self, start: int = 1, *, width: int = 0, max_length: int = 20) -> None:
        if start < 0 or width < 0:
            raise make_error("GENERATION_FAILED", field="serial", found=raw(f"start {start}"))
        self.start = start
        self.width = width
        self.min_length = max(1, width, len(str(start)))
        self.max_length = max_length

    def __repr__(self) -> str:
        return f"SequentialSerials({self.start}, width={self.width})"

    def draw(self, n: int, cursor: int) -> tuple[list[str], int]:
        """The next ``n`` numbers from ``max(cursor, start)``."""
        first = max(cursor, self.start)
        last = first + n - 1
        if len(str(last)) > self.max_length:
            raise make_error(
                "SERIAL_SPACE_EXHAUSTED",
                field="serial",
                detail=f"sequence reached {first}; serials have at most {self.max_length} digits",
            )
        w = self.width
        if w:
            return [str(i).zfill(w) for i in range(first, last + 1)], last + 1
        return [str(i) for i in range(first, last + 1)], last + 1

    def describe(self) -> str:
        pad = f", {self.width} digits" if self.width else ""
        return f"sequential from {self.start}{pad}"


class SuppliedSerials(SerialStrategy):
    """Serials the caller supplies (an iterable of strings), used in order.

    A serial that was already issued is an error (``SERIAL_ALREADY_ISSUED``):
    a supplied list is never silently skipped.
    """

    kind = "supplied"
    redraw = False

    def __init__(self, serials: Iterable[str]) -> None:
        self._it: Iterator[str] = iter(serials)

    def draw(self, n: int, cursor: int) -> tuple[list[str], int]:
        """The next ``n`` supplied serials (fewer when the supply runs out)."""
        out: list[str] = []
        for s in self._it:
            out.append(str(s))
            if len(out) == n:
                break
        return out, cursor

    def describe(self) -> str:
        return "supplied by the caller"


def parse_serial(spec: Any, *, max_guess: float | None = None) -> SerialStrategy:
    """A strategy from the CLI grammar, an iterable of serials, or a strategy.

    Grammar: ``random:LEN[:ALPHABET]`` or ``sequential[:START]``.  ``START``
    with leading zeros sets the width.

    >>> parse_serial("sequential").describe()
    'sequential from 1'
    >>> parse_serial("random:4:hex").describe()
    'random, 4 characters from 16'
    >>> parse_serial(["A1", "A2"]).kind
    'supplied'
    >>> parse_serial("random")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    tracecode.errors.GenerationError: serial: cannot generate: expected random:LEN[:ALPHABET] or ...
    """
    if isinstance(spec, SerialStrategy):
        if max_guess is not None and isinstance(spec, RandomSerials):
            spec.max_guess = max_guess
        return spec
    if isinstance(spec, str):
        kind, _, rest = spec.partition(":")
        if kind == "random" and rest:
            length_text, _, alphabet = rest.partition(":")
            if length_text.isascii() and length_text.isdigit():
                return RandomSerials(
                    length=int(length_text),
                    alphabet=resolve_alphabet(alphabet) if alphabet else DIGITS,
                    max_guess=DEFAULT_MAX_GUESS if max_guess is None else max_guess,
                )
        elif kind == "sequential":
            if not rest:
                return SequentialSerials()
            if rest.isascii() and rest.isdigit():
                width = len(rest) if rest.startswith("0") and len(rest) > 1 else 0
                return SequentialSerials(start=int(rest), width=width)
        raise make_error(
            "GENERATION_FAILED",
            field="serial",
            expected=raw("random:LEN[:ALPHABET] or sequential[:START]"),
            found=spec,
        )
    if isinstance(spec, Iterable):
        return SuppliedSerials(spec)
    raise make_error("GENERATION_FAILED", field="serial", found=repr(spec))
