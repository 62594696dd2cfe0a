"""Value objects of the scheme engine: scheme specs and parsed codes.

Everything here is a frozen attrs class.  A :class:`Scheme` is loaded from one
``spec/schemes/*.toml`` file; parsing a text with it gives a :class:`SchemeCode`.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs

from tracecode.errors import TraceCodeError

if TYPE_CHECKING:
    from tracecode.scheme.record import TraceRecord

__all__ = [
    "Check",
    "CheckResult",
    "Detect",
    "EnumValue",
    "Label",
    "ParsedSegment",
    "Scheme",
    "SchemeCode",
    "Segment",
]

Confidence = Literal["confirmed", "partial", "unverified"]
Severity = Literal["error", "warning"]
Layout = Literal["fixed", "delimited", "lines", "url"]


@attrs.frozen(slots=True)
class Label:
    """A bilingual label: English and Chinese (zh-CN)."""

    #: English text
    en: str
    #: Chinese text
    zh: str

    def text(self, lang: str = "en") -> str:
        """Return the label in ``lang`` (``"en"``, ``"zh"`` or ``"both"``).

        >>> Label("batch", "批号").text("both")
        '批号 batch'
        """
        if lang == "both":
            return f"{self.zh} {self.en}" if self.zh and self.zh != self.en else self.en
        return self.zh if lang.lower().startswith("zh") and self.zh else self.en


@attrs.frozen(slots=True)
class EnumValue:
    """One permitted value of an enumerated segment, with its meaning."""

    #: the value as written in the code
    value: str
    #: what it means
    label: Label
    #: when set, the value is accepted with this warning (e.g. a legacy value)
    warning: str | None = None


@attrs.frozen(slots=True)
class Segment:
    """One segment of a scheme: position, length, characters and meaning."""

    #: machine name, unique within the scheme, e.g. ``"serial"``
    name: str
    #: bilingual label, e.g. ``Label("serial number", "序列号")``
    label: Label
    #: shortest permitted length
    min_length: int
    #: longest permitted length
    max_length: int
    #: name of the character set (see :data:`tracecode.scheme._chars.CHARSETS`)
    charset: str
    #: the characters permitted (empty for the free-text set)
    alphabet: str = ""
    #: a fixed value the segment must have (e.g. ``"SC"``)
    literal: str | None = None
    #: enumeration of permitted values, empty when not enumerated
    values: tuple[EnumValue, ...] = ()
    #: inclusive numeric range of the value
    range: tuple[int, int] | None = None
    #: date form of the value: ``YYYYMMDD``, ``YYMMDD``, ``YYYYMM``
    date: str | None = None
    #: the value must itself be a valid code of this scheme (e.g. ``cn.admin-division``)
    scheme: str | None = None
    #: the value must be an absolute http(s) URL
    url: bool = False
    #: whether semantic failures (enumeration, range, date, scheme) are errors or warnings
    severity: Severity = "error"
    #: the segment may be absent (delimited, lines and url layouts only)
    optional: bool = False
    #: tag letter(s) introducing the segment (delimited layout, tagged part)
    tag: str | None = None
    #: labels that may precede the value on its line (lines layout), e.g. ``品种名称``
    line_labels: tuple[str, ...] = ()
    #: which part of a URL holds the segment (url layout): base, path-last or query
    part: str | None = None
    #: free-text note shown by ``explain`` (e.g. "meaning not published")
    note: str | None = None

    @property
    def fixed(self) -> bool:
        """True when the segment has one fixed length."""
        return self.min_length == self.max_length

    def meaning(self, value: str) -> EnumValue | None:
        """Return the enumeration entry of ``value``, if the segment is enumerated."""
        for v in self.values:
            if v.value == value:
                return v
        return None


@attrs.frozen(slots=True)
class Check:
    """A check character rule: which segments it covers and which algorithm computes it."""

    #: identifier within the scheme, e.g. ``"gb32100"`` or ``"org-code"``
    id: str
    #: algorithm id of :mod:`tracecode.checksum`, or ``"opaque"`` (exists, not public)
    algorithm: str
    #: names of the segments whose concatenation is the body
    body: tuple[str, ...]
    #: name of the segment holding the check character(s)
    check: str
    #: what the check is
    label: Label
    #: whether a mismatch is an error or a warning
    severity: Severity = "error"
    #: where the algorithm comes from
    source: str = ""


@attrs.frozen(slots=True)
class Detect:
    """How detection recognises the scheme (see ``spec/detection.md``)."""

    #: higher wins among valid candidates
    priority: int
    #: a regular expression (explicit character classes) the compact form must match fully
    hint: str | None
    #: sentence shown as the candidate's reason
    reason: str
    #: prefixes that raise the score a little (observed practice, not rules)
    prefer_prefixes: tuple[str, ...] = ()


@attrs.frozen(slots=True)
class ParsedSegment:
    """One segment of a parsed code, explained."""

    #: segment name, e.g. ``"serial"``
    name: str
    #: bilingual label
    label: Label
    #: the value as found
    value: str
    #: 0-based start offset in the canonical (compact) code, or None (not positional)
    start: int | None
    #: meaning of an enumerated value
    meaning: Label | None = None
    #: note from the scheme file
    note: str | None = None

    @property
    def end(self) -> int | None:
        """Offset just after the segment in the canonical code."""
        return None if self.start is None else self.start + len(self.value)


@attrs.frozen(slots=True)
class CheckResult:
    """The outcome of one check-character rule on a parsed code."""

    #: the rule's id within the scheme
    id: str
    #: algorithm id, ``"opaque"`` when not public
    algorithm: str
    #: what the check is
    label: Label
    #: segment holding the check character(s)
    segment: str
    #: offset of the check character(s) in the canonical code
    position: int | None
    #: the check character(s) in the code
    found: str
    #: the check character(s) computed (None when opaque or not computable)
    expected: str | None
    #: True: matches; False: differs; None: not verified (opaque or malformed body)
    verified: bool | None


@attrs.frozen(slots=True, eq=False)
class Scheme:
    """A national code scheme loaded from ``spec/schemes/<id>.toml``.

    Every scheme has the same verbs: :meth:`parse`, :meth:`validate`,
    :meth:`is_valid`, :meth:`compact`, :meth:`format` and :meth:`generate`.

    >>> from tracecode.scheme import get_scheme
    >>> s = get_scheme("cn.uscc")
    >>> s.validate("91350100M000100Y43")
    '91350100M000100Y43'
    >>> s.is_valid("91350100M000100Y4Z")
    False
    """

    #: scheme id, e.g. ``"cn.drug.trace20"``
    id: str
    #: English and Chinese names
    name: Label
    #: product classes (profile ids) the scheme serves; empty for cross-cutting codes
    product_classes: tuple[str, ...]
    #: the document that governs the scheme
    governing_document: str
    #: public sources the structure was taken from
    sources: tuple[str, ...]
    #: how sure the structure is: ``confirmed``, ``partial`` or ``unverified``
    confidence: Confidence
    #: why the confidence is what it is
    confidence_note: str
    #: ``fixed``, ``delimited``, ``lines`` or ``url``
    layout: Layout
    #: the segments in order
    segments: tuple[Segment, ...]
    #: check-character rules, the scheme's own check first
    checks: tuple[Check, ...]
    #: detection hints
    detect: Detect
    #: characters ``compact`` removes (display separators)
    remove: str = ""
    #: ``compact`` turns ASCII letters to capitals
    uppercase: bool = False
    #: how the code may be wrapped when scanned: ``bare``, ``url-path-last``
    containers: tuple[str, ...] = ("bare",)
    #: token separator (delimited layout)
    separator: str = ""
    #: display template with ``{segment}`` fields (``format``); empty: the compact form
    template: str = ""
    #: record field -> template, e.g. ``{"serial": "{serial}"}``
    record: Mapping[str, Any] = attrs.field(factory=dict)
    #: how the code leads to a public query (``url`` template, ``note``)
    query: Mapping[str, str] = attrs.field(factory=dict)
    #: a valid example (from the research notes)
    example: str = ""
    #: further notes (unverified points, practice)
    notes: tuple[str, ...] = ()
    #: data carriers the code is known to appear in (bar code, QR, printed text)
    carriers: tuple[str, ...] = ()
    #: the data file this scheme was read from
    file: str = ""

    # -- derived -------------------------------------------------------------------
    @property
    def check_algorithm(self) -> str:
        """The scheme's own check: an algorithm id, ``"opaque"`` or ``"none"``.

        >>> from tracecode.scheme import get_scheme
        >>> get_scheme("cn.drug.trace20").check_algorithm
        'opaque'
        """
        return self.checks[0].algorithm if self.checks else "none"

    def segment(self, name: str) -> Segment:
        """Return the segment called ``name`` (KeyError when there is none)."""
        for seg in self.segments:
            if seg.name == name:
                return seg
        raise KeyError(name)

    # -- verbs ---------------------------------------------------------------------
    def compact(self, text: str) -> str:
        r"""Normalise ``text`` to the canonical form without validating it.

        Surrounding white space and display separators go, letters are
        capitalised where the scheme is case-insensitive, a code inside a URL is
        taken out of it and, in line-based schemes, an escaped ``\n`` becomes a
        line break.

        >>> from tracecode.scheme import get_scheme
        >>> get_scheme("cn.uscc").compact(" 91350100-m000100y43 ")
        '91350100M000100Y43'
        """
        from tracecode.scheme import _engine

        return _engine.compact(self, text)

    def parse(self, text: str, *, lenient: bool = False) -> SchemeCode:
        """Parse and validate ``text``; raise the first error unless ``lenient``.

        With ``lenient=True`` the returned code carries its ``errors`` instead.

        >>> from tracecode.scheme import get_scheme
        >>> code = get_scheme("cn.drug.trace20").parse("81773220288616423835")
        >>> code["drug_id"], code["serial"], code.valid, [w.code for w in code.warnings]
        ('8177322', '028861642', True, ['CHECK_NOT_VERIFIED'])
        """
        from tracecode.scheme import _engine

        return _engine.parse(self, text, lenient=lenient)

    def validate(self, text: str) -> str:
        """Return the canonical form of ``text`` or raise a ``TraceCodeError``.

        >>> from tracecode.scheme import get_scheme
        >>> get_scheme("cn.drug.standard").validate("86900000000010")
        '86900000000010'
        """
        return self.parse(text).code

    def is_valid(self, text: str) -> bool:
        """Tell whether ``text`` is a valid code of this scheme; never raises.

        >>> from tracecode.scheme import get_scheme
        >>> get_scheme("cn.admin-division").is_valid("３５０１００")
        False
        """
        try:
            return self.parse(text, lenient=True).valid
        except TraceCodeError:
            return False
        except TypeError:
            return False

    def format(self, text: str | SchemeCode) -> str:
        """Return the display form of a code (validated first).

        >>> from tracecode.scheme import get_scheme
        >>> get_scheme("cn.uscc").format("9135 0100 m000 100y 43")
        '91350100M000100Y43'
        """
        code = text if isinstance(text, SchemeCode) else self.parse(text)
        return code.format()

    def generate(
        self,
        values: Mapping[str, str] | None = None,
        *,
        rng: random.Random | None = None,
        check: str | None = None,
    ) -> SchemeCode:
        """Build a valid code from segment ``values``; missing segments are drawn at random.

        Check characters are computed.  A scheme whose check is not public raises
        :class:`~tracecode.errors.GenerationError` ``OPAQUE_CHECK`` unless the
        issuer's ``check`` characters are given.  ``rng`` defaults to
        :class:`random.SystemRandom` (serials are unpredictable).

        >>> from tracecode.scheme import get_scheme
        >>> uscc = get_scheme("cn.uscc")
        >>> uscc.generate({"authority": "9", "entity_type": "1", "division": "350100",
        ...                "org_body": "M000100Y"}).code
        '91350100M000100Y43'
        >>> get_scheme("cn.drug.trace20").generate()
        Traceback (most recent call last):
            ...
        tracecode.errors.GenerationError: check: cannot generate: the check algorithm is not public
        """
        from tracecode.scheme import _engine

        return _engine.generate(self, values or {}, rng=rng, check=check)

    def __repr__(self) -> str:
        return f"<Scheme {self.id} ({self.name.en} / {self.name.zh}), {self.confidence}>"


@attrs.frozen(slots=True, eq=False)
class SchemeCode:
    """A code parsed with a :class:`Scheme`: segments, checks, problems.

    >>> from tracecode.scheme import get_scheme
    >>> code = get_scheme("cn.uscc").parse("91110000600037341L")
    >>> code.scheme, code.valid, code["division"]
    ('cn.uscc', True, '110000')
    >>> [(c.id, c.found, c.verified) for c in code.checks]
    [('gb32100', 'L', True), ('gb11714', '1', True)]
    """

    #: the scheme id
    scheme: str
    #: the input as given
    text: str
    #: the canonical (compact) form
    code: str
    #: the segments found, in order
    segments: tuple[ParsedSegment, ...]
    #: the check-character outcomes
    checks: tuple[CheckResult, ...] = ()
    #: problems that make the code invalid
    errors: tuple[TraceCodeError, ...] = ()
    #: problems that do not (e.g. ``CHECK_NOT_VERIFIED``)
    warnings: tuple[TraceCodeError, ...] = ()
    #: the URL the code was scanned in, if any
    url: str | None = None
    _spec: Scheme | None = attrs.field(default=None, eq=False, repr=False, alias="spec")

    @property
    def valid(self) -> bool:
        """True when no error was found (warnings allowed)."""
        return not self.errors

    @property
    def spec(self) -> Scheme:
        """The :class:`Scheme` this code follows."""
        if self._spec is not None:
            return self._spec
        from tracecode.scheme._registry import get_scheme

        return get_scheme(self.scheme)

    def get(self, name: str, default: str | None = None) -> str | None:
        """Return the value of segment ``name``, or ``default`` when absent."""
        for seg in self.segments:
            if seg.name == name:
                return seg.value
        return default

    def __getitem__(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def __contains__(self, name: object) -> bool:
        return any(seg.name == name for seg in self.segments)

    def format(self) -> str:
        """Return the display form (see the scheme's ``[format]`` template)."""
        from tracecode.scheme import _engine

        return _engine.format_code(self.spec, self)

    def explain(self, lang: str = "both") -> str:
        """Explain the code segment by segment, with bilingual labels and checks.

        >>> from tracecode.scheme import get_scheme
        >>> print(get_scheme("cn.drug.standard").parse("86900000000010").explain("en"))
        cn.drug.standard  National drug code  [confirmed]
        code: 86900000000010
          pos    value       segment
          1-3    869         prefix  prefix (86 = China, 9 = drug)
          4-13   0000000001  product  drug and package code (inner structure not recorded)
          14     0           check  check digit
        check gs1-mod10 (GS1 mod-10 check digit): found 0, expected 0: verified
        valid
        """
        from tracecode.scheme import _engine

        return _engine.explain(self.spec, self, lang)

    def to_record(self) -> TraceRecord:
        """Return the unified interchange record (see ``spec/record.schema.json``)."""
        from tracecode.scheme.record import record_from_code

        return record_from_code(self)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """Return the unified record as JSON-ready data (messages in ``lang``)."""
        return self.to_record().to_dict(lang)

    def __str__(self) -> str:
        return self.code

    def __repr__(self) -> str:
        state = "valid" if self.valid else f"{len(self.errors)} error(s)"
        return f"<SchemeCode {self.scheme} {self.code!r} {state}>"
