r"""Turn a ``spec/schemes/*.toml`` file into a :class:`~tracecode.scheme.Scheme`.

The loader is strict: an unknown key, an unknown character set or algorithm,
a segment referred to but not defined, a hint that uses ``\d`` or ``$``... all
raise :class:`~tracecode.errors.SpecError` ``SPEC_SYNTAX`` naming file and line.
"""

from __future__ import annotations

import re
import string
from types import MappingProxyType
from typing import Any, cast

from tracecode.errors import TraceCodeError
from tracecode.scheme._charsets import CHARSETS, TEXT
from tracecode.scheme._model import (
    Check,
    Confidence,
    Detect,
    EnumValue,
    Label,
    Layout,
    Scheme,
    Segment,
    Severity,
)
from tracecode.scheme._toml import Locator, load_toml, spec_error

__all__ = ["RECORD_FIELDS", "load_scheme_text"]

_TOP_KEYS = {
    "id",
    "name",
    "product_classes",
    "governing_document",
    "sources",
    "confidence",
    "confidence_note",
    "layout",
    "separator",
    "example",
    "notes",
    "carriers",
    "input",
    "format",
    "detect",
    "record",
    "query",
    "segments",
    "checks",
}
_SEGMENT_KEYS = {
    "name",
    "label",
    "length",
    "min_length",
    "max_length",
    "charset",
    "chars",
    "literal",
    "values",
    "range",
    "date",
    "scheme",
    "url",
    "severity",
    "optional",
    "tag",
    "line_labels",
    "part",
    "note",
}
_CHECK_KEYS = {"id", "algorithm", "body", "check", "label", "severity", "source"}
_INPUT_KEYS = {"remove", "uppercase", "containers"}
_DETECT_KEYS = {"priority", "hint", "reason", "prefer_prefixes"}
_QUERY_KEYS = {"url", "method", "note"}
#: Fields of the unified record a scheme file may map (see ``spec/record.schema.json``).
RECORD_FIELDS = (
    "subject",
    "subject_name",
    "product_id",
    "batch",
    "production_date",
    "expiry_date",
    "serial",
    "query_url",
)
_CONFIDENCE = ("confirmed", "partial", "unverified")
_LAYOUTS = ("fixed", "delimited", "lines", "url")
_DATES = {"YYYYMMDD": 8, "YYMMDD": 6, "YYYYMM": 6}
_PARTS = ("base", "path-last", "query")
_CONTAINERS = ("bare", "url-path-last")
_FORBIDDEN_IN_HINTS = ("\\d", "\\w", "\\s", "\\D", "\\W", "\\S", "$")
_ID_RE = re.compile(r"[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*")
_NAME_RE = re.compile(r"[a-z][a-z0-9_]*")


class _Ctx:
    """The file being loaded: its name and a line locator."""

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.loc = Locator(text)

    def fail(
        self,
        message: str,
        table: str | None = None,
        index: int | None = None,
        key: str | None = None,
    ) -> TraceCodeError:
        return spec_error(self.file, self.loc.line(table, index, key), message)


def _type(ctx: _Ctx, value: Any, kind: type | tuple[type, ...], what: str, **where: Any) -> Any:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise ctx.fail(f"{what} must be {names}", **where)
    return value


def _label(ctx: _Ctx, value: Any, what: str, **where: Any) -> Label:
    if isinstance(value, str):
        return Label(value, value)
    table = _type(ctx, value, dict, what, **where)
    extra = set(table) - {"en", "zh"}
    if extra or not isinstance(table.get("en"), str) or not isinstance(table.get("zh"), str):
        raise ctx.fail(f"{what} must be {{ en = '...', zh = '...' }}", **where)
    return Label(table["en"], table["zh"])


def _str_list(ctx: _Ctx, value: Any, what: str, **where: Any) -> tuple[str, ...]:
    items = _type(ctx, value, list, what, **where)
    for item in items:
        _type(ctx, item, str, f"every item of {what}", **where)
    return tuple(items)


def _unknown(ctx: _Ctx, data: dict[str, Any], allowed: set[str], **where: Any) -> None:
    extra = sorted(set(data) - allowed)
    if extra:
        raise ctx.fail(f"unknown key {extra[0]!r}", key=extra[0], **where)


def _segment(ctx: _Ctx, raw: Any, index: int, layout: str) -> Segment:
    where: dict[str, Any] = {"table": "segments", "index": index}
    table = _type(ctx, raw, dict, "a segment", **where)
    _unknown(ctx, table, _SEGMENT_KEYS, **where)
    name = _type(ctx, table.get("name"), str, "segment name", key="name", **where)
    if not _NAME_RE.fullmatch(name):
        raise ctx.fail(f"segment name {name!r} must be lower_snake_case", key="name", **where)
    label = _label(ctx, table.get("label"), f"label of segment {name!r}", key="label", **where)
    if "length" in table:
        if "min_length" in table or "max_length" in table:
            raise ctx.fail("give either length or min_length/max_length", key="length", **where)
        lo = hi = _type(ctx, table["length"], int, "length", key="length", **where)
    else:
        lo = _type(ctx, table.get("min_length", 1), int, "min_length", key="min_length", **where)
        if "max_length" not in table:
            raise ctx.fail(f"segment {name!r} needs length or max_length", **where)
        hi = _type(ctx, table["max_length"], int, "max_length", key="max_length", **where)
    if not 0 < lo <= hi <= 4096:
        raise ctx.fail(f"segment {name!r}: lengths must satisfy 0 < min <= max", **where)
    if "chars" in table:
        if "charset" in table:
            raise ctx.fail("give either charset or chars", key="chars", **where)
        alphabet = _type(ctx, table["chars"], str, "chars", key="chars", **where)
        charset = "custom"
        if not alphabet or not alphabet.isascii():
            raise ctx.fail("chars must be non-empty ASCII", key="chars", **where)
    else:
        charset = _type(ctx, table.get("charset"), str, "charset", key="charset", **where)
        if charset not in CHARSETS:
            known = ", ".join(sorted(CHARSETS))
            raise ctx.fail(f"unknown charset {charset!r} (known: {known})", key="charset", **where)
        alphabet = CHARSETS[charset]

    def in_set(value: str) -> bool:
        return charset == TEXT or all(ch in alphabet for ch in value)

    literal = table.get("literal")
    if literal is not None:
        literal = _type(ctx, literal, str, "literal", key="literal", **where)
        if not lo <= len(literal) <= hi or not in_set(literal):
            raise ctx.fail(
                "literal does not fit the segment's length or charset", key="literal", **where
            )
    values: list[EnumValue] = []
    for key, meaning in _type(
        ctx, table.get("values", {}), dict, "values", key="values", **where
    ).items():
        if not lo <= len(key) <= hi or not in_set(key):
            raise ctx.fail(
                f"enumerated value {key!r} does not fit the segment", key="values", **where
            )
        warning = None
        if isinstance(meaning, dict) and "warning" in meaning:
            meaning = dict(meaning)
            warning = _type(ctx, meaning.pop("warning"), str, "warning", key="values", **where)
        values.append(
            EnumValue(
                key, _label(ctx, meaning, f"meaning of {key!r}", key="values", **where), warning
            )
        )
    rng = table.get("range")
    if rng is not None:
        if (
            not isinstance(rng, list)
            or len(rng) != 2
            or not all(isinstance(x, int) and not isinstance(x, bool) for x in rng)
            or rng[0] > rng[1]
        ):
            raise ctx.fail("range must be [low, high] integers", key="range", **where)
        if charset != "digits":
            raise ctx.fail("range needs charset 'digits'", key="range", **where)
        rng = (rng[0], rng[1])
    date = table.get("date")
    if date is not None:
        if not isinstance(date, str) or date not in _DATES:
            raise ctx.fail(f"date must be one of {', '.join(_DATES)}", key="date", **where)
        if not lo == hi == _DATES[date] or charset != "digits":
            raise ctx.fail(f"date {date} needs a {_DATES[date]}-digit segment", key="date", **where)
    sub = table.get("scheme")
    if sub is not None:
        _type(ctx, sub, str, "scheme", key="scheme", **where)
    severity = table.get("severity", "error")
    if severity not in ("error", "warning"):
        raise ctx.fail("severity must be 'error' or 'warning'", key="severity", **where)
    optional = _type(ctx, table.get("optional", False), bool, "optional", key="optional", **where)
    tag = table.get("tag")
    if tag is not None:
        tag = _type(ctx, tag, str, "tag", key="tag", **where)
        if layout != "delimited" or not tag:
            raise ctx.fail("tag is only for the delimited layout", key="tag", **where)
    part = table.get("part")
    if layout == "url":
        if part not in _PARTS:
            raise ctx.fail(
                f"url layout: part must be one of {', '.join(_PARTS)}", key="part", **where
            )
    elif part is not None:
        raise ctx.fail("part is only for the url layout", key="part", **where)
    line_labels = _str_list(
        ctx, table.get("line_labels", []), "line_labels", key="line_labels", **where
    )
    if line_labels and layout != "lines":
        raise ctx.fail("line_labels is only for the lines layout", key="line_labels", **where)
    if optional and layout == "fixed":
        raise ctx.fail("a fixed layout has no optional segments", key="optional", **where)
    note = table.get("note")
    if note is not None:
        _type(ctx, note, str, "note", key="note", **where)
    return Segment(
        name=name,
        label=label,
        min_length=lo,
        max_length=hi,
        charset=charset,
        alphabet=alphabet,
        literal=literal,
        values=tuple(values),
        range=rng,
        date=date,
        scheme=sub,
        url=_type(ctx, table.get("url", False), bool, "url", key="url", **where),
        severity=cast(Severity, severity),
        optional=optional,
        tag=tag,
        line_labels=line_labels,
        part=part,
        note=note,
    )


def _check(ctx: _Ctx, raw: Any, index: int, names: list[str]) -> Check:
    from tracecode import checksum

    where: dict[str, Any] = {"table": "checks", "index": index}
    table = _type(ctx, raw, dict, "a check", **where)
    _unknown(ctx, table, _CHECK_KEYS, **where)
    algorithm = _type(ctx, table.get("algorithm"), str, "algorithm", key="algorithm", **where)
    if algorithm != "opaque":
        try:
            checksum.get(algorithm)
        except TraceCodeError:
            raise ctx.fail(
                f"unknown check algorithm {algorithm!r}", key="algorithm", **where
            ) from None
    check = _type(ctx, table.get("check"), str, "check", key="check", **where)
    body = _str_list(ctx, table.get("body", []), "body", key="body", **where)
    for name in (*body, check):
        if name not in names:
            raise ctx.fail(f"no segment called {name!r}", key="body", **where)
    if algorithm != "opaque" and not body:
        raise ctx.fail("a computable check needs body segments", key="body", **where)
    severity = table.get("severity", "error")
    if severity not in ("error", "warning"):
        raise ctx.fail("severity must be 'error' or 'warning'", key="severity", **where)
    return Check(
        id=_type(ctx, table.get("id", algorithm), str, "id", key="id", **where),
        algorithm=algorithm,
        body=body,
        check=check,
        label=_label(ctx, table.get("label", algorithm), "label", key="label", **where),
        severity=cast(Severity, severity),
        source=_type(ctx, table.get("source", ""), str, "source", key="source", **where),
    )


def _fields(template: str) -> list[str]:
    return [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]


def load_scheme_text(text: str, file: str = "<string>") -> Scheme:
    """Build a :class:`Scheme` from the TOML ``text`` of a scheme file.

    >>> s = load_scheme_text('''
    ... id = "x.demo"
    ... name = { en = "Demo", zh = "示例" }
    ... product_classes = []
    ... governing_document = "none"
    ... sources = ["made up for this example"]
    ... confidence = "unverified"
    ... confidence_note = "an example"
    ... layout = "fixed"
    ... [detect]
    ... priority = 1
    ... reason = "demo"
    ... [[segments]]
    ... name = "n"
    ... label = { en = "number", zh = "号码" }
    ... length = 3
    ... charset = "digits"
    ... ''')
    >>> s.validate("123"), s.check_algorithm
    ('123', 'none')
    """
    ctx = _Ctx(file, text)
    data = load_toml(text, file)
    _unknown(ctx, data, _TOP_KEYS)
    sid = _type(ctx, data.get("id"), str, "id", key="id")
    if not _ID_RE.fullmatch(sid):
        raise ctx.fail(f"scheme id {sid!r} is not lower-case dotted", key="id")
    confidence = data.get("confidence")
    if confidence not in _CONFIDENCE:
        raise ctx.fail(f"confidence must be one of {', '.join(_CONFIDENCE)}", key="confidence")
    sources = _str_list(ctx, data.get("sources", []), "sources", key="sources")
    if not sources:
        raise ctx.fail("a scheme must cite at least one source", key="sources")
    layout = data.get("layout")
    if layout not in _LAYOUTS:
        raise ctx.fail(f"layout must be one of {', '.join(_LAYOUTS)}", key="layout")
    raw_segments = _type(ctx, data.get("segments"), list, "segments", key="segments")
    segments = tuple(_segment(ctx, raw, i, layout) for i, raw in enumerate(raw_segments))
    names = [s.name for s in segments]
    if not segments:
        raise ctx.fail("a scheme needs segments", key="segments")
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise ctx.fail(f"duplicate segment name {sorted(dup)[0]!r}", "segments")
    separator = _type(ctx, data.get("separator", ""), str, "separator", key="separator")
    if layout == "fixed" and sum(1 for s in segments if not s.fixed) > 1:
        raise ctx.fail("a fixed layout allows at most one variable-length segment", "segments")
    if layout == "delimited":
        if not separator:
            raise ctx.fail("the delimited layout needs a separator", key="separator")
        seen_tag = False
        for i, s in enumerate(segments):
            if s.tag is None and seen_tag:
                raise ctx.fail("untagged segments must come before tagged ones", "segments", i)
            if s.tag is None and s.optional:
                raise ctx.fail("untagged segments cannot be optional", "segments", i)
            seen_tag = seen_tag or s.tag is not None
    checks = tuple(
        _check(ctx, raw, i, names)
        for i, raw in enumerate(_type(ctx, data.get("checks", []), list, "checks", key="checks"))
    )
    inp = _type(ctx, data.get("input", {}), dict, "[input]", key="input")
    _unknown(ctx, inp, _INPUT_KEYS, table="input")
    containers = _str_list(
        ctx, inp.get("containers", ["bare"]), "containers", table="input", key="containers"
    )
    for c in containers:
        if c not in _CONTAINERS:
            raise ctx.fail(f"unknown container {c!r}", "input", key="containers")
    det = _type(ctx, data.get("detect"), dict, "[detect]", key="detect")
    _unknown(ctx, det, _DETECT_KEYS, table="detect")
    hint = det.get("hint")
    if hint is not None:
        _type(ctx, hint, str, "hint", table="detect", key="hint")
        for bad in _FORBIDDEN_IN_HINTS:
            if bad in hint:
                raise ctx.fail(f"hint must use explicit classes, not {bad!r}", "detect", key="hint")
        try:
            re.compile(hint)
        except re.error as err:
            raise ctx.fail(
                f"hint is not a regular expression: {err}", "detect", key="hint"
            ) from None
    detect = Detect(
        priority=_type(ctx, det.get("priority"), int, "priority", table="detect", key="priority"),
        hint=hint,
        reason=_type(ctx, det.get("reason"), str, "reason", table="detect", key="reason"),
        prefer_prefixes=_str_list(
            ctx,
            det.get("prefer_prefixes", []),
            "prefer_prefixes",
            table="detect",
            key="prefer_prefixes",
        ),
    )
    fmt = _type(ctx, data.get("format", {}), dict, "[format]", key="format")
    _unknown(ctx, fmt, {"template"}, table="format")
    template = _type(ctx, fmt.get("template", ""), str, "template", table="format", key="template")
    for f in _fields(template):
        if f not in names:
            raise ctx.fail(f"template field {f!r} is not a segment", "format", key="template")
    record = _type(ctx, data.get("record", {}), dict, "[record]", key="record")
    _unknown(ctx, record, set(RECORD_FIELDS), table="record")
    for key, value in record.items():
        templates = [value] if isinstance(value, str) else None
        if isinstance(value, dict) and set(value) == {"type", "value"}:
            templates = [value["value"], value["type"]]
        if templates is None or not all(isinstance(t, str) for t in templates):
            raise ctx.fail(
                f"record.{key} must be a template or {{ type, value }}", "record", key=key
            )
        for t in templates:
            for f in _fields(t):
                if f not in names and f not in ("*", "@url"):
                    raise ctx.fail(f"record.{key}: {f!r} is not a segment", "record", key=key)
    query = _type(ctx, data.get("query", {}), dict, "[query]", key="query")
    _unknown(ctx, query, _QUERY_KEYS, table="query")
    for key, value in query.items():
        _type(ctx, value, str, f"query.{key}", table="query", key=key)
    return Scheme(
        id=sid,
        name=_label(ctx, data.get("name"), "name", key="name"),
        product_classes=_str_list(
            ctx, data.get("product_classes", []), "product_classes", key="product_classes"
        ),
        governing_document=_type(
            ctx, data.get("governing_document"), str, "governing_document", key="governing_document"
        ),
        sources=sources,
        confidence=cast(Confidence, confidence),
        confidence_note=_type(
            ctx, data.get("confidence_note", ""), str, "confidence_note", key="confidence_note"
        ),
        layout=cast(Layout, layout),
        segments=segments,
        checks=checks,
        detect=detect,
        remove=_type(ctx, inp.get("remove", ""), str, "remove", table="input", key="remove"),
        uppercase=_type(
            ctx, inp.get("uppercase", False), bool, "uppercase", table="input", key="uppercase"
        ),
        containers=containers,
        separator=separator,
        template=template,
        record=MappingProxyType(dict(record)),
        query=MappingProxyType(dict(query)),
        example=_type(ctx, data.get("example", ""), str, "example", key="example"),
        notes=_str_list(ctx, data.get("notes", []), "notes", key="notes"),
        carriers=_str_list(ctx, data.get("carriers", []), "carriers", key="carriers"),
        file=file,
    )
