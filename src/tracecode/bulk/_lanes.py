"""Learned shapes: fast verdicts for lines shaped like a line already validated in full.

Bulk input is repetitive in structure: a packing line uploads millions of codes
that differ only in their serial numbers, lots and dates.  When a line validates
(through :func:`tracecode.validate`, the full path), its *shape* is learned:

* GS1 element string with FNC1 as GS: the AIs in order, which values have a
  pre-defined length and where the separators are;
* GS1 Digital Link URI: the URI with its AI values cut out (scheme, host, path
  stem, AIs, query keys and any other query parameters stay literal);
* fixed-layout national scheme code (e.g. the 20-digit drug trace code): the
  scheme and the detection order that led to it.

A later line with the same shape is checked with the same per-value checks the
full path runs (:func:`tracecode.gs1.parse._check` for each AI value, the
scheme engine's :func:`~tracecode.scheme._fast.check_norm` for scheme codes,
detection's ranking through :func:`~tracecode.scheme.detect.wins`); everything
else the full path checks depends only on the shape (AI sequence, mandatory
associations, invalid pairings, key qualifiers, query keys), which the learned
line already passed.  When every check passes, the line gets the verdict the full
path would give — valid, the same scheme, the same warnings — without building
the parsed objects.  Anything else (no shape matches, a value fails a check)
goes through the full path, which writes the record: error reports always come
from the full path.  ``tests/test_bulk_lanes.py`` checks the equivalence on
generated input.

Values in a shape are restricted to characters that need no escaping in the
representation (no ``%``, ``/``, ``&``, ``#``, ``\\``, spaces or control
characters), so that a value never changes how the line is split.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from tracecode.bulk._keys import gs1_key, scheme_key
from tracecode.errors import TraceCodeError

__all__ = ["Lanes", "Verdict"]

#: (scheme id, warnings, serial key or None) of a valid line
Verdict = tuple[str, tuple[TraceCodeError, ...], "str | None"]

GS = "\x1d"
#: characters a learned value may contain: RFC 3986 unreserved, minus nothing GS1 needs
_VALUE = r"[A-Za-z0-9._~\-]"
_VALUE_RE = re.compile(_VALUE + "+")
#: learned shapes per lane, at most (the oldest is dropped)
_MAX_SHAPES = 32
_MAX_INPUT = 10_000  # tracecode.gs1.parse.MAX_INPUT and scheme._engine.MAX_INPUT


class _GS1Shape:
    """A learned GS1 shape: a regex whose groups are the AI values, and their plans.

    ``groups`` are the regex groups holding the values (a value's group may contain the
    groups of its AI's own pattern); ``checks`` say what is left to check of each value:
    ``(index, plan, full)``, where ``full`` means :func:`tracecode.gs1.parse._check` and
    not ``full`` the AI's pattern alone (an AI without value checks: what ``_check``
    comes down to).  A value whose AI pattern is part of the regex needs nothing more.
    """

    __slots__ = ("ais", "checks", "groups", "match", "pattern", "plans", "sgtin", "sizes", "url")

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
        #: where the GTIN and the serial are, when the key is an SGTIN (gs1_key's first case)
        self.sgtin = (ais.index("01"), ais.index("21")) if "01" in ais and "21" in ais else None
        #: URI length -> (scheme table, whether the Digital Link reading ranks first)
        self.sizes: dict[int, tuple[object, bool]] = {}


class Lanes:
    """Learned shapes of one bulk run (one per worker process); see the module docs.

    >>> lanes = Lanes()
    >>> import tracecode
    >>> text = "0109506000134352" "10AB" "\\x1d" "21XYZ"
    >>> lanes.verdict(text) is None  # nothing learned yet
    True
    >>> lanes.learn(text, tracecode.validate(text))  # a shape is compiled when seen twice
    >>> lanes.learn(text, tracecode.validate(text))
    >>> lanes.verdict("0109506000134352" "10CD" "\\x1d" "21UVW")
    ('gs1', (), 'gs1:01=09506000134352;21=UVW')
    >>> lanes.verdict("0109506000134353" "10CD" "\\x1d" "21UVW") is None  # check digit: full path
    True
    """

    def __init__(self, keys: bool = True) -> None:
        from tracecode.gs1.parse import _PLANS, _check
        from tracecode.scheme._fast import check_norm, normalise, plan_for
        from tracecode.scheme._registry import scheme_table
        from tracecode.scheme.detect import (
            GS1_PRIORITY_EXPLICIT,
            VALID_BONUS,
            fast_bonus,
            start,
            wins,
        )

        self._keys = keys
        self._check = _check
        self._gs1_plans = _PLANS
        self._start = start
        self._table = scheme_table
        self._wins = wins
        self._fast_bonus = fast_bonus
        self._normalise = normalise
        self._check_norm = check_norm
        self._plan_for = plan_for
        self._url_score = GS1_PRIORITY_EXPLICIT + VALID_BONUS
        self._valid_bonus = VALID_BONUS
        self._elements: list[_GS1Shape] = []
        #: shapes (as regexes) seen once, not compiled yet
        self._sightings: dict[str, int] = {}
        #: valid lines that went the full way since a shape last matched
        self._misses = 0
        self._uris: list[_GS1Shape] = []
        #: scheme id -> (plan, scheme, indexes of its serial segments or None) of the
        #: fixed-layout schemes learned (scheme_key: a key when a serial segment has a value)
        self._schemes: dict[str, tuple[Any, Any, tuple[int, ...] | None]] = {}

    # --- verdicts -----------------------------------------------------------------

    def verdict(self, text: str) -> Verdict | None:
        """The verdict of a valid line of a learned shape, or None (use the full path)."""
        if not text or len(text) > _MAX_INPUT:
            return None
        first = text[0]
        if first == "h" or first == "H":
            found = self._gs1(text, self._uris) if self._uris else None
        elif GS in text:
            found = self._gs1(text, self._elements) if self._elements else None
        else:
            found = self._scheme(text) if self._schemes else None
        if found is not None and self._misses:
            self._misses = 0
        return found

    def _gs1(self, text: str, shapes: list[_GS1Shape]) -> Verdict | None:
        for shape in shapes:
            m = shape.match(text)
            if m is not None:
                break
        else:
            return None
        values = m.group(*shape.groups) if len(shape.groups) > 1 else (m.group(1),)
        check = self._check
        for i, plan, full in shape.checks:
            value = values[i]
            if not full:
                if plan.fullmatch(value) is None:
                    return None
                continue
            known = plan.known_good  # what _check looks at first, without the call
            if (known is None or value not in known) and check(plan, value, 0) is not None:
                return None
        if shape.url:  # detection must rank the Digital Link reading first
            # Detection's order depends on the URI only through its length: everything
            # else it looks at (the first characters, "://", no GS) is literal in the shape.
            table = self._table()
            known = shape.sizes.get(len(text))
            if known is None or known[0] is not table:
                order = self._start(text)[2]
                known = shape.sizes[len(text)] = (table, self._wins(order, "gs1", self._url_score))
            if not known[1]:
                return None
        if not self._keys:
            return "gs1", (), None
        sgtin = shape.sgtin
        if sgtin is not None:
            return "gs1", (), f"gs1:01={values[sgtin[0]]};21={values[sgtin[1]]}"
        return "gs1", (), gs1_key(shape.ais, values)

    def _scheme(self, text: str) -> Verdict | None:
        try:
            stripped, _, order = self._start(text)
        except TraceCodeError:
            return None
        if not order:
            return None
        step = order[0]
        learned = self._schemes.get(step[1])
        if learned is None:
            return None
        plan, scheme, serial = learned
        if step[2] is not plan or plan is None:
            return None
        if step[4] and not plan.plausible(stripped):  # best_reading would skip it
            return None
        norm = self._normalise(plan, text)
        bonus = self._fast_bonus(plan, norm[0]) if norm[0] else None
        if bonus is None:
            return None
        if not self._wins(order, plan.id, plan.priority + bonus + self._valid_bonus):
            return None
        checked = self._check_norm(plan, scheme, text, norm, False)
        if checked is None:
            return None
        key = None
        if self._keys and serial is not None:  # what scheme_key gives, without the names
            parts = checked[0]
            if any(parts[k] for k in serial):
                key = f"{plan.id}:{norm[0]}"
        return plan.id, checked[4], key

    # --- learning -----------------------------------------------------------------

    def learn(self, text: str, report: Any) -> None:
        """Learn the shape of ``text``, whose full-path report is ``report`` (if valid).

        A shape is compiled the second time it is seen.  While lines keep missing
        every learned shape, only one in 64 is looked at (the cost of looking stays
        small on input without repeated shapes).
        """
        if not report.valid or report.profile is not None or report.code is None:
            return
        self._misses += 1
        if self._misses > 256 and self._misses % 64:
            return
        if report.scheme == "gs1":
            if report.warnings:
                return
            first = text[:1]
            if first in ("h", "H"):
                self._learn_uri(text, report.code)
            elif GS in text and first.isdigit() and first.isascii():
                self._learn_elements(text, report.code)
        else:
            self._learn_scheme(report)

    def _learn_elements(self, text: str, msg: Any) -> None:
        if msg.symbology is not None or msg.other_query:
            return
        ais = tuple(e.ai for e in msg.elements)
        if len(set(ais)) != len(ais) or "8030" in ais:
            return  # repeats and signatures are checked on values, not on the shape
        pattern: list[str] = []
        plans: list[Any] = []
        groups: list[int] = []
        embedded: set[int] = set()
        group = 1
        pos = 0
        for e in msg.elements:
            plan = self._gs1_plans.get(e.ai)
            if plan is None or e.position != pos or not text.startswith(e.ai, pos):
                return
            start = pos + len(e.ai)
            pos = start + len(e.value)
            if text[start:pos] != e.value or GS in e.value:
                return
            own = plan.regex
            if plan.fnc1 and not plan.checks and "\x1d" not in own.pattern:
                # a value running to the next GS or the end, checked by its pattern alone
                # (which cannot match a GS): the pattern is part of the shape
                pattern.append(re.escape(e.ai) + "(" + own.pattern + ")")
                embedded.add(len(plans))
                groups.append(group)
                group += 1 + own.groups
            else:
                size = f"{{{plan.max_length}}}" if not plan.fnc1 else f"{{1,{plan.max_length}}}"
                pattern.append(re.escape(e.ai) + "([^\\x1d]" + size + ")")
                groups.append(group)
                group += 1
            plans.append(plan)
            if text[pos : pos + 1] == GS:
                pattern.append("\\x1d")
                pos += 1
            elif plan.fnc1 and pos < len(text):
                return
        if pos != len(text):
            return
        regex = "".join(pattern)
        if self._seen_twice(self._elements, regex):
            shape = _GS1Shape(regex, ais, tuple(plans), False, tuple(groups), frozenset(embedded))
            self._add(self._elements, shape)

    def _learn_uri(self, text: str, msg: Any) -> None:
        if msg.symbology is not None or any(c in text for c in "%#;\\"):
            return
        ais = tuple(e.ai for e in msg.elements)
        if len(set(ais)) != len(ais) or "8030" in ais:
            return
        query = text.find("?")
        spans: list[tuple[int, int, Any]] = []
        for e in msg.elements:
            plan = self._gs1_plans.get(e.ai)
            if plan is None or e.position is None:
                return
            sep = "=" if 0 <= query < e.position else "/"
            start = e.position + len(e.ai) + 1
            end = start + len(e.value)
            if (
                text[e.position : start] != e.ai + sep
                or text[start:end] != e.value
                or _VALUE_RE.fullmatch(e.value) is None
                or text[end : end + 1] not in ("", "/", "&", "?")
            ):
                return
            spans.append((start, end, plan))
        pattern: list[str] = []
        pos = 0
        for start, end, _ in sorted(spans, key=lambda s: s[0]):
            pattern.append(re.escape(text[pos:start]) + "(" + _VALUE + "+)")
            pos = end
        pattern.append(re.escape(text[pos:]))
        regex = "".join(pattern)
        if not self._seen_twice(self._uris, regex):
            return
        # the groups come in text order: keep AIs and plans in that order too
        order = sorted(range(len(spans)), key=lambda i: spans[i][0])
        shape = _GS1Shape(
            regex,
            tuple(ais[i] for i in order),
            tuple(spans[i][2] for i in order),
            url=True,
        )
        if shape.match(text) is None:  # pragma: no cover - the pattern is built from text
            return
        self._add(self._uris, shape)

    def _learn_scheme(self, report: Any) -> None:
        code = report.code
        scheme = getattr(code, "_spec", None)
        sid = report.scheme
        if scheme is None or getattr(code, "url", None) is not None:
            return
        plan = self._plan_for(scheme)
        known = self._schemes.get(sid)
        if known is not None and known[0] is plan:
            return
        if not plan.fast or plan.lines or plan.split is None or plan.id != sid:
            return
        names = [seg.name for seg in plan.segs]
        # the segments scheme_key counts as serial: those that give a key on their own
        serial = tuple(
            k
            for k in range(len(names))
            if scheme_key(sid, "x", names, ["x" if i == k else "" for i in range(len(names))])
        )
        if len(self._schemes) < _MAX_SHAPES or sid in self._schemes:
            self._schemes[sid] = (plan, scheme, serial or None)

    def _seen_twice(self, shapes: list[_GS1Shape], regex: str) -> bool:
        """True when a shape not yet learned has now been seen twice: worth compiling.

        Input where every line has a shape of its own compiles nothing.
        """
        if any(s.pattern == regex for s in shapes):
            return False
        seen = self._sightings
        if regex in seen:
            del seen[regex]
            return True
        if len(seen) >= 4096:
            seen.clear()
        seen[regex] = 1
        return False

    @staticmethod
    def _add(shapes: list[_GS1Shape], shape: _GS1Shape) -> None:
        shapes.insert(0, shape)  # the newest first: runs of one shape are common
        del shapes[_MAX_SHAPES:]
