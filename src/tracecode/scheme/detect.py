"""Detection: which scheme(s) a text may be, ranked, with reasons.

``detect(text)`` tries GS1 and every bundled scheme and returns every candidate
whose shape matches, valid ones first, so that ambiguity stays visible: a
14-digit ``869…`` number is both a national drug code and a GTIN-14; a 20-digit
number may be a drug trace code or a legacy equipment registration code.  The
precedence rules are published in ``spec/detection.md``.

``detect_best(text)`` returns the candidate ``detect`` ranks first, with the same
code, errors and warnings, without examining readings that cannot outrank it:
readings are tried in decreasing order of the best score they could reach, and
schemes whose hint cannot match are skipped on precompiled per-scheme plans
(``_fast.py``).  That is what :func:`tracecode.validate` uses.

>>> [(c.scheme, c.valid) for c in detect("86900000000010")]
[('cn.drug.standard', True), ('gs1', True)]
>>> detect("(01)09506000134352(17)261231")[0].scheme
'gs1'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import attrs

from tracecode._chars import is_digits
from tracecode.errors import TraceCodeError, make_error
from tracecode.scheme import _engine
from tracecode.scheme._engine import MAX_INPUT
from tracecode.scheme._fast import (
    ANY_TEXT,
    ASCII_DIGITS,
    PREFIX_BONUS,
    Norm,
    Plan,
    compact_text,
    normalise,
    parse_norm,
    plan_for,
    text_kind,
)
from tracecode.scheme._model import Scheme
from tracecode.scheme._registry import scheme_table

if TYPE_CHECKING:
    from tracecode.gs1.message import GS1Message
    from tracecode.gs1.parse import ParseOptions

__all__ = [
    "GS1_PRIORITY_BARE",
    "GS1_PRIORITY_EXPLICIT",
    "Candidate",
    "best_reading",
    "detect",
    "detect_best",
]

#: Priority of GS1 data with explicit syntax (brackets, symbology identifier, GS, Digital Link).
GS1_PRIORITY_EXPLICIT = 100
#: Priority of a bare GTIN-8/12/13/14.
GS1_PRIORITY_BARE = 45
#: Priority of an unbracketed, all-plain element string.
GS1_PRIORITY_ELEMENT_STRING = 35
#: Added to the score of a valid candidate: valid candidates always rank first.
VALID_BONUS = 1000
_WS = " \t\r\n\f\v"
_SYMBOLOGY = re.compile(r"\][A-Za-z][0-9A-Za-z]")
_URL = re.compile(r"[Hh][Tt][Tt][Pp][Ss]?://")


@attrs.frozen(slots=True)
class Candidate:
    """One possible reading of a text.

    ``code`` is the parsed :class:`~tracecode.gs1.GS1Message` (scheme ``"gs1"``)
    or :class:`~tracecode.scheme.SchemeCode`; it is None when parsing failed
    outright, in which case ``errors`` says why.
    """

    #: scheme id, ``"gs1"`` for GS1 data
    scheme: str
    #: why this reading was considered
    reason: str
    #: True when the text is a valid code of the scheme
    valid: bool
    #: the parsed code, if parsing got that far
    code: object | None = attrs.field(eq=False, repr=False)
    #: problems that make it invalid
    errors: tuple[TraceCodeError, ...] = attrs.field(default=(), eq=False, repr=False)
    #: problems that do not
    warnings: tuple[TraceCodeError, ...] = attrs.field(default=(), eq=False, repr=False)
    #: ranking score (higher is better; see ``spec/detection.md``)
    score: int = 0
    #: 1 for the best candidate
    rank: int = 0

    def to_dict(self) -> dict[str, object]:
        """JSON-ready summary (without the parsed code)."""
        return {
            "scheme": self.scheme,
            "rank": self.rank,
            "score": self.score,
            "valid": self.valid,
            "reason": self.reason,
            "errors": [e.to_dict() for e in self.errors],
            "warnings": [w.to_dict() for w in self.warnings],
        }


#: one reading: (score, scheme, reason, valid, code, errors, warnings)
_Reading = tuple[
    int, str, str, bool, object, tuple[TraceCodeError, ...], tuple[TraceCodeError, ...]
]

_GTIN_SIZES = frozenset((8, 12, 13, 14))
#: [(gs1.parse_with, ParseOptions(lenient=True))], imported on first use
_GS1_PARSER: list[tuple[Callable[[str, ParseOptions], GS1Message], ParseOptions]] = []


def _gs1_parse(text: str) -> GS1Message:
    """``gs1.parse(text, lenient=True)``, with its options built once."""
    if not _GS1_PARSER:
        from tracecode.gs1.parse import ParseOptions, parse_with

        _GS1_PARSER.append((parse_with, ParseOptions(lenient=True)))
    parse, opts = _GS1_PARSER[0]
    return parse(text, opts)


def _gs1_reading(text: str, shape: tuple[bool, bool, bool]) -> _Reading | None:
    explicit, is_url, bare = shape
    if bare:
        from tracecode import checksum

        alg = checksum.get("gs1-mod10")
        if not alg.verify(text):
            try:
                alg.validate(text)
            except TraceCodeError as err:
                return (
                    0,
                    "gs1",
                    "bare GTIN length, but the check digit is wrong",
                    False,
                    None,
                    (err,),
                    (),
                )
        msg = _gs1_parse(text)
        return (
            GS1_PRIORITY_BARE + (VALID_BONUS if msg.valid else 0),
            "gs1",
            f"a GTIN-{len(text)} with a valid check digit",
            msg.valid,
            msg,
            tuple(msg.errors),
            (),
        )
    if not (explicit or is_url or (is_digits(text[:2]) and len(text) >= 16)):
        return None
    try:
        msg = _gs1_parse(text)
    except TraceCodeError as err:
        if explicit:
            return (
                GS1_PRIORITY_EXPLICIT,
                "gs1",
                "GS1 syntax, but it cannot be parsed",
                False,
                None,
                (err,),
                (),
            )
        return None
    if is_url:
        if not msg.elements:
            return None
        # A URI with a GS1 Digital Link primary key in its path is GS1 data, valid
        # or not: it outranks the catch-all URL reading of cn.hazchem.safety-info
        # even when invalid (an invalid DL must never be reported as valid).
        return (
            GS1_PRIORITY_EXPLICIT + VALID_BONUS,
            "gs1",
            "a GS1 Digital Link URI",
            msg.valid,
            msg,
            tuple(msg.errors),
            (),
        )
    if explicit:
        return (
            GS1_PRIORITY_EXPLICIT + (VALID_BONUS if msg.valid else 0),
            "gs1",
            "GS1 application-identifier syntax",
            msg.valid,
            msg,
            tuple(msg.errors),
            (),
        )
    if not msg.valid or not msg.elements:
        return None
    first = msg.elements[0].entry
    if first is None or first.dlpkey is None:
        return None  # e.g. "91..." read as internal AI (91): not a trace code
    return (
        GS1_PRIORITY_ELEMENT_STRING + VALID_BONUS,
        "gs1",
        "an unbracketed GS1 element string: identification key first, parses completely",
        True,
        msg,
        (),
        (),
    )


def _score(base: int, valid: bool, bonus: int) -> int:
    return base + bonus + (VALID_BONUS if valid else 0)


def fast_bonus(plan: Plan, form: str) -> int | None:
    """The bonus of a reading of ``form`` (the compact form), or None when the hint rules it out."""
    hint = plan.hint
    if hint is not None and hint(form) is None:
        return None
    bonus: int = plan.bonus
    if plan.prefer and form.startswith(plan.prefer):
        bonus += PREFIX_BONUS
    return bonus


def _scheme_reading(
    plan: Plan, scheme: Scheme, text: str, norms: dict[tuple[object, ...], Norm]
) -> _Reading | None:
    norm: Norm | None = None
    if plan.lines:
        form = compact_text(plan, text)
    else:
        key = plan.norm_key
        norm = norms.get(key)
        if norm is None:
            norm = norms[key] = normalise(plan, text)
        form = norm[0]
    bonus = fast_bonus(plan, form)
    if bonus is None:
        return None
    if norm is not None and plan.fast:
        code = parse_norm(plan, scheme, text, norm)
        if code is not None:  # valid, warnings at most CHECK_NOT_VERIFIED
            score = plan.priority + bonus + VALID_BONUS
            return (score, plan.id, plan.reason, True, code, (), code.warnings)
    try:
        code = _engine.parse_full(scheme, text, lenient=True)
    except TraceCodeError as err:
        score = _score(plan.priority, False, bonus)
        return (score, plan.id, plan.reason, False, None, (err,), ())
    warnings = code.warnings
    if warnings:
        bonus -= 10 * sum(1 for w in warnings if w.code != "CHECK_NOT_VERIFIED")
    valid = not code.errors
    score = _score(plan.priority, valid, bonus)
    return (score, plan.id, plan.reason, valid, code, code.errors, warnings)


#: one step of an evaluation order: (best score reachable, scheme id, plan, scheme,
#: whether ``plan.plausible`` must look at the text); plan and scheme are None for GS1
_Step = tuple[int, str, "Plan | None", "Scheme | None", bool]
_GS1_BOUNDS = (
    None,
    GS1_PRIORITY_EXPLICIT + VALID_BONUS,
    GS1_PRIORITY_BARE + VALID_BONUS,
    GS1_PRIORITY_ELEMENT_STRING + VALID_BONUS,
)
#: evaluation orders per input length are kept up to this length
_ORDER_CACHE_LENGTH = 512
#: [(scheme table, orders by GS1 bound, orders by (GS1 bound, length, text kind))]
_ORDERS: list[
    tuple[
        Mapping[str, Scheme],
        dict[int | None, tuple[_Step, ...]],
        dict[tuple[int | None, int, int], tuple[_Step, ...]],
    ]
] = []


def _order(gs1_bound: int | None, size: int, kind: int) -> tuple[_Step, ...]:
    """Readings to examine for a stripped input of ``size`` characters, best possible first.

    Sorted by the best score reachable, then scheme id (the final ranking's order);
    schemes whose hint cannot match the compact form of such an input (``kind``:
    see :func:`~tracecode.scheme._fast.text_kind`) are left out.
    """
    table = scheme_table()
    if not _ORDERS or _ORDERS[0][0] is not table:
        steps = [(p.upper_bound, p.id, p, s) for p, s in ((plan_for(s), s) for s in table.values())]
        base: dict[int | None, tuple[_Step, ...]] = {}
        for bound in _GS1_BOUNDS:
            order: list[_Step] = [(ub, sid, p, s, True) for ub, sid, p, s in steps]
            if bound is not None:
                order.append((bound, "gs1", None, None, False))
            order.sort(key=lambda step: (-step[0], step[1]))
            base[bound] = tuple(order)
        _ORDERS[:] = [(table, base, {})]
    _, base, by_length = _ORDERS[0]
    key = (gs1_bound, size, kind)
    found = by_length.get(key)
    if found is None:
        kept: list[_Step] = []
        for ub, sid, plan, scheme, _ in base[gs1_bound]:
            if plan is None:
                kept.append((ub, sid, plan, scheme, False))
                continue
            fit = plan.length_fit(size, kind)
            if fit:
                kept.append((ub, sid, plan, scheme, fit > 1))
        found = tuple(kept)
        if size <= _ORDER_CACHE_LENGTH:
            by_length[key] = found
    return found


def _start(text: str) -> tuple[str, tuple[bool, bool, bool], tuple[_Step, ...]]:
    """Check the input; (stripped text, its GS1 shape, the readings to examine in order).

    The GS1 shape is (explicit GS1 syntax, an http(s) URL, a bare GTIN length of
    ASCII digits); see :func:`_gs1_reading`.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected str, not {type(text).__name__}")
    size = len(text)
    if size > MAX_INPUT:
        raise make_error("INPUT_TOO_LONG", position=MAX_INPUT, detail=f"limit {MAX_INPUT}")
    if text.isdigit() and text.isascii() and _ORDERS:
        # Every result below depends only on the length of a text of ASCII digits
        # (no whitespace, no GS1 syntax, not a URL, text kind ASCII_DIGITS).
        hit = _DIGIT_STARTS.get(size)
        if hit is not None and hit[0] is _ORDERS[0][2]:
            return text, hit[1], hit[2]
        found = _start_any(text)
        if size <= _ORDER_CACHE_LENGTH and _ORDERS:
            _DIGIT_STARTS[size] = (_ORDERS[0][2], found[1], found[2])
        return found
    return _start_any(text)


#: length -> (the order cache it was computed with, GS1 shape, order) for ASCII digits
_DIGIT_STARTS: dict[int, tuple[object, tuple[bool, bool, bool], tuple[_Step, ...]]] = {}


def _start_any(text: str) -> tuple[str, tuple[bool, bool, bool], tuple[_Step, ...]]:
    """:func:`_start` for a str within the length limit, worked out from the text."""
    stripped = text.strip(_WS)
    if not stripped:
        raise make_error("EMPTY_INPUT")
    first = stripped[0]
    size = len(stripped)
    explicit = (
        first == "("
        or (first == "]" and _SYMBOLOGY.match(stripped) is not None)
        or "\x1d" in stripped
        or (first == "^" and size > 1)
    )
    is_url = (first == "h" or first == "H") and _URL.match(stripped) is not None
    kind = ANY_TEXT if is_url else text_kind(stripped)  # a URL has ':' and '/'
    bare = kind == ASCII_DIGITS and size in _GTIN_SIZES
    if bare:
        bound: int | None = GS1_PRIORITY_BARE + VALID_BONUS
    elif explicit or is_url:
        bound = GS1_PRIORITY_EXPLICIT + VALID_BONUS
    elif size >= 16 and is_digits(stripped[:2]):
        bound = GS1_PRIORITY_ELEMENT_STRING + VALID_BONUS
    else:
        bound = None
    order = None
    if _ORDERS and _ORDERS[0][0] is scheme_table():
        order = _ORDERS[0][2].get((bound, size, kind))
    if order is None:
        order = _order(bound, size, kind)
    return stripped, (explicit, is_url, bare), order


#: the public name of :func:`_start` (used by :mod:`tracecode.bulk._lanes`)
start = _start


def _readings(text: str) -> list[_Reading]:
    """Every reading of ``text``, unsorted."""
    stripped, shape, order = _start(text)
    norms: dict[tuple[object, ...], Norm] = {}
    found: list[_Reading] = []
    for _, _, plan, scheme, check in order:
        if plan is None or scheme is None:
            reading = _gs1_reading(stripped, shape)
        elif check and not plan.plausible(stripped):
            continue
        else:
            reading = _scheme_reading(plan, scheme, text, norms)
        if reading is not None:
            found.append(reading)
    return found


def best_reading(text: str) -> _Reading | None:
    """The reading :func:`detect` ranks first, as a tuple (what :func:`detect_best` wraps).

    ``(score, scheme, reason, valid, code, errors, warnings)``, or None.  Readings
    are examined in decreasing order of the best score they could reach, and the
    search stops as soon as the best reading so far cannot be outranked (score,
    then scheme id, as in the final ranking).  A scheme whose hint cannot match
    (see ``Plan.plausible``) is skipped without a look.
    """
    stripped, shape, order = _start(text)
    norms: dict[tuple[object, ...], Norm] = {}
    best: _Reading | None = None
    for bound, sid, plan, scheme, check in order:
        if best is not None and (best[0] > bound or (best[0] == bound and best[1] < sid)):
            break
        if plan is None or scheme is None:
            reading = _gs1_reading(stripped, shape)
        elif check and not plan.plausible(stripped):
            continue
        else:
            reading = _scheme_reading(plan, scheme, text, norms)
        if reading is not None and (
            best is None or reading[0] > best[0] or (reading[0] == best[0] and reading[1] < best[1])
        ):
            best = reading
    return best


_WINS: dict[tuple[int, str, int], tuple[tuple[_Step, ...], bool]] = {}


def wins(order: tuple[_Step, ...], scheme_id: str, score: int) -> bool:
    """True when a reading of ``scheme_id`` scoring ``score`` outranks all other steps of ``order``.

    ``order`` comes from :func:`start`; then the reading is what :func:`best_reading`
    returns, whatever the other readings turn out to be (used by bulk validation's
    learned shapes, :mod:`tracecode.bulk._lanes`).
    """
    key = (id(order), scheme_id, score)
    hit = _WINS.get(key)
    if hit is not None and hit[0] is order:
        return hit[1]
    ok = all(
        sid == scheme_id or bound < score or (bound == score and scheme_id < sid)
        for bound, sid, _, _, _ in order
    ) and any(sid == scheme_id for _, sid, _, _, _ in order)
    if len(_WINS) >= 1024:
        _WINS.clear()
    _WINS[key] = (order, ok)
    return ok


def _candidate(reading: _Reading, rank: int) -> Candidate:
    score, scheme, reason, valid, code, errors, warnings = reading
    return Candidate(scheme, reason, valid, code, errors, warnings, score=score, rank=rank)


def detect(text: str) -> tuple[Candidate, ...]:
    r"""List every scheme ``text`` may belong to, best first (GS1 included as ``"gs1"``).

    Raises :class:`~tracecode.errors.InputError` for empty or over-long input;
    returns ``()`` when nothing matches.  An escaped ``\n`` in line-based input
    stands for a line break (seed label QR content).

    >>> [(c.rank, c.scheme, c.valid) for c in detect("81773220288616423835")]
    [(1, 'cn.drug.trace20', True), (2, 'cn.equipment.reg20', False)]
    """
    found = _readings(text)
    found.sort(key=lambda r: (-r[0], r[1]))
    return tuple(_candidate(r, i + 1) for i, r in enumerate(found))


def detect_best(text: str) -> Candidate | None:
    """The candidate :func:`detect` ranks first (rank 1), or None when nothing matches.

    Same result, same errors for bad input, but readings that cannot outrank the
    best one found are not examined: the entry point for bulk validation.

    >>> best = detect_best("81773220288616423835")
    >>> best.scheme, best.rank, best.valid, [w.code for w in best.warnings]
    ('cn.drug.trace20', 1, True, ['CHECK_NOT_VERIFIED'])
    >>> detect_best("hello") is None
    True
    """
    best = best_reading(text)
    return None if best is None else _candidate(best, 1)
