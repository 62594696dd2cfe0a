"""Precompiled per-scheme plans: cheap compact forms and a fast path for valid codes.

Bulk validation examines many schemes per input.  Each :class:`~tracecode.scheme.Scheme`
gets, once, a :class:`Plan` compiled from its data: one translation table for its
normalisation, its compiled detection hint and the lengths that hint admits, its
ranking bounds and, for the ``fixed`` layout, a regular expression that splits
and checks a code in one step.  Two things use the plan:

* :func:`normalise` / :func:`compact_text` give exactly the text that
  :func:`tracecode.scheme._engine.compact` gives, without building the offset
  map that diagnostics need;
* :func:`parse_valid` parses a code that turns out to be valid (at most the
  ``CHECK_NOT_VERIFIED`` warning) without collecting diagnostics.  Anything else
  (an error, another warning, a layout it does not handle) makes it return None
  and the full engine parses the text: the result is the same either way.

>>> from tracecode.scheme import get_scheme
>>> uscc = get_scheme("cn.uscc")
>>> compact_text(plan_for(uscc), " 9135 0100-m000 100y 43 ")
'91350100M000100Y43'
>>> parse_valid(uscc, "91350100M000100Y43").valid
True
>>> parse_valid(uscc, "91350100M000100Y4Z") is None
True
"""

from __future__ import annotations

import importlib
import re
import sys
import weakref
from collections.abc import Callable
from typing import Any

from tracecode.errors import CATALOGUE, TraceCodeError
from tracecode.scheme import _engine
from tracecode.scheme._charsets import TEXT, first_bad
from tracecode.scheme._model import (
    Check,
    CheckResult,
    EnumValue,
    Label,
    ParsedSegment,
    Scheme,
    SchemeCode,
    Segment,
)
from tracecode.scheme._registry import get_scheme

__all__ = [
    "ANY_TEXT",
    "ASCII_ALNUM",
    "ASCII_DIGITS",
    "Norm",
    "Plan",
    "compact_text",
    "normalise",
    "parse_norm",
    "parse_valid",
    "plan_for",
    "text_kind",
]

_WS = " \t\r\n\f\v"
#: the line breaks of line-based input, in the order ``_engine._normalise`` tries them
_LINE_BREAKS = re.compile(r"\r\n|\\n|\r")
_LOWER = "abcdefghijklmnopqrstuvwxyz"
_DIGITS = "0123456789"
_CONFIDENCE_BONUS = {"confirmed": 2, "partial": 0, "unverified": -2}
#: added to a valid candidate's score (``detect.VALID_BONUS``)
_VALID_BONUS = 1000
#: the class of the CHECK_NOT_VERIFIED warning (what make_error builds)
_NOT_VERIFIED = CATALOGUE["CHECK_NOT_VERIFIED"][0]
#: most values kept per segment or check in the caches of immutable results
_CACHED = 1024
#: added when a preferred prefix is seen (``spec/detection.md``)
PREFIX_BONUS = 5

#: (normalised text, offset of its first character in the input, URL it came from,
#: True when character i of the text is character offset + i of the input)
Norm = tuple[str, int, "str | None", bool]
#: a split code: (segment values, their starts, their meanings or None for no meaning at all)
_Split = tuple[tuple[str, ...], tuple[int, ...], "list[Label | None] | None"]


#: kinds of input text (:func:`text_kind`)
ANY_TEXT, ASCII_ALNUM, ASCII_DIGITS = 0, 1, 2


def text_kind(text: str) -> int:
    """:data:`ASCII_DIGITS`, :data:`ASCII_ALNUM` or :data:`ANY_TEXT`."""
    if not text.isascii():
        return ANY_TEXT
    if text.isdigit():
        return ASCII_DIGITS
    return ASCII_ALNUM if text.isalnum() else ANY_TEXT


def _of_kind(text: str, kind: int) -> bool:
    """``text`` could be part of an input of that kind."""
    return text_kind(text) >= kind if text else True


def _hint_shape(hint: str) -> tuple[int, int, tuple[str, ...]]:
    """Shortest and longest text the hint matches, and characters every match contains.

    Read from the parsed pattern (what ``re`` itself computes): the lengths come
    from ``getwidth``, the characters from top-level literals and one-of classes
    (each entry lists the alternatives).  Nothing is filtered if the private
    parser API changes.
    """
    try:
        parser: Any = importlib.import_module(
            "re._parser" if sys.version_info >= (3, 11) else "sre_parse"
        )
        parsed = parser.parse(hint)
        lo, hi = parsed.getwidth()
        required: list[str] = []
        if not parsed.state.flags & (re.IGNORECASE | re.LOCALE):
            for op, arg in parsed:
                name = str(op)
                if name == "LITERAL":
                    required.append(chr(arg))
                elif name == "IN" and arg and all(str(o) == "LITERAL" for o, _ in arg):
                    required.append("".join(chr(a) for _, a in arg))
        return int(lo), int(hi), tuple(dict.fromkeys(required))
    except Exception:  # pragma: no cover - a private API
        return 0, sys.maxsize, ()


def _class(chars: str) -> str:
    """A regex character class body matching exactly ``chars``."""
    return "".join("\\" + c if c in "\\]^-[" else c for c in chars)


def _printable_ascii(text: str) -> bool:
    return text.isascii() and text.isprintable()


class _SegPlan:
    """One segment of a fixed-layout scheme, ready to check a value."""

    __slots__ = (
        "alphabet",
        "cache",
        "charset_ok",
        "date",
        "label",
        "literal",
        "max",
        "meanings",
        "min",
        "name",
        "note",
        "pattern",
        "range",
        "semantic",
        "sub",
        "url",
    )

    def __init__(self, seg: Segment) -> None:
        self.name = seg.name
        self.label = seg.label
        self.note = seg.note
        self.min = seg.min_length
        self.max = seg.max_length
        self.literal = seg.literal
        values: dict[str, EnumValue] | None = None
        if seg.values:
            values = {}
            for v in seg.values:  # the first entry of a value wins, as in Segment.meaning
                values.setdefault(v.value, v)
        self.range = seg.range
        self.date = seg.date
        self.url = seg.url
        self.sub = seg.scheme
        self.alphabet = frozenset(seg.alphabet) if seg.charset != TEXT else frozenset()
        self.charset_ok: Callable[[str], bool]
        if seg.charset == TEXT:
            self.charset_ok = _text_ok
        else:
            self.charset_ok = frozenset(seg.alphabet).issuperset
        #: the segment as a regular expression group (fixed length, explicit alphabet)
        self.pattern: str | None = None
        if seg.charset != TEXT and seg.alphabet and seg.min_length == seg.max_length:
            chars = "".join(sorted(set(seg.alphabet)))
            self.pattern = f"([{_class(chars)}]{{{seg.min_length}}})"
        #: parsed segments of the few values an enumerated or literal segment can have
        #: (immutable, so shared)
        small = values is not None or self.literal is not None
        if not small and seg.charset != TEXT and seg.alphabet:
            small = _domain_size(len(set(seg.alphabet)), seg.min_length, seg.max_length) <= _CACHED
        #: (by value; used where segments start at fixed offsets)
        self.cache: dict[str, ParsedSegment] | None = {} if small else None
        #: the meaning of each accepted value of an enumerated segment (legacy values,
        #: which come with a warning, are not accepted here)
        self.meanings: dict[str, Label] | None = None
        if values is not None:
            self.meanings = {k: v.label for k, v in values.items() if not v.warning}
        #: anything to check beyond length, characters and enumeration
        self.semantic = bool(
            self.literal is not None
            or self.range is not None
            or self.date is not None
            or self.url
            or self.sub is not None
        )

    def parsed(self, value: str, start: int, meaning: Label | None) -> ParsedSegment:
        """The :class:`ParsedSegment` of a checked value at its usual offset (shared)."""
        cache = self.cache
        if cache is None:
            return ParsedSegment(self.name, self.label, value, start, meaning, self.note)
        seg = cache.get(value)
        if seg is None:
            seg = ParsedSegment(self.name, self.label, value, start, meaning, self.note)
            if len(cache) < _CACHED:
                cache[value] = seg
        return seg

    def check(self, value: str) -> bool:
        """Semantic checks (not the enumeration) of a value of the right length and characters."""
        if self.literal is not None and value != self.literal:
            return False
        if self.range is not None:
            lo, hi = self.range
            if not lo <= int(value) <= hi:
                return False
        if self.date is not None and not _engine._date_ok(value, self.date):
            return False
        if self.url and not _engine._is_url(value):
            return False
        return self.sub is None or _sub_valid(self.sub, value)


def _domain_size(chars: int, shortest: int, longest: int) -> int:
    """How many values of those lengths there are, counted up to just past ``_CACHED``."""
    total = 0
    for n in range(shortest, longest + 1):
        total += chars**n if chars < 2 or n * chars.bit_length() <= 64 else _CACHED + 1
        if total > _CACHED:
            break
    return total


def _text_ok(value: str) -> bool:
    return first_bad(value, TEXT, "") < 0


class _CheckPlan:
    """One check rule of a fixed-layout scheme."""

    __slots__ = ("algorithm", "body", "cache", "check", "compute", "index", "rule", "span")

    def __init__(self, rule: Check, names: list[str], segs: tuple[_SegPlan, ...]) -> None:
        from tracecode import checksum

        self.rule = rule
        self.index = names.index(rule.check)
        self.body = tuple(names.index(n) for n in rule.body)
        self.check = rule.check
        self.algorithm = None if rule.algorithm == "opaque" else checksum.get(rule.algorithm)
        #: computes the check of a body (``algorithm.compute``, or its unchecked core
        #: when every body the split lets through is one the algorithm accepts)
        self.compute: Callable[[str], str] | None = None
        alg = self.algorithm
        if alg is not None:
            self.compute = alg.compute
            body = [segs[i] for i in self.body]
            size = sum(sp.max for sp in body)
            core = getattr(alg, "_raw_compute", None)
            if (
                callable(core)
                and all(sp.pattern is not None and sp.alphabet <= alg._body_set for sp in body)
                and max(alg.min_body_length, 1) <= size
                and (alg.max_body_length is None or size <= alg.max_body_length)
            ):
                self.compute = core
        #: where the body is in the code when its segments are adjacent, in order and
        #: of fixed length (set by the plan)
        self.span: tuple[int, int] | None = None
        #: results by the characters found, when the check segment has few values
        #: (used where segments start at fixed offsets)
        self.cache: dict[str, CheckResult] | None = (
            {} if segs[self.index].cache is not None else None
        )

    def result(self, found: str, position: int, expected: str | None) -> CheckResult:
        """The :class:`CheckResult` of a check that passed or cannot be verified."""
        cache = self.cache
        if cache is None:
            return self._make(found, position, expected)
        res = cache.get(found)
        if res is None:
            res = self._make(found, position, expected)
            if len(cache) < _CACHED:
                cache[found] = res
        return res

    def _make(self, found: str, position: int, expected: str | None) -> CheckResult:
        rule = self.rule
        verified = None if expected is None else True
        return CheckResult(
            rule.id, rule.algorithm, rule.label, rule.check, position, found, expected, verified
        )


class Plan:
    """What detection and the fast path need of one scheme, computed once."""

    __slots__ = (
        "bonus",
        "checks",
        "enums",
        "exact",
        "fast",
        "hi",
        "hint",
        "id",
        "labels",
        "lines",
        "lo",
        "max_len",
        "min_len",
        "norm_key",
        "opaque",
        "prefer",
        "priority",
        "pure",
        "reason",
        "removal",
        "remove",
        "required",
        "segs",
        "semantic",
        "split",
        "starts",
        "structural",
        "table",
        "touches",
        "upper_bound",
        "url_container",
    )

    def __init__(self, scheme: Scheme) -> None:
        self.id = scheme.id
        self.lines = scheme.layout == "lines"
        self.url_container = "url-path-last" in scheme.containers
        table: dict[int, int | None] | None = None
        if scheme.remove or scheme.uppercase:
            # removal, then capitals, in one table: capitals of kept letters are
            # kept, and a removed capital is removed whatever it came from.
            table = {}
            if scheme.uppercase:
                for ch in _LOWER:
                    table[ord(ch)] = ord(ch.upper())
            for ch in scheme.remove:
                table[ord(ch)] = None
        self.table = table
        #: finds a character the table changes (most codes have none: no translation)
        self.touches: Callable[[str], object] | None = None
        if table is not None:
            changed = "".join(sorted(chr(k) for k in table))
            self.touches = re.compile(f"[{_class(changed)}]").search
        self.labels = tuple(label for seg in scheme.segments for label in seg.line_labels)
        #: schemes with equal keys have equal normalised texts
        self.norm_key: tuple[object, ...] = (
            (scheme.id,) if self.lines else (self.url_container, scheme.remove, scheme.uppercase)
        )
        det = scheme.detect
        self.hint: Callable[[str], object] | None = None
        #: lengths of a compact form the hint can match
        self.min_len, self.max_len = 0, sys.maxsize
        #: for each character every hint match contains, the texts of the stripped
        #: input that can give it (itself, its small letter, a line break's spellings)
        self.required: tuple[tuple[str, ...], ...] = ()
        if det.hint is not None:
            self.hint = re.compile(det.hint).fullmatch
            self.min_len, self.max_len, chars = _hint_shape(det.hint)
            self.required = tuple(self._sources(alternatives) for alternatives in chars)
        #: the compact form is as long as the stripped input (no removal, no URL, no lines)
        self.exact = not (self.lines or self.url_container or scheme.remove)
        #: ... or is, when no character to remove is there
        self.remove = scheme.remove if not (self.lines or self.url_container) else None
        self.removal = scheme.remove
        self.priority = det.priority
        self.reason = det.reason
        self.prefer = tuple(det.prefer_prefixes)
        self.bonus = _CONFIDENCE_BONUS[scheme.confidence]
        #: the best score a candidate of this scheme can reach in detection
        self.upper_bound = (
            det.priority + self.bonus + (PREFIX_BONUS if self.prefer else 0) + _VALID_BONUS
        )
        self.fast = scheme.layout == "fixed"
        self.segs = tuple(_SegPlan(s) for s in scheme.segments)
        for seg, sp in zip(scheme.segments, self.segs, strict=True):
            if sp.sub is not None and _always_valid(seg, sp.sub, scheme.id):
                sp.sub = None  # every value of the segment is a valid code of that scheme
                sp.semantic = bool(
                    sp.literal is not None or sp.range is not None or sp.date is not None or sp.url
                )
        #: enumerated segments: (index, meaning of each accepted value)
        self.enums = tuple(
            (i, sp.meanings) for i, sp in enumerate(self.segs) if sp.meanings is not None
        )
        #: segments with other checks
        self.semantic = tuple((i, sp) for i, sp in enumerate(self.segs) if sp.semantic)
        self.lo = sum(s.min_length for s in scheme.segments)
        self.hi = sum(s.max_length for s in scheme.segments)
        self.starts = tuple(
            sum(s.min_length for s in scheme.segments[:k]) for k in range(len(scheme.segments))
        )
        pieces = [sp.pattern for sp in self.segs]
        self.split: Callable[[str], re.Match[str] | None] | None = None
        if self.segs and all(pieces):
            self.split = re.compile("".join(p or "" for p in pieces)).fullmatch
        # A split that only admits printable ASCII needs no separate search for
        # control characters and non-ASCII digits.
        self.structural = self.split is None or not all(
            _printable_ascii(s.alphabet) for s in scheme.segments
        )
        names = [s.name for s in scheme.segments]
        self.checks: tuple[_CheckPlan, ...] = ()
        try:
            self.checks = tuple(_CheckPlan(c, names, self.segs) for c in scheme.checks)
        except (ValueError, TraceCodeError):  # pragma: no cover - the loader checks this
            self.fast = False
        self.opaque = tuple(cp for cp in self.checks if cp.algorithm is None)
        if self.split is not None:
            for cp in self.checks:
                first = cp.body[0] if cp.body else 0
                if cp.body and cp.body == tuple(range(first, first + len(cp.body))):
                    last = cp.body[-1]
                    cp.span = (self.starts[first], self.starts[last] + self.segs[last].max)
        #: the split alone decides validity: nothing to normalise but white space, no
        #: characters it could let through, nothing else to check
        self.pure = (
            self.split
            if self.fast
            and not self.structural
            and not self.semantic
            and not self.enums
            and not self.checks
            and self.table is None
            and not self.url_container
            else None
        )

    def _sources(self, alternatives: str) -> tuple[str, ...]:
        out: list[str] = []
        for ch in alternatives:
            out.append(ch)
            if self.table is not None and self.table.get(ord(ch.lower())) == ord(ch):
                out.append(ch.lower())
            if self.lines and ch == "\n":
                out.extend(("\r", "\\n"))
        return tuple(dict.fromkeys(out))

    def length_fit(self, size: int, kind: int = ANY_TEXT) -> int:
        """Whether a stripped input of ``size`` characters of ``kind`` may match the hint.

        0: its compact form cannot; 2: :meth:`plausible` may still say no; 1: it cannot.
        ``kind`` is :func:`text_kind` of the input: all ASCII digits or letters means
        no URL, no line break and no display separator.
        """
        if size < self.min_len:
            return 0
        exact = self.exact
        if kind != ANY_TEXT:
            for sources in self.required:
                if not any(_of_kind(src, kind) for src in sources):
                    return 0
            exact = exact or not (self.lines or any(_of_kind(ch, kind) for ch in self.removal))
        if size > self.max_len:
            if exact:
                return 0
            if self.remove is not None:
                return 2
        return 2 if self.required else 1

    def plausible(self, stripped: str) -> bool:
        """False when the compact form of ``stripped`` (stripped input) cannot match the hint."""
        size = len(stripped)
        if size < self.min_len:
            return False
        if size > self.max_len:
            if self.exact:
                return False
            if self.remove is not None:
                for ch in self.remove:
                    if ch in stripped:
                        break
                else:
                    return False
        for sources in self.required:
            for src in sources:
                if src in stripped:
                    break
            else:
                return False
        return True


_PLANS: dict[int, Plan] = {}
_BUILDING: set[str] = set()


def _always_valid(seg: Segment, sub_id: str, owner: str) -> bool:
    """True when every value segment ``seg`` admits is a valid code of scheme ``sub_id``.

    So when the sub-scheme is decided by its split alone (see ``Plan.pure``) and
    splits every string of the segment's length and characters.
    """
    if sub_id == owner or sub_id in _BUILDING or seg.charset == TEXT or not seg.alphabet:
        return False
    if seg.min_length != seg.max_length or any(ch in _WS for ch in seg.alphabet):
        return False
    try:
        sub = get_scheme(sub_id)
    except TraceCodeError:
        return False
    _BUILDING.add(owner)
    try:
        plan = plan_for(sub)
    finally:
        _BUILDING.discard(owner)
    if plan.pure is None or not plan.lo == plan.hi == seg.min_length:
        return False
    chars = frozenset(seg.alphabet)
    return all(chars <= sp.alphabet for sp in plan.segs)


def plan_for(scheme: Scheme) -> Plan:
    """The plan of ``scheme`` (compiled on first use, dropped with the scheme)."""
    key = id(scheme)
    plan = _PLANS.get(key)
    if plan is None:
        plan = Plan(scheme)
        _PLANS[key] = plan
        weakref.finalize(scheme, _PLANS.pop, key, None).atexit = False
    return plan


def normalise(plan: Plan, text: str) -> Norm:
    """``_engine._normalise`` for a scheme that is not line-based, without the offset map."""
    s = text.strip(_WS)
    base = text.find(s[0]) if s else 0
    url: str | None = None
    if plan.url_container:
        m = _URL_SPLIT(s)
        if m is not None:  # an http(s) URL (``_engine._URL_RE``): its last path segment
            url = s
            s, start = _last_segment(s, m)
            base += start
    table = plan.table
    if table is None or plan.touches is None or plan.touches(s) is None:
        return s, base, url, True
    t = s.translate(table)
    return t, base, url, len(t) == len(s)


#: ``_engine._URL_RE`` with the path (up to ``?`` or ``#``), when there is one, as group 1
_URL_SPLIT = re.compile(
    r"[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9\-._~%]+(?::[0-9]{1,5})?(?:(/[^?#]*)(?:[?#].*)?|[?#].*)?",
    re.S,
).fullmatch


def _last_segment(url: str, m: re.Match[str]) -> tuple[str, int]:
    """The last path segment of ``url`` and its offset, as ``_engine._normalise`` takes it.

    Trailing slashes are ignored; a URL without a path gives itself, one whose
    path is only slashes the part before the path.
    """
    path = m.group(1)
    if path is None:
        return url, 0
    trimmed = path.rstrip("/")
    if not trimmed:
        return url[: m.start(1)], 0
    k = trimmed.rfind("/") + 1
    return trimmed[k:], m.start(1) + k


def _path_last(url: str) -> str:
    """The last path segment of ``url`` (an http(s) URL), or ``url`` when it is not one."""
    m = _URL_SPLIT(url)
    return url if m is None else _last_segment(url, m)[0]


def _strip_label(labels: tuple[str, ...], line: str) -> str:
    """``_engine._strip_label`` without the offsets: the value after a known label."""
    if not labels or not line.startswith(labels):
        return line
    for label in labels:
        if line.startswith(label):
            rest = len(label)
            while rest < len(line) and line[rest] in " \t\u3000":
                rest += 1
            if rest < len(line) and line[rest] in ":：":
                rest += 1
                while rest < len(line) and line[rest] in " \t\u3000":
                    rest += 1
                return line[rest:]
    return line


def compact_text(plan: Plan, text: str) -> str:
    """What ``_engine.compact`` returns for ``text`` (a str within the length limit)."""
    if not plan.lines:
        return normalise(plan, text)[0]
    s = text.strip(_WS)
    if "\r" in s or "\\n" in s:
        s = _LINE_BREAKS.sub("\n", s)
    if plan.url_container:
        s = _path_last(s)
    if plan.table is not None:
        s = s.translate(plan.table)
    labels = plan.labels
    return "\n".join(_strip_label(labels, line).strip(" \t\u3000") for line in s.split("\n"))


# -- the fast path for valid codes ---------------------------------------------------


def _values(plan: Plan, t: str) -> _Split | None:
    """Split and check a fixed-layout code; None at the first problem of any kind."""
    split = plan.split
    meanings: list[Label | None] | None = None
    if split is not None:
        if plan.structural and not _printable_ascii(t):
            return None
        m = split(t)
        if m is None:
            return None
        parts: tuple[str, ...] = m.groups()
        for i, accepted in plan.enums:
            meaning = accepted.get(parts[i])
            if meaning is None:
                return None
            if meanings is None:
                meanings = [None] * len(parts)
            meanings[i] = meaning
        for i, sp in plan.semantic:
            if not sp.check(parts[i]):
                return None
        return parts, plan.starts, meanings
    # segments of varying length (not among the bundled schemes)
    n = len(t)
    if not plan.lo <= n <= plan.hi or not _printable_ascii(t):
        return None
    spare = n - plan.lo
    pos = 0
    values: list[str] = []
    starts: list[int] = []
    meanings = [None] * len(plan.segs)
    for k, sp in enumerate(plan.segs):
        length = sp.min + min(spare, sp.max - sp.min)  # as _engine._fixed splits
        value = t[pos : pos + length]
        if not sp.min <= len(value) <= sp.max or not sp.charset_ok(value):
            return None
        if sp.meanings is not None:
            meanings[k] = sp.meanings.get(value)
            if meanings[k] is None:
                return None
        if sp.semantic and not sp.check(value):
            return None
        values.append(value)
        starts.append(pos)
        pos += length
    return tuple(values), tuple(starts), meanings


def _checks(
    plan: Plan, t: str, parts: tuple[str, ...], starts: tuple[int, ...]
) -> list[CheckResult] | None:
    """Run the checks on a well-formed code; None when one fails or cannot be computed."""
    fixed = plan.split is not None
    out: list[CheckResult] = []
    for cp in plan.checks:
        found = parts[cp.index]
        compute = cp.compute
        expected: str | None = None
        if compute is not None:
            span = cp.span
            body = (
                t[span[0] : span[1]] if span is not None else "".join([parts[i] for i in cp.body])
            )
            try:
                expected = compute(body)
            except TraceCodeError:
                return None
            if expected != found:
                return None
        if fixed:
            out.append(cp.result(found, starts[cp.index], expected))
        else:
            out.append(cp._make(found, starts[cp.index], expected))
    return out


def _checks_pass(plan: Plan, parts: tuple[str, ...]) -> bool:
    """The computable checks of a well-formed code all match."""
    for cp in plan.checks:
        alg = cp.algorithm
        if alg is None:
            continue
        try:
            if alg.compute("".join([parts[i] for i in cp.body])) != parts[cp.index]:
                return False
        except TraceCodeError:
            return False
    return True


def _sub_valid(scheme_id: str, value: str) -> bool:
    """True when ``value`` is a code of ``scheme_id`` without errors (warnings allowed)."""
    sub = get_scheme(scheme_id)
    plan = plan_for(sub)
    if plan.pure is not None:  # a code of this scheme is valid exactly when it splits
        t = value.strip(_WS)
        return bool(t) and plan.pure(t) is not None
    if plan.fast:
        t = normalise(plan, value)[0]
        split = _values(plan, t) if t else None
        if split is not None and _checks_pass(plan, split[0]):
            return True
    try:
        return not _engine.parse_full(sub, value, lenient=True).errors
    except TraceCodeError:
        return False


#: a fixed-layout code that passed every check: (values, their offsets in the compact
#: form, enumeration meanings, check outcomes, warnings)
Checked = tuple[
    tuple[str, ...],
    tuple[int, ...],
    "list[Label | None] | None",
    list[CheckResult],
    tuple[TraceCodeError, ...],
]


def check_norm(
    plan: Plan, scheme: Scheme, text: str, norm: Norm, results: bool = True
) -> Checked | None:
    """Check ``text`` (normalised as ``norm``) without building the parsed code.

    None when the code is not a valid, unremarkable code of the scheme (see
    :func:`parse_valid`); otherwise what :func:`parse_norm` builds the code from
    (without the check outcomes when ``results`` is false).
    """
    t, base, _, affine = norm
    if not t:
        return None
    split = _values(plan, t)
    if split is None:
        return None
    parts, starts, meanings = split
    checks: list[CheckResult] | None
    if results:
        checks = _checks(plan, t, parts, starts)
        if checks is None:
            return None
    elif _checks_pass(plan, parts):
        checks = []
    else:
        return None
    warnings: tuple[TraceCodeError, ...] = ()
    for cp in plan.opaque:
        start = starts[cp.index]
        pos = base + start if affine else _engine._normalise(scheme, text).pos(start)
        # make_error("CHECK_NOT_VERIFIED", ...) without looking the class up each time
        err = _NOT_VERIFIED(
            "CHECK_NOT_VERIFIED",
            position=pos,
            scheme=plan.id,
            field=cp.check,
            found=repr(parts[cp.index]),
        )
        warnings = (*warnings, err)
    return parts, starts, meanings, checks, warnings


def parse_norm(plan: Plan, scheme: Scheme, text: str, norm: Norm) -> SchemeCode | None:
    """:func:`parse_valid` given the plan and ``normalise(plan, text)``."""
    checked = check_norm(plan, scheme, text, norm)
    if checked is None:
        return None
    parts, starts, meanings, checks, warnings = checked
    t, _, url, _ = norm
    segments: list[ParsedSegment] = []
    if plan.split is not None:  # fixed offsets: shared segments for values seen before
        for k, sp in enumerate(plan.segs):
            value = parts[k]
            cache = sp.cache
            seg = None if cache is None else cache.get(value)
            if seg is None:
                meaning = None if meanings is None else meanings[k]
                seg = sp.parsed(value, starts[k], meaning)
            segments.append(seg)
    else:
        for k, sp in enumerate(plan.segs):
            meaning = None if meanings is None else meanings[k]
            segments.append(ParsedSegment(sp.name, sp.label, parts[k], starts[k], meaning, sp.note))
    return SchemeCode(plan.id, text, t, tuple(segments), tuple(checks), (), warnings, url, scheme)


def parse_valid(scheme: Scheme, text: str) -> SchemeCode | None:
    """Parse ``text`` if it is a valid, unremarkable code of ``scheme``; else None.

    The result equals what the full engine returns.  None means "ask the full
    engine" (errors, warnings other than CHECK_NOT_VERIFIED, other layouts).
    """
    plan = plan_for(scheme)
    if not plan.fast or not isinstance(text, str) or len(text) > _engine.MAX_INPUT:
        return None
    return parse_norm(plan, scheme, text, normalise(plan, text))
