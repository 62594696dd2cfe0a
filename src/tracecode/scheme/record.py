"""The unified interchange record: one data model for every scheme and for GS1.

Whatever the scheme, a parsed code maps onto the same named fields where they
are present: product class, scheme, subject (enterprise identifier), product
identifier, batch, production date, expiry date, serial, query URL and the
scheme's own segments.  ``to_dict()`` follows ``spec/record.schema.json``.

>>> from tracecode.scheme import get_scheme
>>> rec = get_scheme("cn.drug.trace20").parse("81773220288616423835").to_record()
>>> rec.product_class, rec.product_id, rec.serial
('drugs', Identifier(type='cn.drug-id', value='8177322'), '028861642')
"""

from __future__ import annotations

import datetime as _dt
import json
import string
from typing import TYPE_CHECKING, Any

import attrs

from tracecode.errors import TraceCodeError
from tracecode.scheme._model import CheckResult, Label, ParsedSegment, SchemeCode

if TYPE_CHECKING:
    from tracecode.gs1 import GS1Message
    from tracecode.gs1.gcp import GCPTable
    from tracecode.scheme.profiles import Profile

__all__ = [
    "RECORD_VERSION",
    "Identifier",
    "TraceRecord",
    "record_from_code",
    "record_from_gs1",
    "record_schema",
]

#: Version of the record layout (``record_version`` in every record).
RECORD_VERSION = "1.0"

#: Chinese data titles of the GS1 AIs that carry record fields (GB/T 16986 terms).
_GS1_ZH = {
    "00": "系列货运包装箱代码",
    "01": "全球贸易项目代码",
    "02": "物流单元内贸易项目的代码",
    "10": "批号",
    "11": "生产日期",
    "13": "包装日期",
    "15": "保质期",
    "17": "有效期",
    "21": "序列号",
    "414": "物理位置全球位置码",
    "417": "参与方全球位置码",
    "8003": "全球可回收资产标识代码",
    "8004": "全球单个资产标识代码",
}
#: GS1 keys that identify the product or asset, best first.
_GS1_PRODUCT_KEYS = (
    ("01", "gtin"),
    ("8006", "itip"),
    ("8003", "grai"),
    ("8004", "giai"),
    ("00", "sscc"),
)


@attrs.frozen(slots=True)
class Identifier:
    """A typed identifier: ``type`` says which scheme (``uscc``, ``gln``, ``gtin``, ...)."""

    type: str
    value: str


@attrs.frozen(slots=True, eq=False)
class TraceRecord:
    """The interchange record of one code (see ``spec/record.schema.json``)."""

    #: scheme id (``"gs1"`` for GS1 data)
    scheme: str
    #: the code in canonical form (GS1: bracketed HRI)
    code: str
    #: True when no error was found
    valid: bool
    #: product class (profile id) or None when the code is cross-cutting
    product_class: str | None = None
    #: enterprise identifier (USCC, GLN, ...)
    subject: Identifier | None = None
    #: enterprise name when the code carries a name instead of an identifier
    subject_name: str | None = None
    #: product (or asset) identifier
    product_id: Identifier | None = None
    #: batch or lot
    batch: str | None = None
    #: production date
    production_date: _dt.date | None = None
    #: expiry date
    expiry_date: _dt.date | None = None
    #: unit serial number
    serial: str | None = None
    #: where the public query starts (Digital Link URI, scanned URL, trace URL)
    query_url: str | None = None
    #: the scheme's own segments
    segments: tuple[ParsedSegment, ...] = ()
    #: check-character outcomes
    checks: tuple[CheckResult, ...] = ()
    #: errors found
    errors: tuple[TraceCodeError, ...] = ()
    #: warnings found
    warnings: tuple[TraceCodeError, ...] = ()

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """JSON-ready dict following ``spec/record.schema.json``.

        >>> from tracecode.scheme import get_scheme
        >>> d = get_scheme("cn.uscc").parse("91110000600037341L").to_dict()
        >>> d["scheme"], d["subject"], d["segments"][2]["label"]["zh"]
        ('cn.uscc', {'type': 'uscc', 'value': '91110000600037341L'}, '登记管理机关行政区划码')
        """

        def ident(i: Identifier | None) -> dict[str, str] | None:
            return None if i is None else {"type": i.type, "value": i.value}

        def day(d: _dt.date | None) -> str | None:
            return None if d is None else d.isoformat()

        def label(lb: Label) -> dict[str, str]:
            return {"en": lb.en, "zh": lb.zh}

        segments = []
        for s in self.segments:
            item: dict[str, Any] = {
                "name": s.name,
                "label": label(s.label),
                "value": s.value,
                "start": s.start,
            }
            if s.meaning is not None:
                item["meaning"] = label(s.meaning)
            segments.append(item)
        return {
            "record_version": RECORD_VERSION,
            "scheme": self.scheme,
            "code": self.code,
            "valid": self.valid,
            "product_class": self.product_class,
            "subject": ident(self.subject),
            "subject_name": self.subject_name,
            "product_id": ident(self.product_id),
            "batch": self.batch,
            "production_date": day(self.production_date),
            "expiry_date": day(self.expiry_date),
            "serial": self.serial,
            "query_url": self.query_url,
            "segments": segments,
            "checks": [
                {
                    "id": c.id,
                    "algorithm": c.algorithm,
                    "segment": c.segment,
                    "position": c.position,
                    "found": c.found,
                    "expected": c.expected,
                    "verified": c.verified,
                }
                for c in self.checks
            ],
            "errors": [e.to_dict(lang) for e in self.errors],
            "warnings": [w.to_dict(lang) for w in self.warnings],
        }


def _fill(template: str, values: dict[str, str]) -> str | None:
    try:
        out = string.Formatter().vformat(template, (), values)
    except (KeyError, IndexError):
        return None
    return out or None


def record_from_code(code: SchemeCode) -> TraceRecord:
    """Build the :class:`TraceRecord` of a parsed scheme code (see :meth:`SchemeCode.to_record`)."""
    from tracecode.scheme._engine import to_date

    scheme = code.spec
    values = {s.name: s.value for s in code.segments}
    values["*"] = code.code
    values["@url"] = code.url or ""
    fields: dict[str, Any] = {}
    for key, spec in scheme.record.items():
        if isinstance(spec, dict):
            value = _fill(spec["value"], values)
            typ = _fill(spec["type"], values)
            fields[key] = Identifier(typ or "", value) if value is not None else None
            continue
        if key in ("production_date", "expiry_date"):
            name = spec.strip("{}")
            seg = next((s for s in scheme.segments if s.name == name), None)
            raw_value = values.get(name)
            fields[key] = (
                to_date(raw_value, seg.date) if seg is not None and seg.date and raw_value else None
            )
            continue
        fields[key] = _fill(spec, values)
    classes = scheme.product_classes
    return TraceRecord(
        scheme=code.scheme,
        code=code.code,
        valid=code.valid,
        product_class=classes[0] if len(classes) == 1 else None,
        segments=code.segments,
        checks=code.checks,
        errors=code.errors,
        warnings=code.warnings,
        **fields,
    )


def _gs1_date(message: GS1Message, ai: str) -> _dt.date | None:
    for e in message.elements:
        if e.ai == ai:
            try:
                typed = e.typed
            except (TraceCodeError, ValueError):
                return None
            if isinstance(typed, _dt.date):
                return typed
            inner = getattr(typed, "date", None)
            return inner if isinstance(inner, _dt.date) else None
    return None


def _digital_link(message: GS1Message) -> str | None:
    """Digital Link URI of ``message``, leaving out AIs a URI cannot carry (e.g. 417)."""
    import attrs as _attrs

    for _ in range(len(message.elements) + 1):
        try:
            return message.digital_link()
        except (TraceCodeError, ValueError) as err:
            ai = getattr(err, "ai", None)
            kept = tuple(e for e in message.elements if e.ai != ai)
            if ai is None or len(kept) == len(message.elements):
                return None
            message = _attrs.evolve(message, elements=kept)
    return None  # pragma: no cover - the loop always returns


def record_from_gs1(
    message: GS1Message, profile: str | Profile | None = None, *, gcp: GCPTable | None = None
) -> TraceRecord:
    """Map a parsed GS1 message onto the unified record.

    AI (01) → product identifier (GTIN; else 8006, 8003, 8004, 00), (10) → batch,
    (11) → production date, (17) → expiry date, (21) → serial, (417) party GLN →
    subject.  Without (417), the GS1 company prefix of the key becomes the subject
    when a GCP length table is given (``gcp``, see :mod:`tracecode.gs1.gcp`): its
    length cannot be known otherwise.  ``profile`` sets the product class.

    >>> from tracecode import gs1
    >>> msg = gs1.parse("(01)06901234567892(17)261231(10)A1(21)X9")
    >>> r = record_from_gs1(msg, "drugs")
    >>> r.product_class, r.product_id.value, r.batch, r.expiry_date, r.serial
    ('drugs', '06901234567892', 'A1', datetime.date(2026, 12, 31), 'X9')
    """
    product_class: str | None
    if profile is None or isinstance(profile, str):
        if profile is not None:
            from tracecode.scheme.profiles import get_profile

            get_profile(profile)  # raises UNKNOWN_PROFILE
        product_class = profile
    else:
        product_class = profile.id
    product = None
    for ai, typ in _GS1_PRODUCT_KEYS:
        value = message.get(ai)
        if value is not None:
            product = Identifier(typ, value)
            break
    gln = message.get("417")
    subject = Identifier("gln", gln) if gln else None
    if subject is None and gcp is not None and product is not None:
        try:
            prefix = gcp.company_prefix(product.value)
        except (TraceCodeError, ValueError):
            prefix = None
        if prefix:
            subject = Identifier("gs1-company-prefix", prefix)
    query_url = _digital_link(message) if product is not None else None
    segments = tuple(
        ParsedSegment(
            name=e.ai,
            label=Label(e.title or e.ai, _GS1_ZH.get(e.ai, e.title or e.ai)),
            value=e.value,
            start=e.position,
        )
        for e in message.elements
    )
    return TraceRecord(
        scheme="gs1",
        code=message.hri(),
        valid=message.valid,
        product_class=product_class,
        subject=subject,
        product_id=product,
        batch=message.get("10"),
        production_date=_gs1_date(message, "11"),
        expiry_date=_gs1_date(message, "17"),
        serial=message.get("21"),
        query_url=query_url,
        segments=segments,
        errors=tuple(message.errors),
    )


def record_schema() -> dict[str, Any]:
    """Return the JSON Schema of the record (``spec/record.schema.json``).

    >>> record_schema()["title"]
    'tracecode interchange record'
    """
    from tracecode.scheme._registry import spec_text

    data: dict[str, Any] = json.loads(spec_text("record.schema.json"))
    return data
