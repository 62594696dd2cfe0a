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

from typing import Any

from tracecode.bulk._keys import gs1_key, scheme_key
from tracecode.errors import TraceCodeError
from tracecode.gs1._shapes import ShapeBook, learn_elements

__all__ = ["Lanes", "Verdict"]

#: (scheme id, warnings, serial key or None) of a valid line
Verdict = tuple[str, tuple[TraceCodeError, ...], "str | None"]

GS = "\x1d"
#: fixed-layout schemes learned, at most
_MAX_SHAPES = 32
_MAX_INPUT = 10_000  # tracecode.gs1.parse.MAX_INPUT and scheme._engine.MAX_INPUT


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
        from tracecode.gs1.parse import _PLANS, _check, _lint
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
        self._elements = ShapeBook(_check, _lint)
        self._uris = ShapeBook(_check, _lint)
        #: valid scheme codes that went the full way since a scheme shape last matched
        self._misses = 0
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
            return self._gs1(text, self._uris) if self._uris.shapes else None
        if GS in text:
            return self._gs1(text, self._elements) if self._elements.shapes else None
        if not self._schemes:
            return None
        found = self._scheme(text)
        if found is not None and self._misses:
            self._misses = 0
        return found

    def _gs1(self, text: str, book: ShapeBook) -> Verdict | None:
        hit = book.values(text)
        if hit is None:
            return None
        shape, _, values, _ = hit
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
        if report.scheme == "gs1":
            if report.warnings:
                return
            first = text[:1]
            if first in ("h", "H"):
                if self._uris.wants():
                    self._learn_uri(text, report.code)
            elif GS in text and first.isdigit() and first.isascii() and self._elements.wants():
                self._learn_elements(text, report.code)
        else:
            self._misses += 1
            if self._misses <= 256 or not self._misses % 64:
                self._learn_scheme(report)

    def _learn_elements(self, text: str, msg: Any) -> None:
        if msg.symbology is not None or msg.other_query:
            return
        learn_elements(self._elements, text, msg.elements, self._gs1_plans)

    def _learn_uri(self, text: str, msg: Any) -> None:
        if msg.symbology is None:
            learn_elements(self._uris, text, msg.elements, self._gs1_plans, form="uri")

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
