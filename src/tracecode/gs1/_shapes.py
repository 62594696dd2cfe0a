"""Learned shapes of GS1 data: a message's structure as one regex, its values as groups.

Traceability data repeats its structure: a packing line prints millions of
element strings with the same AIs in the same order, the same separators, only
the values differ.  The first time a structure is parsed in full, its *shape*
can be written down — the AIs literally, each value as a group that can only
match where the full parser would cut the value (a pre-defined length, or up to
the next GS or the end, which no GS1 character set contains).  A later text that
matches the shape splits into exactly the same elements; when each value then
passes the check the full parser would run on it (``check(plan, value, 0)``,
i.e. :func:`tracecode.gs1.parse._check`), the elements are those the full
parser would build, without its per-character walk.  Whatever fails goes the
full way, so error reports always come from the full parser.

Used by the element-string parser (:func:`tracecode.gs1.parse.parse`) and by bulk
validation (:mod:`tracecode.bulk._lanes`, which also learns Digital Link URIs).
A shape is compiled the second time it is seen; while texts keep missing every
shape, only one in 64 is looked at, so input without repeated structure pays
almost nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["GS", "Shape", "ShapeBook", "element_pattern"]

GS = "\x1d"
#: shapes kept per book, at most (the oldest is dropped)
MAX_SHAPES = 32


class Shape:
    """A learned shape: a regex whose groups are the AI values, and their plans.

    ``groups`` are the regex groups holding the values (a value's group may contain the
    groups of its AI's own pattern); ``checks`` say what is left to check of each value:
    ``(index, plan, full)``, where ``full`` means the parser's value check and not
    ``full`` the AI's pattern alone (an AI without value checks: what the check comes
    down to).  A value whose AI pattern is part of the regex needs nothing more.
    """

    __slots__ = (
        "ais",
        "checks",
        "groups",
        "match",
        "pattern",
        "plans",
        "sgtin",
        "sizes",
        "url",
    )

    def __init__(
        self,
        pattern: str,
        ais: tuple[str, ...],
        plans: tuple[Any, ...],
        url: bool,
        groups: tuple[int, ...] | None = None,
        embedded: frozenset[int] = frozenset(),
    ):
        self.pattern = pattern
        self.match: Callable[[str], re.Match[str] | None] = re.compile(pattern, re.S).fullmatch
        self.ais = ais
        self.plans = plans
        self.url = url
        self.groups = groups if groups is not None else tuple(range(1, len(ais) + 1))
        self.checks = tuple(
            (i, plan, bool(plan.checks)) for i, plan in enumerate(plans) if i not in embedded
        )
        #: where the GTIN and the serial are, when both are present
        self.sgtin = (ais.index("01"), ais.index("21")) if "01" in ais and "21" in ais else None
        #: free for the user of the shape (bulk: detection's verdict per URI length)
        self.sizes: dict[int, tuple[object, bool]] = {}


class ShapeBook:
    """The shapes learned so far, newest first, and those seen once."""

    __slots__ = ("check", "misses", "shapes", "sightings")

    def __init__(self, check: Callable[[Any, str, int], object]) -> None:
        #: the full parser's value check: ``check(plan, value, offset)`` is None when fine
        self.check = check
        self.shapes: list[Shape] = []
        self.sightings: dict[str, int] = {}
        #: texts learned from since a shape last matched
        self.misses = 0

    def values(self, text: str) -> tuple[Shape, re.Match[str], tuple[str, ...]] | None:
        """The shape ``text`` has and its values, when every value passes its check."""
        for shape in self.shapes:
            m = shape.match(text)
            if m is not None:
                break
        else:
            return None
        groups = shape.groups
        values: tuple[str, ...] = m.group(*groups) if len(groups) > 1 else (m.group(1),)
        check = self.check
        for i, plan, full in shape.checks:
            value = values[i]
            if not full:
                if plan.fullmatch(value) is None:
                    return None
                continue
            known = plan.known_good  # what the check looks at first, without the call
            if (known is None or value not in known) and check(plan, value, 0) is not None:
                return None
        if self.misses:
            self.misses = 0
        return shape, m, values

    def wants(self) -> bool:
        """Whether to look at the shape of the text just parsed in full (see the module)."""
        self.misses += 1
        return self.misses <= 256 or not self.misses % 64

    def add(self, regex: str, make: Callable[[], Shape | None]) -> None:
        """Learn the shape ``regex`` (built by ``make``) if this is its second sighting."""
        if any(s.pattern == regex for s in self.shapes):
            return
        seen = self.sightings
        if regex not in seen:
            if len(seen) >= 4096:
                seen.clear()
            seen[regex] = 1
            return
        del seen[regex]
        shape = make()
        if shape is not None:
            self.shapes.insert(0, shape)  # the newest first: runs of one shape are common
            del self.shapes[MAX_SHAPES:]


def element_pattern(
    text: str, elements: Sequence[Any], plans: Sequence[Any], base: int = 0
) -> tuple[str, tuple[int, ...], frozenset[int]] | None:
    """The shape of an element string parsed into ``elements``, or None.

    Element positions count from ``base`` (where ``text`` starts in the input).

    Returns ``(regex, value groups, indexes of values checked inside the regex)``;
    None when the text is not simply its elements with GS separators, or an AI
    repeats or is (8030) (checks on values, not on the structure).
    """
    ais = [e.ai for e in elements]
    if len(set(ais)) != len(ais) or "8030" in ais:
        return None
    pattern: list[str] = []
    groups: list[int] = []
    embedded: set[int] = set()
    group = 1
    pos = 0
    for k, (e, plan) in enumerate(zip(elements, plans, strict=True)):
        if e.position != base + pos or not text.startswith(e.ai, pos):
            return None
        start = pos + len(e.ai)
        pos = start + len(e.value)
        if text[start:pos] != e.value or GS in e.value:
            return None
        own = plan.regex
        if plan.fnc1 and not plan.checks and GS not in own.pattern and "\\x1d" not in own.pattern:
            # a value running to the next GS or the end, checked by its pattern alone
            # (which cannot match a GS): the pattern is part of the shape
            pattern.append(re.escape(e.ai) + "(" + own.pattern + ")")
            embedded.add(k)
            groups.append(group)
            group += 1 + own.groups
        else:
            size = f"{{{plan.max_length}}}" if not plan.fnc1 else f"{{1,{plan.max_length}}}"
            pattern.append(re.escape(e.ai) + "([^\\x1d]" + size + ")")
            groups.append(group)
            group += 1
        if text[pos : pos + 1] == GS:
            pattern.append("\\x1d")
            pos += 1
        elif plan.fnc1 and pos < len(text):
            return None
    if pos != len(text):
        return None
    return "".join(pattern), tuple(groups), frozenset(embedded)
