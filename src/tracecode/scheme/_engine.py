"""The generic engine: one code path for every scheme file.

Four layouts cover the bundled schemes: ``fixed`` (segments side by side),
``delimited`` (tokens split on a separator, with optional tagged tokens),
``lines`` (one labelled item per line) and ``url`` (parts of an http(s) URL).
Error positions refer to the input as given; segment offsets in a parsed code
refer to its canonical (compact) form.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import random
import re
import string
from collections.abc import Mapping

import attrs

from tracecode.errors import TraceCodeError, make_error, raw
from tracecode.scheme import _fast
from tracecode.scheme._charsets import (
    CHARSETS,
    TEXT,
    describe,
    first_bad,
    is_control,
    is_foreign_digit,
)
from tracecode.scheme._model import (
    CheckResult,
    Label,
    ParsedSegment,
    Scheme,
    SchemeCode,
    Segment,
)

__all__ = [
    "MAX_INPUT",
    "compact",
    "explain",
    "format_code",
    "generate",
    "parse",
    "parse_full",
]

#: Longest input accepted (characters).
MAX_INPUT = 10_000

_WS = " \t\r\n\f\v"
_URL_RE = re.compile(
    r"[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9\-._~%]+(?::[0-9]{1,5})?(?:[/?#].*)?", re.S
)
_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


@attrs.frozen(slots=True)
class _Norm:
    """Normalised input with a map back to offsets in the original text."""

    text: str
    index: tuple[int, ...]
    url: str | None = None

    def pos(self, i: int) -> int:
        if i < len(self.index):
            return self.index[i]
        return self.index[-1] + 1 if self.index else 0


def _is_url(text: str) -> bool:
    return _URL_RE.fullmatch(text) is not None


def _normalise(scheme: Scheme, text: str) -> _Norm:
    if not isinstance(text, str):
        raise TypeError(f"expected str, not {type(text).__name__}")
    if len(text) > MAX_INPUT:
        raise make_error("INPUT_TOO_LONG", position=MAX_INPUT, detail=f"limit {MAX_INPUT}")
    start, end = 0, len(text)
    while start < end and text[start] in _WS:
        start += 1
    while end > start and text[end - 1] in _WS:
        end -= 1
    chars = list(text[start:end])
    index = list(range(start, end))
    url: str | None = None
    if scheme.layout == "lines":
        out_c: list[str] = []
        out_i: list[int] = []
        i = 0
        while i < len(chars):
            pair = "".join(chars[i : i + 2])
            if pair in ("\r\n", "\\n"):
                out_c.append("\n")
                out_i.append(index[i])
                i += 2
                continue
            out_c.append("\n" if chars[i] == "\r" else chars[i])
            out_i.append(index[i])
            i += 1
        chars, index = out_c, out_i
    if "url-path-last" in scheme.containers and _is_url("".join(chars)):
        url = "".join(chars)
        stop = len(url)
        for mark in "?#":
            k = url.find(mark)
            if 0 <= k < stop:
                stop = k
        path_start = url.find("/", url.find("://") + 3)
        if path_start >= 0 and path_start < stop:
            last_end = stop
            while last_end > path_start and url[last_end - 1] == "/":
                last_end -= 1
            last_start = url.rfind("/", path_start, last_end) + 1
            chars = chars[last_start:last_end]
            index = index[last_start:last_end]
    if scheme.remove:
        keep = [k for k, ch in enumerate(chars) if ch not in scheme.remove]
        chars = [chars[k] for k in keep]
        index = [index[k] for k in keep]
    joined = "".join(chars)
    if scheme.uppercase:
        joined = joined.translate(_UPPER)
    return _Norm(joined, tuple(index), url)


def _strip_label(scheme: Scheme, line: str) -> tuple[str, int, str | None]:
    """Remove a known ``label：`` prefix; return value, offset of value, label used."""
    for seg in scheme.segments:
        for label in seg.line_labels:
            if line.startswith(label):
                rest = len(label)
                while rest < len(line) and line[rest] in " \t\u3000":
                    rest += 1
                if rest < len(line) and line[rest] in ":：":
                    rest += 1
                    while rest < len(line) and line[rest] in " \t\u3000":
                        rest += 1
                    return line[rest:], rest, seg.name
    return line, 0, None


def compact(scheme: Scheme, text: str) -> str:
    """Normalise ``text`` for ``scheme`` (no validation)."""
    norm = _normalise(scheme, text)
    if scheme.layout != "lines":
        return norm.text
    return "\n".join(
        _strip_label(scheme, line)[0].strip(" \t\u3000") for line in norm.text.split("\n")
    )


class _Acc:
    """Collects segments, errors and warnings while parsing."""

    def __init__(self, scheme: Scheme, norm: _Norm) -> None:
        self.scheme = scheme
        self.norm = norm
        self.segments: list[ParsedSegment] = []
        self.errors: list[TraceCodeError] = []
        self.warnings: list[TraceCodeError] = []
        self.ok: dict[str, bool] = {}
        self.checks: list[CheckResult] = []
        #: check segments whose algorithm is public (a wrong character there is a wrong check)
        self.computed = {c.check for c in scheme.checks if c.algorithm != "opaque"}

    def error(self, code: str, pos: int | None, *, warning: bool = False, **kw: object) -> None:
        err = make_error(
            code, position=None if pos is None else self.norm.pos(pos), scheme=self.scheme.id, **kw
        )
        (self.warnings if warning else self.errors).append(err)

    def values(self) -> dict[str, str]:
        return {s.name: s.value for s in self.segments}

    def starts(self) -> dict[str, int | None]:
        return {s.name: s.start for s in self.segments}


def _length_text(seg: Segment) -> str:
    if seg.fixed:
        return f"{seg.min_length} characters"
    return f"{seg.min_length} to {seg.max_length} characters"


def _date_ok(value: str, form: str) -> bool:
    try:
        if form == "YYYYMMDD":
            y, m, d = int(value[:4]), int(value[4:6]), int(value[6:8])
        elif form == "YYMMDD":
            y, m, d = 2000 + int(value[:2]), int(value[2:4]), int(value[4:6])
            if d == 0:  # GS1 and MA practice: day 00 = no specific day
                d = 1
        else:  # YYYYMM
            y, m, d = int(value[:4]), int(value[4:6]), 1
        _dt.date(y, m, d)
    except ValueError:
        return False
    return y >= 1900


def to_date(value: str, form: str) -> _dt.date | None:
    """Return the date a segment value denotes (YYMMDD in 2000-2099; day 00 = last day)."""
    if not _date_ok(value, form):
        return None
    if form == "YYYYMMDD":
        return _dt.date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    if form == "YYMMDD":
        y, m, d = 2000 + int(value[:2]), int(value[2:4]), int(value[4:6])
        return _dt.date(y, m, d or calendar.monthrange(y, m)[1])
    return _dt.date(int(value[:4]), int(value[4:6]), 1)


def _check_segment(
    acc: _Acc, seg: Segment, value: str, start: int, canon_start: int | None
) -> None:
    """Length, characters, literal and semantic checks of one segment value."""
    meaning: Label | None = None
    ok = True
    if not seg.min_length <= len(value) <= seg.max_length:
        code = "TOO_SHORT" if len(value) < seg.min_length else "TOO_LONG"
        pos = start + min(len(value), seg.max_length)
        acc.error(
            code,
            pos,
            field=seg.name,
            expected=raw(_length_text(seg)),
            found=raw(f"{len(value)} characters"),
        )
        ok = False
    bad = first_bad(value, seg.charset, seg.alphabet)
    if bad >= 0:
        ch = value[bad]
        if is_foreign_digit(ch):
            acc.error("NON_ASCII_DIGIT", start + bad, field=seg.name, found=ch)
        elif is_control(ch):
            acc.error(
                "CONTROL_CHARACTER", start + bad, field=seg.name, found=raw(f"U+{ord(ch):04X}")
            )
        elif seg.name in acc.computed and len(value) == seg.max_length:
            bad = -1  # a wrong check character: the check reports expected and found
        else:
            expected = raw(describe(seg.charset, seg.alphabet))
            acc.error("INVALID_CHARACTER", start + bad, field=seg.name, expected=expected, found=ch)
        ok = bad < 0 and ok
    if ok and seg.literal is not None and value != seg.literal:
        acc.error("SCHEME_MISMATCH", start, field=seg.name, expected=seg.literal, found=value)
        ok = False
    acc.ok[seg.name] = ok
    if ok:
        meaning = _semantics(acc, seg, value, start)
    acc.segments.append(ParsedSegment(seg.name, seg.label, value, canon_start, meaning, seg.note))


def _semantics(acc: _Acc, seg: Segment, value: str, start: int) -> Label | None:
    warn = seg.severity == "warning"
    meaning: Label | None = None
    if seg.values:
        entry = seg.meaning(value)
        if entry is None:
            allowed = ", ".join(v.value for v in seg.values)
            acc.error(
                "INVALID_VALUE",
                start,
                warning=warn,
                field=seg.name,
                expected=raw(f"one of {allowed}"),
                found=value,
            )
        else:
            meaning = entry.label
            if entry.warning:
                acc.error(
                    "LEGACY_VALUE",
                    start,
                    warning=True,
                    field=seg.name,
                    found=value,
                    detail=entry.warning,
                )
    if seg.range is not None:
        lo, hi = seg.range
        if not lo <= int(value) <= hi:
            width = len(value)
            acc.error(
                "INVALID_VALUE",
                start,
                warning=warn,
                field=seg.name,
                expected=raw(f"{lo:0{width}d} to {hi:0{width}d}"),
                found=value,
            )
    if seg.date is not None and not _date_ok(value, seg.date):
        acc.error(
            "INVALID_VALUE",
            start,
            warning=warn,
            field=seg.name,
            expected=raw(f"a date {seg.date}"),
            found=value,
        )
    if seg.url and not _is_url(value):
        acc.error(
            "INVALID_FORMAT",
            start,
            warning=warn,
            field=seg.name,
            expected=raw("an http(s) URL"),
            found=value,
        )
    if seg.scheme is not None:
        from tracecode.scheme._registry import get_scheme

        try:
            sub = get_scheme(seg.scheme).parse(value, lenient=True)
            problems = [*sub.errors]
        except TraceCodeError as failure:
            problems = [failure]
        for sub_err in problems:
            pos = start + (sub_err.position or 0)
            acc.error(
                sub_err.code,
                pos,
                warning=warn,
                field=seg.name,
                expected=raw(sub_err.expected) if sub_err.expected is not None else None,
                found=raw(sub_err.found) if sub_err.found is not None else None,
                detail=f"not a valid {seg.scheme}",
            )
    return meaning


def _fixed(acc: _Acc) -> None:
    scheme, text = acc.scheme, acc.norm.text
    lo = sum(s.min_length for s in scheme.segments)
    hi = sum(s.max_length for s in scheme.segments)
    n = len(text)
    if not lo <= n <= hi:
        want = f"{lo} characters" if lo == hi else f"{lo} to {hi} characters"
        acc.error(
            "TOO_SHORT" if n < lo else "TOO_LONG",
            min(n, hi),
            expected=raw(want),
            found=raw(f"{n} characters"),
        )
        return
    spare = n - lo
    pos = 0
    for seg in scheme.segments:
        length = seg.min_length + min(spare, seg.max_length - seg.min_length)
        _check_segment(acc, seg, text[pos : pos + length], pos, pos)
        pos += length


def _delimited(acc: _Acc) -> None:
    scheme, text = acc.scheme, acc.norm.text
    sep = scheme.separator
    tokens: list[tuple[str, int]] = []
    pos = 0
    for tok in text.split(sep):
        tokens.append((tok, pos))
        pos += len(tok) + len(sep)
    plain = [s for s in scheme.segments if s.tag is None]
    tagged = sorted(
        (s for s in scheme.segments if s.tag is not None), key=lambda s: -len(s.tag or "")
    )
    if len(tokens) < len(plain):
        acc.error(
            "INVALID_FORMAT",
            len(text),
            expected=raw(f"at least {len(plain)} parts separated by {sep!r}"),
            found=raw(f"{len(tokens)} parts"),
        )
        return
    for seg, (tok, start) in zip(plain, tokens, strict=False):
        _check_segment(acc, seg, tok, start, start)
    seen: set[str] = set()
    for tok, start in tokens[len(plain) :]:
        match = next((s for s in tagged if tok.startswith(s.tag or "")), None)
        if match is None or match.name in seen:
            tags = ", ".join(s.tag or "" for s in scheme.segments if s.tag)
            acc.error(
                "INVALID_FORMAT",
                start,
                expected=raw(
                    f"a part starting with one of {tags}" + (" (each once)" if match else "")
                ),
                found=tok[:1] or raw("an empty part"),
            )
            continue
        seen.add(match.name)
        k = len(match.tag or "")
        _check_segment(acc, match, tok[k:], start + k, start + k)


def _lines(acc: _Acc) -> None:
    scheme, text = acc.scheme, acc.norm.text
    lines: list[tuple[str, int]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((line, pos))
        pos += len(line) + 1
    want = len(scheme.segments)
    if len(lines) != want:
        at = lines[want][1] if len(lines) > want else len(text)
        acc.error(
            "INVALID_FORMAT",
            at,
            expected=raw(f"{want} lines"),
            found=raw(f"{len(lines)} lines"),
        )
        return
    canon = 0
    for seg, (line, start) in zip(scheme.segments, lines, strict=True):
        value, offset, owner = _strip_label(scheme, line)
        if owner is not None and owner != seg.name:
            acc.error(
                "INVALID_FORMAT",
                start,
                field=seg.name,
                expected=raw(f"the {seg.label.en} ({seg.label.zh}) on this line"),
                found=raw(f"the line of '{owner}'"),
            )
        lead = len(value) - len(value.lstrip(" \t\u3000"))
        value = value.strip(" \t\u3000")
        _check_segment(acc, seg, value, start + offset + lead, canon)
        canon += len(value) + 1


def _url(acc: _Acc) -> None:
    scheme, text = acc.scheme, acc.norm.text
    if not _is_url(text):
        acc.error("SCHEME_MISMATCH", 0, expected=raw("an http(s) URL"), found=text[:8])
        return
    q = text.find("?")
    stop = q if q >= 0 else len(text)
    path_start = text.find("/", text.find("://") + 3)
    parts: dict[str, tuple[str, int] | None] = {"query": (text[q + 1 :], q + 1) if q >= 0 else None}
    if path_start < 0 or path_start >= stop:
        last_start = stop
    else:
        last_start = text.rfind("/", path_start, stop) + 1
    parts["base"] = (text[:last_start], 0)
    parts["path-last"] = (text[last_start:stop], last_start)
    for seg in scheme.segments:
        found = parts.get(seg.part or "")
        if found is None or (not found[0] and seg.optional):
            if not seg.optional:
                acc.error(
                    "INVALID_FORMAT",
                    len(text),
                    field=seg.name,
                    expected=raw(seg.label.en),
                    found=raw("nothing"),
                )
            continue
        _check_segment(acc, seg, found[0], found[1], found[1])


_LAYOUTS = {"fixed": _fixed, "delimited": _delimited, "lines": _lines, "url": _url}


def _run_checks(acc: _Acc) -> None:
    from tracecode import checksum

    values = acc.values()
    starts = acc.starts()
    for chk in acc.scheme.checks:
        if chk.check not in values:
            continue  # an optional check segment that is absent
        found = values[chk.check]
        position = starts.get(chk.check)
        names = (*chk.body, chk.check)
        complete = all(n in values and acc.ok.get(n, False) for n in names)
        if chk.algorithm == "opaque":
            acc.checks.append(
                CheckResult(
                    chk.id, chk.algorithm, chk.label, chk.check, position, found, None, None
                )
            )
            if complete:
                pos = _input_pos(acc, chk.check)
                acc.error("CHECK_NOT_VERIFIED", pos, warning=True, field=chk.check, found=found)
            continue
        if not complete:
            acc.checks.append(
                CheckResult(
                    chk.id, chk.algorithm, chk.label, chk.check, position, found, None, None
                )
            )
            continue
        alg = checksum.get(chk.algorithm)
        body = "".join(values[n] for n in chk.body)
        try:
            expected = alg.compute(body)
        except TraceCodeError:
            expected = None
        if expected is None:
            _bad_body(acc, chk.body, alg.body_alphabet)
            acc.checks.append(
                CheckResult(
                    chk.id, chk.algorithm, chk.label, chk.check, position, found, None, None
                )
            )
            continue
        verified = expected == found
        acc.checks.append(
            CheckResult(
                chk.id, chk.algorithm, chk.label, chk.check, position, found, expected, verified
            )
        )
        if not verified:
            acc.error(
                alg.mismatch_code,
                _input_pos(acc, chk.check),
                warning=chk.severity == "warning",
                field=chk.check,
                expected=expected,
                found=found,
            )


def _charset_name(alphabet: str) -> str:
    return next((n for n, a in CHARSETS.items() if a == alphabet), "custom")


def _bad_body(acc: _Acc, names: tuple[str, ...], alphabet: str) -> None:
    """Report the first body character the check algorithm cannot take."""
    for name in names:
        pos = _input_pos(acc, name) or 0
        value = acc.values()[name]
        for i, ch in enumerate(value):
            if ch not in alphabet:
                acc.error(
                    "INVALID_CHARACTER",
                    pos + i,
                    field=name,
                    expected=raw(describe(_charset_name(alphabet), alphabet)),
                    found=ch,
                )
                return
    acc.error("INVALID_FORMAT", None, detail="the check body cannot be computed")


def _input_pos(acc: _Acc, name: str) -> int | None:
    """Offset (normalised coordinates) of segment ``name``; canonical = normalised except lines."""
    for seg in acc.segments:
        if seg.name == name:
            if acc.scheme.layout != "lines":
                return seg.start
            return _line_value_pos(acc, name)
    return None


def _line_value_pos(acc: _Acc, name: str) -> int | None:
    lines = acc.norm.text.split("\n")
    pos = 0
    for seg, line in zip(acc.scheme.segments, lines, strict=False):
        if seg.name == name:
            value, offset, _ = _strip_label(acc.scheme, line)
            return pos + offset + len(value) - len(value.lstrip(" \t\u3000"))
        pos += len(line) + 1
    return None


def _has_text_segment(scheme: Scheme) -> bool:
    return any(s.charset == TEXT for s in scheme.segments)


def parse(scheme: Scheme, text: str, *, lenient: bool = False) -> SchemeCode:
    """Parse ``text`` with ``scheme`` (see :meth:`Scheme.parse`).

    A valid code of a fixed-layout scheme takes the precompiled fast path
    (:func:`tracecode.scheme._fast.parse_valid`); everything else, and every code
    with problems, goes through :func:`parse_full`, which gives the same result.
    """
    code = _fast.parse_valid(scheme, text)
    if code is not None:
        return code
    return parse_full(scheme, text, lenient=lenient)


def parse_full(scheme: Scheme, text: str, *, lenient: bool = False) -> SchemeCode:
    """Parse ``text`` with ``scheme`` collecting every diagnostic (the reference path)."""
    norm = _normalise(scheme, text)
    if not norm.text:
        raise make_error("EMPTY_INPUT", position=None, scheme=scheme.id)
    acc = _Acc(scheme, norm)
    structural = False
    for i, ch in enumerate(norm.text):
        if is_control(ch) and not (ch == "\n" and scheme.layout == "lines"):
            acc.error("CONTROL_CHARACTER", i, found=raw(f"U+{ord(ch):04X}"))
            structural = True
            break
        if is_foreign_digit(ch) and not _has_text_segment(scheme):
            acc.error("NON_ASCII_DIGIT", i, found=ch)
            structural = True
            break
    if not structural:
        _LAYOUTS[scheme.layout](acc)
        _run_checks(acc)
    if acc.errors and not lenient:
        raise acc.errors[0]
    code = norm.text
    if scheme.layout == "lines" and len(acc.segments) == len(scheme.segments):
        code = "\n".join(s.value for s in acc.segments)
    return SchemeCode(
        scheme=scheme.id,
        text=text,
        code=code,
        segments=tuple(acc.segments),
        checks=tuple(acc.checks),
        errors=tuple(acc.errors),
        warnings=tuple(acc.warnings),
        url=norm.url,
        spec=scheme,
    )


def assemble(scheme: Scheme, values: Mapping[str, str]) -> str:
    """Join segment ``values`` into the canonical text of ``scheme`` (no checks)."""
    segs = [s for s in scheme.segments if s.name in values]
    if scheme.layout == "fixed":
        return "".join(values[s.name] for s in segs)
    if scheme.layout == "delimited":
        return scheme.separator.join((s.tag or "") + values[s.name] for s in segs)
    if scheme.layout == "lines":
        return "\n".join(values[s.name] for s in segs)
    out = ""
    query = ""
    for s in segs:
        if s.part == "query":
            query = values[s.name]
        else:
            out += values[s.name]
    return out + ("?" + query if query else "")


def format_code(scheme: Scheme, code: SchemeCode) -> str:
    """Display form of a parsed ``code``."""
    values = {s.name: s.value for s in code.segments}
    complete = all(s.name in values or s.optional for s in scheme.segments)
    if not complete:
        return code.code
    if scheme.template:
        return string.Formatter().vformat(scheme.template, (), values)
    if scheme.layout == "lines":
        out = []
        for s in scheme.segments:
            label = s.line_labels[0] if s.line_labels else s.label.zh
            out.append(f"{label}：{values.get(s.name, '')}")
        return "\n".join(out)
    return code.code


# -- generation -------------------------------------------------------------------


def _random_value(scheme: Scheme, seg: Segment, rng: random.Random) -> str:
    if seg.literal is not None:
        return seg.literal
    if seg.values:
        choices = [v.value for v in seg.values if v.warning is None] or [
            v.value for v in seg.values
        ]
        return rng.choice(choices)
    if seg.date is not None:
        day = _dt.date(2000, 1, 1) + _dt.timedelta(days=rng.randrange(365 * 38))
        fmt = {"YYYYMMDD": "%Y%m%d", "YYMMDD": "%y%m%d", "YYYYMM": "%Y%m"}[seg.date]
        return day.strftime(fmt)
    if seg.range is not None:
        lo, hi = seg.range
        return f"{rng.randint(lo, hi):0{seg.max_length}d}"
    if seg.scheme is not None:
        from tracecode.scheme._registry import get_scheme

        return get_scheme(seg.scheme).generate(rng=rng).code
    if seg.charset == TEXT or seg.url:
        if scheme.example:
            try:
                example = parse(scheme, scheme.example, lenient=True)
                value = example.get(seg.name)
                if value is not None:
                    return value
            except TraceCodeError:  # pragma: no cover - examples are tested
                pass
        return "https://example.com/" if seg.url else "示例"
    length = rng.randint(seg.min_length, seg.max_length)
    alphabet = seg.alphabet or CHARSETS["alnum"]
    return "".join(rng.choice(alphabet) for _ in range(length))


def generate(
    scheme: Scheme,
    values: Mapping[str, str],
    *,
    rng: random.Random | None = None,
    check: str | None = None,
) -> SchemeCode:
    """Build a code of ``scheme`` from ``values`` (see :meth:`Scheme.generate`)."""
    from tracecode import checksum

    rng = rng or random.SystemRandom()
    names = {s.name for s in scheme.segments}
    for name in values:
        if name not in names:
            raise make_error(
                "GENERATION_FAILED", field=name, scheme=scheme.id, detail="no such segment"
            )
    check_segments = {c.check for c in scheme.checks}
    out: dict[str, str] = {}
    for seg in scheme.segments:
        if seg.name in values:
            out[seg.name] = values[seg.name]
        elif seg.name in check_segments or seg.optional:
            continue
        else:
            out[seg.name] = _random_value(scheme, seg, rng)
    pending = [c for c in scheme.checks if c.check not in values]
    main = scheme.checks[0] if scheme.checks else None
    if check is not None:
        if main is None:
            raise make_error(
                "GENERATION_FAILED", scheme=scheme.id, detail="the scheme has no check characters"
            )
        out[main.check] = check
        pending = [c for c in pending if c is not main]
    while pending:
        progress = False
        for chk in list(pending):
            seg = scheme.segment(chk.check)
            if chk.algorithm == "opaque":
                if seg.optional:
                    pending.remove(chk)
                    progress = True
                    continue
                raise make_error("OPAQUE_CHECK", field=chk.check, scheme=scheme.id)
            if any(n not in out for n in chk.body):
                continue
            body = "".join(out[n] for n in chk.body)
            out[chk.check] = checksum.get(chk.algorithm).compute(body)
            pending.remove(chk)
            progress = True
        if not progress:  # pragma: no cover - guarded by the loader's tests
            raise make_error(
                "GENERATION_FAILED", scheme=scheme.id, detail="check segments depend on each other"
            )
    return parse(scheme, assemble(scheme, out))


# -- explanation --------------------------------------------------------------------


def explain(scheme: Scheme, code: SchemeCode, lang: str = "both") -> str:
    """Return a readable, segment-by-segment account of ``code``."""
    lines = [f"{scheme.id}  {scheme.name.text(lang)}  [{scheme.confidence}]"]
    shown = code.code.replace("\n", "\\n")
    lines.append(f"code: {shown}")
    if code.url:
        lines.append(f"scanned in URL: {code.url}")
    width = max([len(s.value) for s in code.segments] + [5])
    width = min(width, 40)
    lines.append(f"  {'pos':<6} {'value':<{width}}  segment")
    for s in code.segments:
        if s.start is None or scheme.layout == "lines":
            pos = "-"
        elif len(s.value) <= 1:
            pos = f"{s.start + 1}"
        else:
            pos = f"{s.start + 1}-{s.start + len(s.value)}"
        text = f"  {pos:<6} {s.value:<{width}}  {s.name}  {s.label.text(lang)}"
        if s.meaning is not None:
            text += f": {s.meaning.text(lang)}"
        if s.note:
            text += f" ({s.note})"
        lines.append(text)
    for c in code.checks:
        head = f"check {c.algorithm} ({c.label.text(lang)}): found {c.found}"
        if c.algorithm == "opaque":
            lines.append(f"{head}: not verified (the algorithm is not public)")
        elif c.verified is None:
            lines.append(f"{head}: not verified (the code is malformed)")
        else:
            state = "verified" if c.verified else "WRONG"
            lines.append(f"{head}, expected {c.expected}: {state}")
    lines.append("valid" if code.valid else "invalid")
    for e in code.errors:
        lines.append(f"  error {e.code}: {e.message('en')}")
    for w in code.warnings:
        lines.append(f"  warning {w.code}: {w.message('en')}")
    return "\n".join(lines)
