"""Detection: which scheme(s) a text may be, ranked, with reasons.

``detect(text)`` tries GS1 and every bundled scheme and returns every candidate
whose shape matches, valid ones first, so that ambiguity stays visible: a
14-digit ``869…`` number is both a national drug code and a GTIN-14; a 20-digit
number may be a drug trace code or a legacy equipment registration code.  The
precedence rules are published in ``spec/detection.md``.

>>> [(c.scheme, c.valid) for c in detect("86900000000010")]
[('cn.drug.standard', True), ('gs1', True)]
>>> detect("(01)09506000134352(17)261231")[0].scheme
'gs1'
"""

from __future__ import annotations

import re

import attrs

from tracecode._chars import is_digits
from tracecode.errors import TraceCodeError, make_error
from tracecode.scheme._engine import MAX_INPUT, compact
from tracecode.scheme._registry import schemes

__all__ = ["GS1_PRIORITY_BARE", "GS1_PRIORITY_EXPLICIT", "Candidate", "detect"]

#: Priority of GS1 data with explicit syntax (brackets, symbology identifier, GS, Digital Link).
GS1_PRIORITY_EXPLICIT = 100
#: Priority of a bare GTIN-8/12/13/14.
GS1_PRIORITY_BARE = 45
#: Priority of an unbracketed, all-plain element string.
GS1_PRIORITY_ELEMENT_STRING = 35
#: Added to the score of a valid candidate: valid candidates always rank first.
VALID_BONUS = 1000
_CONFIDENCE_BONUS = {"confirmed": 2, "partial": 0, "unverified": -2}
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


def _gs1_candidate(text: str) -> Candidate | None:
    from tracecode import gs1

    explicit = (
        text.startswith("(")
        or _SYMBOLOGY.match(text) is not None
        or "\x1d" in text
        or (text[:1] == "^" and len(text) > 1)
    )
    is_url = _URL.match(text) is not None
    bare = is_digits(text) and len(text) in (8, 12, 13, 14)
    if bare:
        from tracecode import checksum

        alg = checksum.get("gs1-mod10")
        if not alg.verify(text):
            try:
                alg.validate(text)
            except TraceCodeError as err:
                return Candidate(
                    "gs1", "bare GTIN length, but the check digit is wrong", False, None, (err,)
                )
        msg = gs1.parse(text, lenient=True)
        return Candidate(
            "gs1",
            f"a GTIN-{len(text)} with a valid check digit",
            msg.valid,
            msg,
            tuple(msg.errors),
            score=GS1_PRIORITY_BARE,
        )
    if not (explicit or is_url or (is_digits(text[:2]) and len(text) >= 16)):
        return None
    try:
        msg = gs1.parse(text, lenient=True)
    except TraceCodeError as err:
        if explicit:
            return Candidate(
                "gs1",
                "GS1 syntax, but it cannot be parsed",
                False,
                None,
                (err,),
                score=GS1_PRIORITY_EXPLICIT,
            )
        return None
    if is_url:
        if not msg.elements:
            return None
        return Candidate(
            "gs1",
            "a GS1 Digital Link URI",
            msg.valid,
            msg,
            tuple(msg.errors),
            score=GS1_PRIORITY_EXPLICIT,
        )
    if explicit:
        return Candidate(
            "gs1",
            "GS1 application-identifier syntax",
            msg.valid,
            msg,
            tuple(msg.errors),
            score=GS1_PRIORITY_EXPLICIT,
        )
    if not msg.valid or not msg.elements:
        return None
    first = msg.elements[0].entry
    if first is None or first.dlpkey is None:
        return None  # e.g. "91..." read as internal AI (91): not a trace code
    return Candidate(
        "gs1",
        "an unbracketed GS1 element string: identification key first, parses completely",
        True,
        msg,
        score=GS1_PRIORITY_ELEMENT_STRING,
    )


def _score(base: int, valid: bool, bonus: int) -> int:
    return base + bonus + (VALID_BONUS if valid else 0)


def detect(text: str) -> tuple[Candidate, ...]:
    r"""List every scheme ``text`` may belong to, best first (GS1 included as ``"gs1"``).

    Raises :class:`~tracecode.errors.InputError` for empty or over-long input;
    returns ``()`` when nothing matches.  An escaped ``\n`` in line-based input
    stands for a line break (seed label QR content).

    >>> [(c.rank, c.scheme, c.valid) for c in detect("81773220288616423835")]
    [(1, 'cn.drug.trace20', True), (2, 'cn.equipment.reg20', False)]
    """
    if not isinstance(text, str):
        raise TypeError(f"expected str, not {type(text).__name__}")
    if len(text) > MAX_INPUT:
        raise make_error("INPUT_TOO_LONG", position=MAX_INPUT, detail=f"limit {MAX_INPUT}")
    stripped = text.strip(_WS)
    if not stripped:
        raise make_error("EMPTY_INPUT")
    found: list[Candidate] = []
    gs1_candidate = _gs1_candidate(stripped)
    if gs1_candidate is not None:
        found.append(
            attrs.evolve(gs1_candidate, score=_score(gs1_candidate.score, gs1_candidate.valid, 0))
        )
    for scheme in schemes():
        try:
            form = compact(scheme, text)
        except TraceCodeError:
            continue
        hint = scheme.detect.hint
        if hint is not None and re.fullmatch(hint, form) is None:
            continue
        bonus = _CONFIDENCE_BONUS[scheme.confidence]
        if any(form.startswith(p) for p in scheme.detect.prefer_prefixes):
            bonus += 5
        try:
            code = scheme.parse(text, lenient=True)
        except TraceCodeError as err:
            found.append(
                Candidate(
                    scheme.id,
                    scheme.detect.reason,
                    False,
                    None,
                    (err,),
                    score=_score(scheme.detect.priority, False, bonus),
                )
            )
            continue
        bonus -= 10 * sum(1 for w in code.warnings if w.code != "CHECK_NOT_VERIFIED")
        found.append(
            Candidate(
                scheme.id,
                scheme.detect.reason,
                code.valid,
                code,
                code.errors,
                code.warnings,
                score=_score(scheme.detect.priority, code.valid, bonus),
            )
        )
    found.sort(key=lambda c: (-c.score, c.scheme))
    return tuple(attrs.evolve(c, rank=i + 1) for i, c in enumerate(found))
