"""National schemes to generate: the serial segment drawn, the others fixed once.

Segments given by the caller are used as they are; segments not given are
drawn once (at random, by the scheme engine) and then kept for the whole
run, so that every code of a run shares everything but its serial.  Check
characters are computed by the scheme engine; a scheme whose check is not
public raises ``OPAQUE_CHECK`` unless the issuer's ``check`` is given.

>>> plan = plan_scheme("cn.pesticide.unit", {"category": "1", "registration": "092927",
...                    "production_type": "2", "spec": "000"})
>>> plan.serial_segment.name, plan.min_length, plan.namespace
('random', 21, 'cn.pesticide.unit:1:092927:2:000')
>>> plan.render_one("0" * 21, "hri", "")
'10929272000000000000000000000000'

Multi-line codes (the seed label) are written on one line, their line breaks
escaped as ``\\n`` (as ``tracecode validate`` reads them).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from tracecode.errors import make_error, raw

__all__ = ["SERIAL_SEGMENTS", "SchemePlan", "plan_scheme"]

#: segment names that hold a unit's serial, best first
SERIAL_SEGMENTS = ("serial", "random", "sequence", "unit_code", "s")


class SchemePlan:
    """A scheme with every segment fixed but the serial (see :func:`plan_scheme`)."""

    def __init__(
        self,
        scheme: Any,
        values: dict[str, str],
        serial_segment: Any,
        check: str | None,
        namespace: str,
        profile: Any = None,
    ) -> None:
        from tracecode.scheme._charsets import CHARSETS

        self.scheme = scheme
        self.values = values
        self.serial_segment = serial_segment
        self.check = check
        self.namespace = namespace
        self.profile = profile
        seg = serial_segment
        self.charset: str = seg.alphabet or CHARSETS.get(seg.charset, "") or CHARSETS["alnum"]
        self.min_length: int = seg.min_length
        self.max_length: int = seg.max_length
        self.exact = not (
            seg.values or seg.range or seg.date or seg.scheme or seg.literal or seg.url
        )
        self.serial_ai = seg.name

    def code(self, serial: str) -> Any:
        """The :class:`~tracecode.scheme.SchemeCode` for ``serial``."""
        return self.scheme.generate(
            {**self.values, self.serial_segment.name: serial}, check=self.check
        )

    def accepts(self, serial: str) -> bool:
        """True when ``serial`` gives a valid code."""
        from tracecode.errors import TraceCodeError

        if not self.min_length <= len(serial) <= self.max_length:
            return False
        if any(ch not in self.charset for ch in serial):
            return False
        try:
            return bool(self.code(serial).valid)
        except TraceCodeError:
            return False

    def validate_serial(self, serial: str) -> None:
        """Raise the scheme engine's error for a serial that does not fit."""
        bad = next((i for i, ch in enumerate(serial) if ch not in self.charset), -1)
        if bad >= 0 or not self.min_length <= len(serial) <= self.max_length:
            raise make_error(
                "INVALID_FORMAT",
                field=self.serial_segment.name,
                scheme=self.scheme.id,
                expected=raw(f"{self.min_length} to {self.max_length} of {self.charset!r}"),
                found=serial,
            )
        code = self.code(serial)
        if code.errors:
            raise code.errors[0]

    def check_sample(self, serial: str) -> None:
        """Build and validate one code (raises OPAQUE_CHECK, profile violations, ...)."""
        code = self.code(serial)
        if code.errors:
            raise code.errors[0]
        if self.profile is not None:
            problems = self.profile.check(code)
            if problems:
                raise problems[0]

    def render_one(self, serial: str, fmt: str, stem: str) -> str:
        """One code in ``fmt``: ``hri``/``element`` the code, ``jsonl`` its record, ``csv``."""
        code = self.code(serial)
        if fmt in ("hri", "element"):
            return str(code.code).replace("\n", "\\n")  # one code per line
        if fmt == "jsonl":
            data = code.to_dict()
            if self.profile is not None:
                data["product_class"] = self.profile.id
            return json.dumps(data, ensure_ascii=False, separators=(", ", ": "))
        if fmt == "csv":
            text = str(code.code).replace("\n", "\\n")
            if any(ch in text for ch in ',"\r\n'):
                text = '"' + text.replace('"', '""') + '"'
            return f"{serial},{text}"
        raise make_error(
            "GENERATION_FAILED",
            scheme=self.scheme.id,
            expected=raw("hri, element, jsonl or csv for a national scheme"),
            found=fmt,
        )

    def renderer(self, fmt: str, stem: str, alphabet: str) -> Callable[[list[str]], list[str]]:
        """Render a batch of serials (each code built and checked by the scheme engine)."""
        self.render_one(self.sample(), fmt, stem)  # unsupported formats fail here, early

        def render(serials: list[str]) -> list[str]:
            return [self.render_one(s, fmt, stem) for s in serials]

        return render

    def block_renderer(
        self, fmt: str, stem: str, alphabet: str
    ) -> Callable[[list[str]], str] | None:
        """None: scheme codes are rendered one by one."""
        return None

    def sample(self) -> str:
        """A serial that fits the segment, for checks."""
        return self.charset[min(1, len(self.charset) - 1)] * self.min_length

    def message(self, serial: str) -> Any:
        """The parsed code for ``serial`` (same as :meth:`code`)."""
        return self.code(serial)


CSV_HEADER = "serial,code"


def plan_scheme(
    scheme: Any,
    values: Mapping[str, Any],
    *,
    check: str | None = None,
    serial_segment: str | None = None,
    namespace: str | None = None,
    profile: Any = None,
) -> SchemePlan:
    """Fix the scheme's segments (given or drawn once) and choose the serial segment.

    >>> from tracecode.errors import GenerationError
    >>> try:
    ...     plan_scheme("cn.drug.trace20", {"drug_id": "8177322"})
    ... except GenerationError as err:
    ...     print(err.code)
    OPAQUE_CHECK
    """
    if isinstance(scheme, str):
        from tracecode.scheme import get_scheme

        scheme = get_scheme(scheme)
    names = [s.name for s in scheme.segments]
    if serial_segment is None:
        serial_segment = next((n for n in SERIAL_SEGMENTS if n in names), None)
    if serial_segment is None:
        checks = {c.check for c in scheme.checks}
        free = [
            seg.name
            for seg in scheme.segments
            if seg.name not in checks
            and not (seg.literal or seg.values or seg.date or seg.scheme or seg.url)
            and not seg.optional
            and seg.name not in values
        ]
        serial_segment = free[-1] if free else None
    if serial_segment is None or serial_segment not in names:
        raise make_error(
            "GENERATION_FAILED",
            scheme=scheme.id,
            detail=f"no serial segment; name one of {', '.join(names)}",
        )
    given = {k: str(v) for k, v in values.items() if v is not None}
    for k in given:
        if k not in names:
            raise make_error(
                "GENERATION_FAILED", field=k, scheme=scheme.id, detail="no such segment"
            )
    seg = scheme.segment(serial_segment)
    probe = dict(given)
    probe.pop(serial_segment, None)
    sample = scheme.generate(probe, check=check)  # raises OPAQUE_CHECK, bad values, ...
    if sample.errors:
        raise sample.errors[0]
    checks = {c.check for c in scheme.checks}
    fixed: dict[str, str] = {}
    for s in scheme.segments:
        if s.name == serial_segment or s.name in checks:
            continue
        v = sample.get(s.name)
        if v is not None:
            fixed[s.name] = v
    if namespace is None:
        namespace = ":".join([scheme.id, *(fixed[n] for n in names if n in fixed)])
    return SchemePlan(scheme, fixed, seg, check, namespace, profile)
