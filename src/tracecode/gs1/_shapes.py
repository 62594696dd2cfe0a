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

A shape is a sequence of *tokens*, regex fragments that each hold at most one
value group (the token's first group).  A book of shapes is compiled into one
regex shaped like a prefix tree of the tokens, with an empty group at the end of
each shape: the regex engine walks shared prefixes once, and the empty group that
closed last (``match.lastindex``) says which shape matched.

Used by the element-string parser (:func:`tracecode.gs1.parse.parse`) and by bulk
validation (:mod:`tracecode.bulk._lanes`, which also learns Digital Link URIs).
A shape is compiled the second time it is seen, within a budget that grows with
the texts shapes have saved (see :class:`ShapeBook`); when texts keep missing
every shape, only one in 64 is looked at, so input without repeated structure
pays little.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

__all__ = [
    "GS",
    "Shape",
    "ShapeBook",
    "bracketed_pattern",
    "element_pattern",
    "learn_elements",
    "uri_pattern",
]

GS = "\x1d"
#: shapes kept per book, at most (the oldest is dropped)
MAX_SHAPES = 32
#: shapes compiled before any has to earn its place, and hits that earn one more
FREE_SHAPES = 8
HITS_PER_SHAPE = 1024
#: possessive repetition (Python 3.11 and later; plain repetition before, same matches)
_POSSESSIVE = "+" if sys.version_info >= (3, 11) else ""
#: an AI pattern that is one run of one character class, ``([...]{1,20})``
#: (the group is the fixed length, or None)
_ONE_RUN = re.compile(r"\(\[(?:[^\]\\]|\\.)+\]\{(?:(\d+)|\d+,\d+)\}\)")


class Shape:
    """A learned shape: regex tokens whose value groups are the AI values, and their plans.

    ``tokens`` are regex fragments in text order; a token with groups holds one value
    (its first group, which may contain the groups of its AI's own pattern), a token
    without groups is literal.  ``checks`` say what is left to check of each value,
    ``(index, plan, kind)``: :data:`FULL` the parser's value check, :data:`PATTERN`
    the AI's pattern alone (an AI without value checks: what its check comes down
    to), :data:`LINTS` the value checks alone (the AI's pattern is part of the regex,
    ``embedded``).  An embedded value of an AI without value checks needs nothing.
    """

    __slots__ = (
        "ais",
        "checks",
        "extra",
        "heads",
        "pattern",
        "plans",
        "sgtin",
        "sizes",
        "tokens",
        "url",
    )

    def __init__(
        self,
        tokens: tuple[str, ...],
        ais: tuple[str, ...],
        plans: tuple[Any, ...],
        url: bool,
        embedded: frozenset[int] = frozenset(),
        brackets: bool = False,
        extra: tuple[tuple[str, str], ...] = (),
    ):
        self.tokens = tokens
        self.pattern = "".join(tokens)
        self.ais = ais
        #: characters from an element's start to its value: the AI, with its brackets
        #: in bracketed data, with the ``/`` or ``=`` after it in a URI
        self.heads = tuple(len(ai) + (1 if url else 2 * brackets) for ai in ais)
        #: the URI's query parameters that are not AIs (literal in the shape)
        self.extra = extra
        self.plans = plans
        self.url = url
        checks: list[tuple[int, Any, int]] = []
        for i, plan in enumerate(plans):
            if i not in embedded:
                checks.append((i, plan, FULL if plan.checks else PATTERN))
            elif plan.checks:  # embedded: one component, so its checks are ``single``
                checks.append((i, plan, LINTS if plan.single is not None else FULL))
        self.checks = tuple(checks)
        #: where the GTIN and the serial are, when both are present
        self.sgtin = (ais.index("01"), ais.index("21")) if "01" in ais and "21" in ais else None
        #: free for the user of the shape (bulk: detection's verdict per URI length)
        self.sizes: dict[int, tuple[object, bool]] = {}


#: what is left to check of a value (see :class:`Shape`)
FULL, PATTERN, LINTS = 0, 1, 2

#: a shape's entry in its book: the shape, its value groups and its layout
#: ``(AI, value group, characters before the value)`` per element, numbered as in the
#: book's regex
Branch = tuple[Shape, tuple[int, ...], tuple[tuple[str, int, int], ...]]
#: what :meth:`ShapeBook.values` finds: the shape, the match, the values, the layout
Hit = tuple[Shape, "re.Match[str]", tuple[str, ...], tuple[tuple[str, int, int], ...]]


class ShapeBook:
    """The shapes learned so far (newest first, as one regex) and those seen once.

    Compiling costs as much as parsing a few hundred texts in full, and looking at
    a text's shape as much as parsing it again, so both are budgeted.  ``free``
    shapes (:data:`FREE_SHAPES`) are compiled when seen twice, then one more for
    every :data:`HITS_PER_SHAPE` texts that matched a shape.  Every text parsed in
    full is looked at until 256 have been since the last compile; after that, and
    while the budget is spent, only one in 64.
    """

    __slots__ = (
        "check",
        "compiled",
        "free",
        "groups",
        "hits",
        "lint",
        "looks",
        "misses",
        "shapes",
        "sightings",
        "tree",
    )

    def __init__(
        self,
        check: Callable[[Any, str, int], object],
        lint: Callable[[Any, str], object],
        free: int = FREE_SHAPES,
    ) -> None:
        #: the full parser's value check: ``check(plan, value, offset)`` is None when fine
        self.check = check
        #: its part after the AI's pattern: ``lint(plan, value)`` is None when fine
        self.lint = lint
        #: shapes compiled before any has to earn its place
        self.free = free
        #: groups per token (compiled once)
        self.groups: dict[str, int] = {}
        self.clear()

    def clear(self) -> None:
        """Forget every shape, sighting and count."""
        self.shapes: list[Shape] = []
        #: all shapes as one regex's ``fullmatch``, and the branches by the group that
        #: ends each (``match.lastindex``); one attribute, replaced whole
        self.tree: tuple[Callable[[str], re.Match[str] | None], dict[int, Branch]] = (_never, {})
        self.sightings: dict[str, int] = {}
        #: texts learned from since a shape was last compiled
        self.misses = 0
        #: texts offered for learning, ever
        self.looks = 0
        #: texts that matched a shape, and shapes compiled
        self.hits = 0
        self.compiled = 0

    def values(self, text: str) -> Hit | None:
        """The shape ``text`` has and its values, when every value passes its check."""
        match, branches = self.tree
        m = match(text)
        if m is None:
            return None
        shape, groups, layout = branches[m.lastindex]  # type: ignore[index]
        values: tuple[str, ...] = m.group(*groups) if len(groups) > 1 else (m.group(groups[0]),)
        for i, plan, kind in shape.checks:
            value = values[i]
            if kind == PATTERN:
                if plan.fullmatch(value) is None:
                    return None
                continue
            known = plan.known_good  # what the checks look at first, without the call
            if known is not None and value in known:
                continue
            if kind == LINTS:
                if self.lint(plan, value) is not None:
                    return None
            elif self.check(plan, value, 0) is not None:
                return None
        self.hits += 1
        return shape, m, values, layout

    def _budget(self) -> bool:
        return self.compiled < self.free + self.hits // HITS_PER_SHAPE

    def wants(self) -> bool:
        """Whether to look at the shape of the text just parsed in full (see the class)."""
        self.looks += 1
        if not self._budget():
            return not self.looks % 64
        self.misses += 1
        return self.misses <= 256 or not self.misses % 64

    def add(self, tokens: tuple[str, ...], make: Callable[[], Shape | None]) -> None:
        """Learn the shape of ``tokens`` (built by ``make``) if this is its second sighting."""
        regex = "".join(tokens)
        shapes = self.shapes
        if any(s.pattern == regex for s in shapes):
            return
        seen = self.sightings
        if regex not in seen:
            if len(seen) >= 4096:
                seen.clear()
            seen[regex] = 1
            return
        if not self._budget():
            return  # seen twice, but no budget: it may come back when there is
        del seen[regex]
        shape = make()
        if shape is not None:
            self.compiled += 1
            self.misses = 0
            self._use([shape, *shapes[: MAX_SHAPES - 1]])  # the newest first

    def _use(self, shapes: list[Shape]) -> None:
        # Build everything first and swap at the end: a reader in another thread
        # sees the old book or the new one, never half of each.
        counts = self.groups
        for shape in shapes:
            for token in shape.tokens:
                if token not in counts:
                    counts[token] = re.compile(token, re.S).groups
        tree: dict[str | None, Any] = {}
        for shape in shapes:
            node = tree
            for token in shape.tokens:
                node = node.setdefault(token, {})
            node[None] = shape
        branches: dict[int, Branch] = {}
        group = 1

        def emit(node: dict[str | None, Any], path: tuple[int, ...]) -> str:
            nonlocal group
            alternatives: list[str] = []
            for token, child in node.items():
                if token is None:  # a shape ends here: its empty group names it
                    shape: Shape = child
                    layout = tuple(zip(shape.ais, path, shape.heads, strict=True))
                    branches[group] = (shape, path, layout)
                    group += 1
                    alternatives.append("()")
                    continue
                first = group
                group += counts[token]
                alternatives.append(token + emit(child, (*path, first) if counts[token] else path))
            if len(alternatives) == 1:
                return alternatives[0]
            return "(?:" + "|".join(alternatives) + ")"

        match = re.compile(emit(tree, ()), re.S).fullmatch
        self.tree = (match, branches)
        self.shapes = shapes


def _never(text: str) -> None:
    return None


def learn_elements(
    book: ShapeBook,
    text: str,
    elements: Sequence[Any],
    plans: Any,
    base: int = 0,
    form: str = "element",
    extra: tuple[tuple[str, str], ...] = (),
) -> None:
    """Show ``book`` GS1 data parsed without a problem into ``elements``.

    ``form`` is what ``text`` is: ``"element"`` an element string
    (:func:`element_pattern`), ``"brackets"`` bracketed data
    (:func:`bracketed_pattern`), ``"uri"`` a Digital Link URI (:func:`uri_pattern`;
    ``extra`` its query parameters that are not AIs).  ``plans`` maps AIs to the
    parser's plans (``tracecode.gs1.parse._PLANS``); element positions count from
    ``base``.  The caller makes sure the AI sequence passed the whole-message checks.
    """
    ais = tuple(e.ai for e in elements)
    if len(set(ais)) != len(ais) or "8030" in ais:
        return  # checks on values, not on the structure
    found_plans = tuple(plans.get(ai) for ai in ais)
    if None in found_plans:
        return
    if form == "brackets":
        found = bracketed_pattern(text, elements, found_plans)
    elif form == "uri":
        found = uri_pattern(text, elements, found_plans)
    else:
        found = element_pattern(text, elements, found_plans, base)
    if found is None:
        return
    tokens, embedded = found
    url, brackets = form == "uri", form == "brackets"

    def make() -> Shape:
        return Shape(tokens, ais, found_plans, url, embedded, brackets, extra)

    book.add(tokens, make)


#: characters a value in a learned URI may contain: RFC 3986 unreserved (nothing that
#: is escaped, or that could end a path segment or a query parameter)
URI_VALUE = r"[A-Za-z0-9._~\-]"
_URI_VALUE = re.compile(URI_VALUE + "+")
_NOT_UNRESERVED = "".join(c for c in map(chr, range(0x21, 0x7F)) if _URI_VALUE.fullmatch(c) is None)


def uri_pattern(
    text: str, elements: Sequence[Any], plans: Sequence[Any]
) -> tuple[tuple[str, ...], frozenset[int]] | None:
    """The shape of a Digital Link URI parsed into ``elements``, or None.

    The URI stays literal (scheme, host, path stem, AIs, query keys, other query
    parameters) but for its AI values, each a group of unreserved characters (with
    the AI's pattern inside when it is one run of such characters).  None when a
    value has other characters, the URI has ``%``, ``#``, ``;`` or ``\\``, or the
    elements are not in text order.
    """
    if any(c in text for c in "%#;\\"):
        return None
    query = text.find("?")
    tokens: list[str] = []
    embedded: set[int] = set()
    pos = 0
    for k, (e, plan) in enumerate(zip(elements, plans, strict=True)):
        if e.position is None or e.position < pos:
            return None
        sep = "=" if 0 <= query < e.position else "/"
        start = e.position + len(e.ai) + 1
        end = start + len(e.value)
        if (
            text[e.position : start] != e.ai + sep
            or text[start:end] != e.value
            or _URI_VALUE.fullmatch(e.value) is None
            or text[end : end + 1] not in ("", "/", "&", "?")
        ):
            return None
        cls = _one_run(plan)
        if cls is not None and re.search(cls, _NOT_UNRESERVED) is None:
            group = plan.regex.pattern[:-1] + _POSSESSIVE + ")"
            embedded.add(k)
        else:
            group = "(" + URI_VALUE + "+" + _POSSESSIVE + ")"
        tokens.append(re.escape(text[pos:start]) + group)
        pos = end
    if pos < len(text):
        tokens.append(re.escape(text[pos:]))
    return tuple(tokens), frozenset(embedded)


def _one_run(plan: Any) -> str | None:
    """The character class of an AI whose pattern is one run of one class, else None."""
    own = plan.regex.pattern
    return own[1 : own.rindex("{")] if _ONE_RUN.fullmatch(own) is not None else None


def bracketed_pattern(
    text: str, elements: Sequence[Any], plans: Sequence[Any]
) -> tuple[tuple[str, ...], frozenset[int]] | None:
    """The shape of bracketed data parsed into ``elements``, or None.

    As :func:`element_pattern`, for ``(01)...(10)...``: a value runs to the next
    ``(`` or the end, so no value group admits ``(`` (nor ``\\``, which escapes
    one: data with an escaped bracket goes the full way).
    """
    tokens: list[str] = []
    embedded: set[int] = set()
    pos = 0
    for k, (e, plan) in enumerate(zip(elements, plans, strict=True)):
        head = "(" + e.ai + ")"
        if e.position != pos or not text.startswith(head, pos):
            return None
        start = pos + len(head)
        pos = start + len(e.value)
        if text[start:pos] != e.value or "(" in e.value or "\\" in e.value:
            return None
        cls = _one_run(plan)
        if cls is not None and re.search(cls, "(\\") is None:
            # the AI's pattern (a class without "(") is part of the shape
            token = re.escape(head) + plan.regex.pattern[:-1] + _POSSESSIVE + ")"
            embedded.add(k)
        else:
            token = re.escape(head) + f"([^(\\\\]{{1,{plan.max_length}}}{_POSSESSIVE})"
        tokens.append(token)
    if pos != len(text):
        return None
    return tuple(tokens), frozenset(embedded)


def element_pattern(
    text: str, elements: Sequence[Any], plans: Sequence[Any], base: int = 0
) -> tuple[tuple[str, ...], frozenset[int]] | None:
    """The shape of an element string parsed into ``elements``, or None.

    Element positions count from ``base`` (where ``text`` starts in the input).

    Returns ``(tokens, indexes of values checked inside the regex)``, one token per
    element (its AI, its value group, the GS after it if any); None when the text is
    not simply its elements with GS separators, or an AI repeats or is (8030)
    (checks on values, not on the structure).
    """
    ais = [e.ai for e in elements]
    if len(set(ais)) != len(ais) or "8030" in ais:
        return None
    tokens: list[str] = []
    embedded: set[int] = set()
    pos = 0
    for k, (e, plan) in enumerate(zip(elements, plans, strict=True)):
        if e.position != base + pos or not text.startswith(e.ai, pos):
            return None
        start = pos + len(e.ai)
        pos = start + len(e.value)
        if text[start:pos] != e.value or GS in e.value:
            return None
        own = plan.regex.pattern
        run = _ONE_RUN.fullmatch(own)
        if run is not None and (plan.fnc1 or run.group(1) == str(plan.max_length)):
            # one run of one character class (one component), to the next GS or the
            # end, or of the pre-defined length: the AI's pattern is part of the shape,
            # possessive (taking every character there is changes nothing and saves
            # backtracking on texts of other shapes)
            token = re.escape(e.ai) + own[:-1] + (_POSSESSIVE if plan.fnc1 else "") + ")"
            embedded.add(k)
        elif plan.fnc1 and not plan.checks and GS not in own and "\\x1d" not in own:
            # a value running to the next GS or the end, checked by its pattern alone
            # (which cannot match a GS): the pattern is part of the shape
            token = re.escape(e.ai) + "(" + own + ")"
            embedded.add(k)
        elif plan.fnc1:
            token = re.escape(e.ai) + f"([^\\x1d]{{1,{plan.max_length}}}{_POSSESSIVE})"
        else:
            token = re.escape(e.ai) + f"([^\\x1d]{{{plan.max_length}}})"
        if text[pos : pos + 1] == GS:
            token += "\\x1d"
            pos += 1
        elif plan.fnc1 and pos < len(text):
            return None
        tokens.append(token)
    if pos != len(text):
        return None
    return tuple(tokens), frozenset(embedded)
