"""Parsing and validation of GS1 data in every representation.

:func:`parse` accepts bracketed HRI, unbracketed element strings (FNC1 as GS or
a substitute such as ``^``), scan data with a symbology identifier, GS1 Digital
Link URIs (uncompressed or compressed) and bare GTINs, and checks everything
the GS1 syntax dictionary says: lengths, character sets, value checks, and the
whole-message rules (mandatory associations, invalid pairings, repeated AIs
with different values, digital signature with a serialised key).

>>> parse("(01)09506000134352(10)ABC123").get("10")
'ABC123'
>>> parse("(01)09506000134353(10)ABC123")
Traceback (most recent call last):
...
tracecode.errors.CheckCharacterError: AI (01): incorrect check digit at position 17: ...
>>> m = parse("(01)09506000134353(10)ABC123", lenient=True)
>>> m.get("10"), [e.code for e in m.errors]
('ABC123', ['INCORRECT_CHECK_DIGIT'])
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence

import attrs

from tracecode._chars import CSET39, CSET82, is_digits
from tracecode.checksum._gs1 import mod10_digits_ok
from tracecode.errors import TraceCodeError, make_error, raw
from tracecode.gs1._shapes import Hit, ShapeBook, learn_elements
from tracecode.gs1.dictionary import AIDictionary, AIEntry, Component, get_dictionary
from tracecode.gs1.message import (
    GS,
    Element,
    GS1Message,
    _new,
    _set_ai,
    _set_position,
    _set_value,
    fast_element,
    fast_message,
)

_element = fast_element

__all__ = [
    "GS1_SYMBOLOGIES",
    "ParseOptions",
    "check_message",
    "check_value",
    "learn_shapes",
    "parse",
    "parse_element_string",
    "parse_hri",
]

#: symbology identifiers whose data is a GS1 element string (FNC1 in first position)
GS1_SYMBOLOGIES = frozenset(("]C1", "]e0", "]d2", "]Q3", "]J1", "]d8", "]z1"))
#: symbology identifiers of plain (non-GS1) data carriers, e.g. for Digital Link URIs
PLAIN_SYMBOLOGIES = frozenset(
    ("]d1", "]Q1", "]J0", "]C0", "]I0", "]I1", "]z0", "]Q0", "]Q5", "]d0", "]X0")
)
_EAN_SYMBOLOGIES = frozenset(("]E0", "]E4", "]E3"))

MAX_INPUT = 10_000


@attrs.frozen(slots=True)
class ParseOptions:
    """Options for :func:`parse` (all keyword arguments of :func:`parse`)."""

    #: return partial results with per-field errors instead of raising
    lenient: bool = False
    #: extra characters that stand for FNC1 in unbracketed data (GS is always one)
    separators: tuple[str, ...] = ()
    #: check mandatory associations (req); switch off to validate one symbol of
    #: several printed on the same item
    associations: bool = True
    #: accept GTIN-8/12/13 in a Digital Link path and pad it to 14 digits
    #: (off by default, as in GS1's syntax engine)
    zero_suppressed_gtin: bool = False


_DEFAULT = ParseOptions()

# ---------------------------------------------------------------------------
# Per-AI compiled value checks
# ---------------------------------------------------------------------------

_CLASS = {
    "N": "0-9",
    "X": re.escape(CSET82).replace("\\-", "-").replace("-", "\\-"),
    "Y": re.escape(CSET39).replace("\\-", "-").replace("-", "\\-"),
    "Z": "A-Za-z0-9_\\-=",
}
_TYPE_LINTER = {"N": "csetnumeric", "X": "cset82", "Y": "cset39", "Z": "cset64"}

Linter = Callable[[str], "tuple[str, int, int] | None"]


class _Plan:
    """Everything the hot path needs about one AI, computed once."""

    __slots__ = (
        "ai",
        "checks",
        "entry",
        "fnc1",
        "fullmatch",
        "known_good",
        "max_length",
        "regex",
        "single",
    )

    def __init__(self, entry: AIEntry) -> None:
        from tracecode.gs1.linters import LINTERS

        pattern = []
        checks: list[tuple[int, tuple[Linter, ...]]] = []
        for i, comp in enumerate(entry.components, start=1):
            cls = _CLASS[comp.type]
            rep = f"{{{comp.max}}}" if comp.fixed else f"{{1,{comp.max}}}"
            group = f"([{cls}]{rep})"
            pattern.append(group + "?" if comp.optional else group)
            linters = tuple(
                _specialised(name, comp) or LINTERS[name]
                for name in comp.linters
                if not _implied(name, comp)
            )
            if comp.type == "Z":
                linters = (LINTERS["cset64"], *linters)
            if linters:
                checks.append((i, linters))
        self.ai = entry.ai
        self.entry = entry
        self.fnc1 = entry.fnc1
        self.max_length = entry.max_length
        #: the value's components, one group each
        self.regex = re.compile("".join(pattern))
        self.fullmatch = self.regex.fullmatch
        self.checks = tuple(checks)
        # one mandatory component: its value is the whole data, no group lookup needed
        self.single: tuple[Linter, ...] | None = (
            checks[0][1] if len(entry.components) == 1 and checks else None
        )
        # Short checked values (dates, times, country codes, ...) repeat across a
        # batch: remember the ones that passed (validity depends only on the value;
        # the one exception, 29 February under the moving century window, is never
        # remembered), bounded in size.
        self.known_good: set[str] | None = (
            set() if checks and entry.max_length <= _KNOWN_GOOD_MAX_LENGTH else None
        )


_PLANS: dict[str, _Plan] = {}


def _implied(linter: str, comp: Component) -> bool:
    """True when the component's type and length already guarantee the check.

    ``gcppos1``/``gcppos2`` only require the first 4 characters (from position
    1 or 2) to be digits: a numeric component long enough always passes.
    """
    if comp.type != "N":
        return False
    if linter == "gcppos1":
        return comp.min >= 4
    if linter == "gcppos2":
        return comp.min >= 5
    return False


def _csum_digits(data: str) -> tuple[str, int, int] | None:
    # Same outcome as the csum linter for data the regex has proven to be two
    # or more ASCII digits, without the linter's own character checks.
    return None if mod10_digits_ok(data) else ("INCORRECT_CHECK_DIGIT", len(data) - 1, 1)


def _specialised(linter: str, comp: Component) -> Linter | None:
    """A faster equivalent of ``linter`` for values already matched to ``comp``."""
    if linter == "csum" and comp.type == "N" and comp.min >= 2:
        return _csum_digits
    return None


#: plans of entries from other dictionaries than the bundled one, by entry id (bounded)
_FOREIGN_PLANS: dict[int, _Plan] = {}


def _plan(entry: AIEntry) -> _Plan:
    """The plan of ``entry``; only entries of the bundled dictionary go into ``_PLANS``.

    ``_PLANS`` is what the parsers look AIs up in: an entry of another dictionary
    (e.g. given to :func:`check_value`) gets its own plan and leaves it alone.
    """
    plan = _PLANS.get(entry.ai)
    if plan is not None and plan.entry is entry:
        return plan
    if get_dictionary().get(entry.ai) is entry:
        plan = _PLANS[entry.ai] = _Plan(entry)
        return plan
    plan = _FOREIGN_PLANS.get(id(entry))
    if plan is None or plan.entry is not entry:
        if len(_FOREIGN_PLANS) >= 1024:
            _FOREIGN_PLANS.clear()
        plan = _FOREIGN_PLANS[id(entry)] = _Plan(entry)
    return plan


def _plan_at(text: str, pos: int, d: AIDictionary) -> _Plan | None:
    """The plan of the AI that starts ``text`` at ``pos`` (2, 3 or 4 digits)."""
    plans = _PLANS
    plan = (
        plans.get(text[pos : pos + 2])
        or plans.get(text[pos : pos + 3])
        or plans.get(text[pos : pos + 4])
    )
    if plan is None:
        entry = d.find_prefix(text, pos)
        if entry is None:
            return None
        plan = _plan(entry)
    return plan


_KNOWN_GOOD_MAX_LENGTH = 14
_KNOWN_GOOD_LIMIT = 4096


def _check(plan: _Plan, value: str, base: int) -> TraceCodeError | None:
    known = plan.known_good
    if known is not None and value in known:
        return None
    m = plan.fullmatch(value)
    if m is None:
        return _diagnose(plan.entry, value, base)
    if plan.single is not None:
        res = _lint(plan, value)
        return None if res is None else _lint_error(plan.ai, res, value, base)
    for group, linters in plan.checks:
        comp = m.group(group)
        if comp is None:
            continue
        for lint in linters:
            res = lint(comp)
            if res is not None:
                return _lint_error(plan.ai, res, comp, base + m.start(group))
    if known is not None and len(known) < _KNOWN_GOOD_LIMIT and "0229" not in value:
        known.add(value)
    return None


def _lint(plan: _Plan, value: str) -> tuple[str, int, int] | None:
    """The value checks of a one-component AI on a value its pattern matched.

    The first failure as ``(code, offset, length)``, or None (and the value is
    remembered as good).
    """
    for lint in plan.single or ():
        res = lint(value)
        if res is not None:
            return res
    known = plan.known_good
    if known is not None and len(known) < _KNOWN_GOOD_LIMIT and "0229" not in value:
        known.add(value)
    return None


#: element-string shapes learned by the parser (:mod:`tracecode.gs1._shapes`): a text of
#: a learned shape is split by one regex and each value checked with :func:`_check`
_SHAPES = ShapeBook(_check, _lint)
#: the same for bracketed data, ``(01)...(10)...``, and for Digital Link URIs
_HRI_SHAPES = ShapeBook(_check, _lint)
_URI_SHAPES = ShapeBook(_check, _lint)
#: whether the parser learns shapes (``TRACECODE_SHAPES=0`` in the environment: no)
_LEARN_SHAPES = os.environ.get("TRACECODE_SHAPES", "1") != "0"


def learn_shapes(on: bool = True) -> None:
    """Switch the parser's learned shapes on or off; either way, forget those learned.

    With shapes on (the default; ``TRACECODE_SHAPES=0`` in the environment starts
    with them off), a GS1 element string or bracketed text of a structure the parser
    has parsed twice (or a Digital Link URI that differs from one only in its AI
    values) is split by one regex instead of a walk through the text; every value
    still gets its full check, and the result is the same.

    >>> learn_shapes(False)
    >>> parse("0109506000134352" "10ABC").hri()
    '(01)09506000134352(10)ABC'
    >>> learn_shapes(True)
    """
    global _LEARN_SHAPES
    _LEARN_SHAPES = on
    for book in (_SHAPES, _HRI_SHAPES, _URI_SHAPES):
        book.clear()


def _lint_error(ai: str, res: tuple[str, int, int], comp: str, offset: int) -> TraceCodeError:
    """The error for a failed value check on component ``comp`` at ``offset``."""
    code, pos, length = res
    return make_error(
        code,
        position=offset + pos,
        length=length,
        ai=ai,
        **_expected_found(code, comp, pos, length),
    )


def check_value(entry: AIEntry, value: str, base: int = 0) -> TraceCodeError | None:
    """Check one AI value against its components; return the first error or None.

    ``base`` is the offset of the value in the input, used for error positions.

    >>> from tracecode.gs1.dictionary import get_dictionary
    >>> check_value(get_dictionary()["17"], "261332").code
    'ILLEGAL_MONTH'
    """
    return _check(_plan(entry), value, base)


def _expected_found(code: str, comp: str, pos: int, length: int) -> dict[str, str]:
    if code in ("INCORRECT_CHECK_DIGIT", "INCORRECT_CHECK_PAIR"):
        from tracecode.checksum import gs1_checkpair, gs1_mod10

        body = comp[:pos]
        try:
            exp = gs1_mod10(body) if code == "INCORRECT_CHECK_DIGIT" else gs1_checkpair(body)
        except (ValueError, IndexError):
            return {"found": comp[pos : pos + length]}
        return {"expected": exp, "found": comp[pos : pos + length]}
    return {"found": comp[pos : pos + length]} if length else {}


def _diagnose(entry: AIEntry, value: str, base: int) -> TraceCodeError:
    from tracecode.gs1.linters import LINTERS

    if not value:
        return make_error("AI_DATA_EMPTY", position=base, ai=entry.ai)
    pos = 0
    for comp in entry.components:
        rest = value[pos:]
        if not rest:
            if comp.optional:
                break
            return make_error(
                "AI_DATA_TOO_SHORT",
                position=base + pos,
                ai=entry.ai,
                expected=raw(_length_text(entry)),
                found=raw(f"{len(value)} characters"),
            )
        take = min(len(rest), comp.max)
        if comp.fixed and take < comp.min:
            return make_error(
                "AI_DATA_TOO_SHORT",
                position=base + len(value),
                ai=entry.ai,
                expected=raw(_length_text(entry)),
                found=raw(f"{len(value)} characters"),
            )
        part = rest[:take]
        res = LINTERS[_TYPE_LINTER[comp.type]](part)
        if res is not None:
            code, p, length = res
            return make_error(
                code, position=base + pos + p, length=length, ai=entry.ai, found=part[p : p + 1]
            )
        pos += take
    if pos < len(value):
        return make_error(
            "AI_DATA_TOO_LONG",
            position=base + pos,
            ai=entry.ai,
            expected=raw(_length_text(entry)),
            found=raw(f"{len(value)} characters"),
        )
    # The regex and the walk disagree only for inputs the walk accepts; report
    # generically rather than accept silently.
    return make_error("INVALID_VALUE", position=base, ai=entry.ai)  # pragma: no cover


def _length_text(entry: AIEntry) -> str:
    lo, hi = entry.min_length, entry.max_length
    if entry.fixed_length is not None:
        return f"{hi} characters"
    return f"{lo} to {hi} characters"


# ---------------------------------------------------------------------------
# Whole-message rules
# ---------------------------------------------------------------------------

_ASSOC_CACHE: dict[tuple[tuple[str, ...], bool], tuple[tuple[str, int, str], ...]] = {}
_SERIAL_KEYS = ("253", "255", "8003")


def _assoc_problems(ais: tuple[str, ...], associations: bool) -> tuple[tuple[str, int, str], ...]:
    """(code, element index, detail) for pairing/requisite problems of an AI sequence."""
    key = (ais, associations)
    hit = _ASSOC_CACHE.get(key)
    if hit is not None:
        return hit
    d = get_dictionary()
    present = set(ais)
    out: list[tuple[str, int, str]] = []
    seen: set[str] = set()
    for i, ai in enumerate(ais):
        if ai in seen:
            continue
        seen.add(ai)
        entry = d.get(ai)
        if entry is None:
            continue
        for pattern in entry.ex:
            clash = (d.expand(pattern) & present) - {ai}
            if clash:
                other = min(clash)
                out.append(("INVALID_AI_PAIRING", i, f"({ai}) with ({other})"))
                break
        if not associations:
            continue
        for group in entry.req:
            if not any(
                all((d.expand(p) & present) - {ai} for p in alternative) for alternative in group
            ):
                wanted = " or ".join("+".join(f"({p})" for p in alt) for alt in group)
                out.append(("REQUIRED_AI_MISSING", i, f"({ai}) requires {wanted}"))
    result = tuple(out)
    if len(_ASSOC_CACHE) < 4096:
        _ASSOC_CACHE[key] = result
    return result


def check_message(
    elements: Sequence[Element], *, associations: bool = True
) -> list[TraceCodeError]:
    """Whole-message checks: pairings, mandatory associations, repeats, 8030.

    >>> from tracecode.gs1.message import Element
    >>> [e.code for e in check_message([Element("10", "ABC")])]
    ['REQUIRED_AI_MISSING']
    >>> check_message([Element("10", "ABC")], associations=False)
    []
    """
    ais = tuple([e.ai for e in elements])
    problems = _assoc_problems(ais, associations)
    if not problems and len(set(ais)) == len(ais) and "8030" not in ais:
        return []
    errors: list[TraceCodeError] = []
    for code, i, detail in problems:
        e = elements[i]
        errors.append(make_error(code, position=e.position, ai=e.ai, detail=detail))
    if len(set(ais)) != len(ais):
        values: dict[str, str] = {}
        for e in elements:
            prev = values.setdefault(e.ai, e.value)
            if prev != e.value:
                errors.append(
                    make_error(
                        "REPEATED_AI_CONFLICT",
                        position=e.position,
                        ai=e.ai,
                        expected=prev,
                        found=e.value,
                    )
                )
                break
    if "8030" in ais:
        d = get_dictionary()
        for e in elements:
            if e.ai in _SERIAL_KEYS:
                entry = d.get(e.ai)
                if entry is not None and len(e.value) <= entry.min_length:
                    errors.append(
                        make_error("DIGSIG_REQUIRES_SERIALISED_KEY", position=e.position, ai=e.ai)
                    )
    return errors


# ---------------------------------------------------------------------------
# Representations
# ---------------------------------------------------------------------------


#: AI sequences (with the associations switch) known to need no whole-message check:
#: no pairing or association problem, no repeated AI, no (8030)
_CLEAN: set[tuple[tuple[str, ...], bool]] = set()


def _finish(
    elements: list[Element],
    errors: list[TraceCodeError],
    opts: ParseOptions,
    symbology: str | None = None,
    other_query: tuple[tuple[str, str], ...] = (),
) -> GS1Message:
    if elements and (opts.lenient or not errors):
        # Fast exit for the common case: a known AI sequence without problems.
        key = (tuple([e.ai for e in elements]), opts.associations)
        if key not in _CLEAN:
            ais = key[0]
            hit = _ASSOC_CACHE.get(key)
            if hit is None or hit or len(set(ais)) != len(ais) or "8030" in ais:
                errors.extend(check_message(elements, associations=opts.associations))
            elif len(_CLEAN) < 4096:
                _CLEAN.add(key)
    if errors and not opts.lenient:
        raise errors[0]
    return fast_message(tuple(elements), symbology, tuple(errors), other_query)


def _elements_from_text(
    text: str,
    seps: str,
    base: int,
    d: AIDictionary,
    opts: ParseOptions,
    errors: list[TraceCodeError],
) -> list[Element]:
    """Split an unbracketed element string (no leading FNC1) into elements."""
    elements: list[Element] = []
    pos = 0
    n = len(text)
    lenient = opts.lenient
    find_sep = _sep_finder(seps)
    one_sep = seps if len(seps) == 1 else ""
    plans = _PLANS
    while pos < n:
        # AIs are prefix-free: try 2, 3 then 4 digits among the compiled plans,
        # then the dictionary (which compiles a plan on first use).
        plan = (
            plans.get(text[pos : pos + 2])
            or plans.get(text[pos : pos + 3])
            or plans.get(text[pos : pos + 4])
            or _plan_at(text, pos, d)
        )
        if plan is None:
            if text[pos] in seps:
                errors.append(make_error("UNEXPECTED_SEPARATOR", position=base + pos))
                pos += 1
                if lenient:
                    continue
                return elements
            errors.append(make_error("UNKNOWN_AI", position=base + pos, found=text[pos : pos + 4]))
            return elements
        ai = plan.ai
        start = pos + len(ai)
        if not plan.fnc1:
            end = start + plan.max_length
            value = text[start:end]
            nxt = end
        else:
            j = text.find(one_sep, start) if one_sep else find_sep(text, start)
            end = n if j < 0 else j
            value = text[start:end]
            nxt = end if j < 0 else end + 1
            if len(value) > plan.max_length:
                sep_err, value, nxt = _missing_separator(text, pos, plan.entry, seps, base, d)
                errors.append(sep_err)
                if not lenient:
                    return elements
                if sep_err.code != "MISSING_SEPARATOR":
                    elements.append(Element(ai, value, base + pos))
                    pos = nxt
                    continue
        if not plan.fnc1 and end < n and text[end] in seps:
            nxt = end + 1  # a superfluous FNC1 after a pre-defined-length AI is tolerated
        known = plan.known_good  # _check's first looks, without the call:
        if (known is None or value not in known) and (
            plan.checks or plan.fullmatch(value) is None  # no value checks: the pattern
        ):
            err = _check(plan, value, base + start)
            if err is not None:
                errors.append(err)
                if not lenient and err.code in ("AI_DATA_TOO_SHORT", "AI_DATA_EMPTY"):
                    return elements
        e = _new(Element)  # fast_element(ai, value, base + pos), without the call
        _set_ai(e, ai)
        _set_value(e, value)
        _set_position(e, base + pos)
        elements.append(e)
        pos = nxt
    return elements


_SEP_FINDERS: dict[str, Callable[[str, int], int]] = {}


def _sep_finder(seps: str) -> Callable[[str, int], int]:
    finder = _SEP_FINDERS.get(seps)
    if finder is None:
        finder = _SEP_FINDERS[seps] = _make_sep_finder(seps)
    return finder


def _make_sep_finder(seps: str) -> Callable[[str, int], int]:
    if len(seps) == 1:
        sep = seps

        def find(text: str, start: int) -> int:
            return text.find(sep, start)

        return find
    pattern = re.compile("[" + re.escape(seps) + "]")

    def find_any(text: str, start: int) -> int:
        m = pattern.search(text, start)
        return -1 if m is None else m.start()

    return find_any


def _missing_separator(
    text: str, pos: int, entry: AIEntry, seps: str, base: int, d: AIDictionary
) -> tuple[TraceCodeError, str, int]:
    """Diagnose variable-length data that runs past its maximum length.

    Looks for the place where a separator was probably left out: the latest
    point within the permitted length at which a known AI starts and the rest
    of the data parses cleanly.  Returns the error, the value cut there, and
    where parsing should resume (for lenient mode).
    """
    start = pos + len(entry.ai)
    limit = start + entry.max_length
    for cut in range(limit, start, -1):
        nxt = d.find_prefix(text, cut)
        if nxt is None:
            continue
        trial: list[TraceCodeError] = []
        _elements_from_text(text[cut:], seps, base + cut, d, ParseOptions(lenient=True), trial)
        if not trial:
            err = make_error(
                "MISSING_SEPARATOR",
                position=base + cut,
                ai=entry.ai,
                detail=f"({nxt.ai}) probably starts here",
            )
            return err, text[start:cut], cut
    err = make_error(
        "AI_DATA_TOO_LONG",
        position=base + limit,
        ai=entry.ai,
        expected=raw(_length_text(entry)),
        found=raw(f"{_run_length(text, start, seps)} characters"),
    )
    end = _run_end(text, start, seps)
    return err, text[start:end], end + 1


def _run_end(text: str, start: int, seps: str) -> int:
    j = _sep_finder(seps)(text, start)
    return len(text) if j < 0 else j


def _run_length(text: str, start: int, seps: str) -> int:
    return _run_end(text, start, seps) - start


def parse_element_string(
    text: str, *, separators: Iterable[str] = (), lenient: bool = False, associations: bool = True
) -> GS1Message:
    """Parse an unbracketed element string.

    FNC1 separators may be GS (0x1D), ``^`` when the text starts with ``^``,
    or any character given in ``separators`` (e.g. ``"|"``).  A leading FNC1
    (as GS or the substitute) is accepted.

    >>> parse_element_string("^0109506000134352^10ABC^21XYZ").hri()
    '(01)09506000134352(10)ABC(21)XYZ'
    >>> parse_element_string("0109506000134352|10ABC|21XYZ", separators="|").get("21")
    'XYZ'
    """
    opts = ParseOptions(lenient=lenient, separators=tuple(separators), associations=associations)
    return _parse_unbracketed(text, opts, None)


def _parse_unbracketed(text: str, opts: ParseOptions, symbology: str | None) -> GS1Message:
    seps = GS + "".join(opts.separators) if opts.separators else GS
    base = 0
    if text.startswith("^") and "^" not in seps:
        seps += "^"
    if text[:1] in seps and text:
        base = 1
    errors: list[TraceCodeError] = []
    body = text[base:]
    if not body:
        errors.append(make_error("EMPTY_INPUT" if not text else "AI_DATA_EMPTY", position=base))
        if not opts.lenient:
            raise errors[0]
        return GS1Message((), symbology, tuple(errors))
    if seps == GS and _SHAPES.shapes:
        hit = _SHAPES.values(body)
        if hit is not None:  # a learned shape, every value passed its check
            return _shaped(hit, base, symbology)
    if not body[0].isascii() or not body[0].isdigit():
        err = make_error("NOT_GS1", position=base, found=body[:1])
        if not opts.lenient:
            raise err
        return GS1Message((), symbology, (err,))
    elements = _elements_from_text(body, seps, base, get_dictionary(), opts, errors)
    msg = _finish(elements, errors, opts, symbology)
    if seps == GS and _learns(msg, opts, _SHAPES):
        learn_elements(_SHAPES, body, elements, _PLANS, base)
    return msg


def _learns(msg: GS1Message, opts: ParseOptions, book: ShapeBook) -> bool:
    """Whether ``book`` is to look at the shape of ``msg``, just parsed in full."""
    return (
        not msg.errors
        and _LEARN_SHAPES
        # without problems also with the association checks (a shape skips them)
        and (opts.associations or not _assoc_problems(msg.ais, True))
        and book.wants()
    )


def _shaped(hit: Hit, base: int, symbology: str | None) -> GS1Message:
    """The message of a text a learned shape matched (every value passed its check)."""
    shape, m, values, layout = hit
    start = m.start  # not m.regs: the book's regex has many groups
    found: list[Element] = []
    for (ai, group, head), value in zip(layout, values, strict=True):
        e = _new(Element)  # fast_element(...), without the call
        _set_ai(e, ai)
        _set_value(e, value)
        _set_position(e, base + start(group) - head)
        found.append(e)
    return fast_message(tuple(found), symbology, (), shape.extra)


def parse_hri(text: str, *, lenient: bool = False, associations: bool = True) -> GS1Message:
    r"""Parse bracketed GS1 data, ``(01)09506000134352(10)ABC``.

    A literal ``(`` inside data is written ``\(``.

    >>> parse_hri(r"(01)09506000134352(10)A\(B").get("10")
    'A(B'
    """
    opts = ParseOptions(lenient=lenient, associations=associations)
    return _parse_bracketed(text, opts)


def _parse_bracketed(text: str, opts: ParseOptions) -> GS1Message:
    if _HRI_SHAPES.shapes:
        hit = _HRI_SHAPES.values(text)
        if hit is not None:  # a learned shape, every value passed its check
            return _shaped(hit, 0, None)
    d = get_dictionary()
    errors: list[TraceCodeError] = []
    elements: list[Element] = []
    pos = 0
    n = len(text)
    while pos < n:
        if text[pos] != "(":
            errors.append(make_error("BRACKET_SYNTAX", position=pos, expected="(", found=text[pos]))
            break
        close = text.find(")", pos + 1)
        if close < 0:
            errors.append(make_error("BRACKET_SYNTAX", position=pos, detail="no closing ')'"))
            break
        ai = text[pos + 1 : close]
        plan = _PLANS.get(ai)
        entry = plan.entry if plan is not None else d.get(ai)
        if entry is None:
            errors.append(make_error("UNKNOWN_AI", position=pos + 1, found=ai))
            break
        # value runs to the next unescaped "("
        start = close + 1
        k = text.find("(", start)
        if k < 0:
            k = n
        if text[k - 1] != "\\" or k == start:
            value = text[start:k]  # the common case: no escaped bracket
        else:
            value, k = _escaped_value(text, start)
        err = _check(plan or _plan(entry), value, start)
        if err is not None:
            errors.append(err)
            if not opts.lenient:
                break
        elements.append(fast_element(ai, value, pos))
        pos = k
    msg = _finish(elements, errors, opts)
    if _learns(msg, opts, _HRI_SHAPES):
        learn_elements(_HRI_SHAPES, text, elements, _PLANS, form="brackets")
    return msg


def _escaped_value(text: str, start: int) -> tuple[str, int]:
    """The value starting at ``start`` up to the next unescaped ``(``, unescaped."""
    n = len(text)
    chunks: list[str] = []
    k = start
    while True:
        j = text.find("(", k)
        if j < 0:
            chunks.append(text[k:])
            k = n
            break
        if j > 0 and text[j - 1] == "\\":
            chunks.append(text[k : j - 1] + "(")
            k = j + 1
            continue
        chunks.append(text[k:j])
        k = j
        break
    return "".join(chunks), k


def _bare_gtin(text: str) -> GS1Message | None:
    if len(text) in (8, 12, 13, 14) and is_digits(text):
        from tracecode.checksum import gs1_mod10

        if gs1_mod10(text[:-1]) == text[-1]:
            return GS1Message((Element("01", text.zfill(14), 0),))
    return None


def parse(
    text: str,
    *,
    lenient: bool = False,
    separators: Iterable[str] = (),
    associations: bool = True,
    zero_suppressed_gtin: bool = False,
) -> GS1Message:
    """Parse GS1 data in any representation and validate it completely.

    Accepted: bracketed HRI; unbracketed element strings (FNC1 as GS, ``^`` when
    the text starts with it, or a character from ``separators``); scan data with
    a symbology identifier (``]C1 ]e0 ]d2 ]Q3 ]J1`` for element strings,
    ``]E0 ]E4`` for EAN/UPC, ``]d1 ]Q1 ]J0`` for Digital Link URIs); GS1 Digital
    Link URIs; and a bare GTIN-8/12/13/14 with a valid check digit.

    Raises a :class:`~tracecode.errors.TraceCodeError` for the first problem
    unless ``lenient``, in which case the message carries ``errors``.
    ``associations=False`` skips the mandatory-association check.

    >>> parse("]C1011234567890123110ABC").hri()
    '(01)12345678901231(10)ABC'
    >>> parse("6901234567892").hri()
    '(01)06901234567892'
    """
    if not lenient and not separators and associations and not zero_suppressed_gtin:
        return parse_with(text, _DEFAULT)
    opts = ParseOptions(
        lenient=lenient,
        separators=tuple(separators),
        associations=associations,
        zero_suppressed_gtin=zero_suppressed_gtin,
    )
    return parse_with(text, opts)


def parse_with(text: str, opts: ParseOptions) -> GS1Message:
    """:func:`parse` with a :class:`ParseOptions` object."""
    if not isinstance(text, str):
        raise TypeError(f"expected str, not {type(text).__name__}")
    if not text:
        raise make_error("EMPTY_INPUT", position=None)
    if len(text) > MAX_INPUT:
        raise make_error("INPUT_TOO_LONG", position=MAX_INPUT, detail=f"limit {MAX_INPUT}")
    first = text[0]
    if first == "]" and len(text) >= 3:
        sym = text[:3]
        body = text[3:]
        if sym in GS1_SYMBOLOGIES:
            try:
                msg = _parse_unbracketed(body, opts, sym)
            except TraceCodeError as err:
                raise _shift_error(err, 3) from None
            return _shift(msg, 3, sym)
        if sym in _EAN_SYMBOLOGIES:
            gtin = _bare_gtin(body)
            if gtin is None:
                raise make_error(
                    "INCORRECT_CHECK_DIGIT" if is_digits(body) else "NOT_GS1",
                    position=3 + max(len(body) - 1, 0) if is_digits(body) else 3,
                )
            return GS1Message(gtin.elements, sym)
        if sym in PLAIN_SYMBOLOGIES:
            looks_like_uri, parse_digital_link = _dl()
            if looks_like_uri(body):
                try:
                    msg = parse_digital_link(body, opts)
                except TraceCodeError as err:
                    raise _shift_error(err, 3) from None
                return _shift(msg, 3, sym)
            raise make_error("NOT_GS1", position=3, detail=f"{sym} carries plain data")
        raise make_error("UNKNOWN_SYMBOLOGY_IDENTIFIER", position=0, found=sym)
    if first == "(":
        return _parse_bracketed(text, opts)
    if first in "hH":
        looks_like_uri, parse_digital_link = _dl()
        if looks_like_uri(text):
            return parse_digital_link(text, opts)
    if len(text) in _GTIN_LENGTHS:
        gtin = _bare_gtin(text)
        if gtin is not None:
            return gtin
    if opts.separators:
        _no_control(text)
        return _parse_unbracketed(text, opts, None)
    # A message that parses without a problem has no control character (no AI
    # value admits one, GS is the separator): look for one only when there is a
    # problem, and report it first, as if looked for first.
    try:
        msg = _parse_unbracketed(text, opts, None)
    except TraceCodeError:
        _no_control(text)
        raise
    if msg.errors:
        _no_control(text)
    return msg


def _no_control(text: str) -> None:
    """Raise CONTROL_CHARACTER at the first control character of ``text`` other than GS."""
    bad = _CONTROL(text)
    if bad is not None:
        i = bad.start()
        raise make_error("CONTROL_CHARACTER", position=i, found=raw(f"U+{ord(text[i]):04X}"))


_DL_FUNCS: list[object] = []


def _dl() -> tuple[Callable[[str], bool], Callable[[str, ParseOptions], GS1Message]]:
    """The Digital Link parser (imported on first use: it imports this module)."""
    if not _DL_FUNCS:
        from tracecode.gs1.digitallink import looks_like_uri, parse_digital_link

        _DL_FUNCS.extend((looks_like_uri, parse_digital_link))
    return _DL_FUNCS[0], _DL_FUNCS[1]  # type: ignore[return-value]


_GTIN_LENGTHS = frozenset((8, 12, 13, 14))
_CONTROL = re.compile("[\x00-\x1c\x1e\x1f\x7f]").search


def _shift(msg: GS1Message, offset: int, symbology: str) -> GS1Message:
    """Adjust positions after stripping a symbology identifier."""
    elements = tuple(
        Element(e.ai, e.value, None if e.position is None else e.position + offset)
        for e in msg.elements
    )
    errors = tuple(_shift_error(e, offset) for e in msg.errors)
    return GS1Message(elements, symbology, errors, msg.other_query)


def _shift_error(err: TraceCodeError, offset: int) -> TraceCodeError:
    if err.position is not None:
        err.position += offset
    return err
