"""Packaging hierarchy: SSCCs for cases and pallets, and which codes each contains.

:func:`pack` streams unit codes into cases of ``case_size`` and cases into
pallets of ``pallet_size``; every case and pallet gets an SSCC reserved in a
registry (so SSCCs are never reused either).  Each filled container is an
:class:`Aggregation` (parent SSCC, child codes), exported as GS1 EPCIS 2.0
``AggregationEvent`` JSON-LD (:func:`write_epcis`) or as plain CSV
(:func:`write_aggregation_csv`).

>>> import io, tracecode
>>> units = tracecode.generate("gs1", 5, gtin="06901234000016", batch="B1",
...                            expiry="2027-01-31", serial="sequential:100")
>>> aggs = list(pack(units, case_size=2, pallet_size=2, company_prefix="6901234"))
>>> for a in aggs:
...     print(a.level, a.parent, len(a.children))
case 069012340000000016 2
case 069012340000000023 2
pallet 069012340000000030 2
case 069012340000000047 1
pallet 069012340000000054 1
>>> epc_child(aggs[0].children[0], gcp_length=7)
'urn:epc:id:sgtin:6901234.000001.100'
>>> out = io.StringIO()
>>> write_aggregation_csv(aggs[:1], out)
2
>>> print(out.getvalue().strip())
level,parent,child
case,(00)069012340000000016,(01)06901234000016(21)100
case,(00)069012340000000016,(01)06901234000016(21)101
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

import attrs

from tracecode.errors import make_error, raw
from tracecode.gs1.message import Element, GS1Message

__all__ = [
    "EPCIS_CONTEXT",
    "Aggregation",
    "child_id",
    "epc_child",
    "pack",
    "write_aggregation_csv",
    "write_epcis",
]

#: The JSON-LD context of EPCIS 2.0 documents.
EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
#: Characters escaped in the serial part of an EPC URI (GS1 Tag Data Standard).
_EPC_ESCAPE = {'"': "%22", "%": "%25", "&": "%26", "/": "%2F", "<": "%3C", ">": "%3E", "?": "%3F"}
#: The AIs that identify one instance (what goes into a child identifier).
_INSTANCE = (("01", "21"), ("00",), ("8003",), ("8004",), ("8006", "21"))


@attrs.frozen(slots=True)
class Aggregation:
    """One filled container: its SSCC and the codes of what it contains."""

    #: ``"case"`` or ``"pallet"``
    level: str
    #: the container's SSCC (18 digits)
    parent: str
    #: the children: unit codes (GS1 messages' instance elements) or case SSCCs
    children: tuple[GS1Message, ...]

    def parent_message(self) -> GS1Message:
        """The parent as a GS1 message ``(00)...``."""
        return GS1Message((Element("00", self.parent),))


def _instance(code: Any) -> GS1Message:
    """The instance-identifying elements of a unit code (any representation)."""
    if isinstance(code, str):
        from tracecode.gs1 import parse

        code = parse(code)
    if not isinstance(code, GS1Message):
        raise make_error(
            "GENERATION_FAILED", expected=raw("GS1 unit codes"), found=raw(type(code).__name__)
        )
    for ais in _INSTANCE:
        if all(a in code for a in ais):
            return GS1Message(tuple(Element(a, code[a]) for a in ais))
    raise make_error(
        "GENERATION_FAILED",
        detail=f"{code.hri()} has no serialised identifier ((01)+(21), (00), (8003), (8004))",
    )


def pack(
    units: Iterable[Any],
    *,
    case_size: int,
    pallet_size: int | None = None,
    company_prefix: str,
    extension: str = "0",
    registry: Any = None,
    serial: Any = "sequential",
    namespace: str | None = None,
    reserve: int = 256,
) -> Iterator[Aggregation]:
    """Stream ``units`` into cases (and pallets); yield each container when it is full.

    ``units`` are GS1 unit codes (strings in any representation or
    :class:`~tracecode.gs1.GS1Message`), e.g. a :func:`~tracecode.generate`
    run.  SSCCs are ``extension`` + ``company_prefix`` + serial reference +
    check digit, reserved ``reserve`` at a time in ``registry`` (the same
    registries as :func:`~tracecode.generate`).  A last, partly filled case
    or pallet is yielded at the end; SSCCs reserved but not used are burned.

    >>> units = ["(01)06901234000016(21)1", "(01)06901234000016(21)2", "(01)06901234000016(21)3"]
    >>> [(a.level, len(a.children)) for a in pack(units, case_size=2, company_prefix="6901234")]
    [('case', 2), ('case', 1)]
    """
    from tracecode.generation._core import _fit
    from tracecode.generation._gs1 import plan_gs1
    from tracecode.generation._registry import open_registry
    from tracecode.generation._serials import parse_serial

    if case_size < 1 or (pallet_size is not None and pallet_size < 1):
        raise make_error("GENERATION_FAILED", detail="case and pallet sizes must be at least 1")
    plan = plan_gs1({"00": extension + company_prefix}, serial_ai="00", namespace=namespace)
    strategy = _fit(parse_serial(serial), plan)
    reg = open_registry(registry)
    own = reg is not registry
    pool: list[str] = []

    def next_sscc() -> str:
        if not pool:
            got = reg.reserve(plan.namespace, strategy, reserve)
            if not got:  # pragma: no cover - only a supplied list can run dry
                raise make_error("SERIAL_SPACE_EXHAUSTED", ai="00")
            pool.extend(reversed(got))
        return plan.value(pool.pop())

    try:
        case: list[GS1Message] = []
        pallet: list[GS1Message] = []

        def close_case() -> Iterator[Aggregation]:
            agg = Aggregation("case", next_sscc(), tuple(case))
            case.clear()
            yield agg
            if pallet_size is not None:
                pallet.append(agg.parent_message())
                if len(pallet) == pallet_size:
                    yield from close_pallet()

        def close_pallet() -> Iterator[Aggregation]:
            agg = Aggregation("pallet", next_sscc(), tuple(pallet))
            pallet.clear()
            yield agg

        for unit in units:
            case.append(_instance(unit))
            if len(case) == case_size:
                yield from close_case()
        if case:
            yield from close_case()
        if pallet:
            yield from close_pallet()
    finally:
        if own:
            reg.close()


def epc_child(message: GS1Message, *, gcp_length: int) -> str:
    """The EPC URI (``urn:epc:id:sgtin:...`` / ``sscc`` / ``grai`` / ``giai``) of an instance.

    ``gcp_length`` is the length of the GS1 company prefix inside the key.

    >>> epc_child(GS1Message((Element("00", "069012340000000016"),)), gcp_length=7)
    'urn:epc:id:sscc:6901234.0000000001'
    >>> epc_child(GS1Message((Element("01", "06901234000012"), Element("21", "A/1"))), gcp_length=7)
    'urn:epc:id:sgtin:6901234.000001.A%2F1'
    """
    n = gcp_length
    if not 6 <= n <= 12:
        raise make_error("GENERATION_FAILED", detail=f"GS1 company prefix length {n} not in 6-12")
    if "01" in message and "21" in message:
        g = message["01"]
        serial = "".join(_EPC_ESCAPE.get(ch, ch) for ch in message["21"])
        return f"urn:epc:id:sgtin:{g[1 : 1 + n]}.{g[0]}{g[1 + n : 13]}.{serial}"
    if "00" in message:
        s = message["00"]
        return f"urn:epc:id:sscc:{s[1 : 1 + n]}.{s[0]}{s[1 + n : 17]}"
    if "8003" in message:
        v = message["8003"]
        serial = "".join(_EPC_ESCAPE.get(ch, ch) for ch in v[14:])
        return f"urn:epc:id:grai:{v[1 : 1 + n]}.{v[1 + n : 13]}.{serial}"
    if "8004" in message:
        v = message["8004"]
        rest = "".join(_EPC_ESCAPE.get(ch, ch) for ch in v[n:])
        return f"urn:epc:id:giai:{v[:n]}.{rest}"
    raise make_error("GENERATION_FAILED", detail=f"no EPC URI for {message.hri()}")


def child_id(
    message: GS1Message,
    *,
    id_form: str = "dl",
    gcp_length: int | None = None,
    stem: str = "",
    gcp_table: Any = None,
) -> str:
    """The identifier of an instance in an EPCIS event: Digital Link URI or EPC URI.

    EPC URIs need the GS1 company prefix length: ``gcp_length``, or a
    :class:`~tracecode.gs1.gcp.GCPTable` (GS1's GCP length table) to look it up.

    >>> m = GS1Message((Element("01", "06901234000012"), Element("21", "7")))
    >>> child_id(m)
    'https://id.gs1.org/01/06901234000012/21/7'
    >>> from tracecode.gs1.gcp import GCPTable
    >>> child_id(m, id_form="epc", gcp_table=GCPTable.from_text("690123 8"))
    'urn:epc:id:sgtin:69012340.00001.7'
    """
    if id_form == "epc":
        n = gcp_length
        if gcp_table is not None:
            n = gcp_table.length(message.elements[0].value) or n
        if n is None:
            raise make_error(
                "GENERATION_FAILED",
                detail=f"EPC URI for {message.hri()}: the GS1 company prefix length is not "
                "known (give gcp_length or a GCP length table, or use Digital Link URIs)",
            )
        return epc_child(message, gcp_length=n)
    return message.digital_link(stem or "https://id.gs1.org", attributes=False)


def _offset(tz: str | None, when: _dt.datetime) -> str:
    if tz is not None:
        return tz
    off = when.utcoffset() or _dt.timedelta(0)
    minutes = int(off.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def epcis_event(
    agg: Aggregation,
    *,
    event_time: _dt.datetime,
    tz_offset: str | None = None,
    id_form: str = "dl",
    gcp_length: int | None = None,
    parent_gcp_length: int | None = None,
    stem: str = "",
    biz_step: str = "packing",
    disposition: str = "in_progress",
    read_point: str | None = None,
    biz_location: str | None = None,
    gcp_table: Any = None,
) -> dict[str, Any]:
    """The EPCIS 2.0 ``AggregationEvent`` (JSON-LD object) for one container.

    >>> import datetime as dt
    >>> agg = Aggregation("pallet", "069012340000000016", ())
    >>> ev = epcis_event(agg, event_time=dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc))
    >>> ev["parentID"], ev["eventTime"], ev["eventTimeZoneOffset"]
    ('https://id.gs1.org/00/069012340000000016', '2026-01-02T00:00:00.000Z', '+00:00')
    """
    parent = agg.parent_message()
    event: dict[str, Any] = {
        "type": "AggregationEvent",
        "eventTime": event_time.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "eventTimeZoneOffset": _offset(tz_offset, event_time),
        "parentID": child_id(
            parent,
            id_form=id_form,
            gcp_length=parent_gcp_length or gcp_length,
            stem=stem,
            gcp_table=gcp_table,
        ),
        "childEPCs": [
            child_id(
                c,
                id_form=id_form,
                gcp_length=gcp_length if "00" not in c else (parent_gcp_length or gcp_length),
                stem=stem,
                gcp_table=gcp_table,
            )
            for c in agg.children
        ],
        "action": "ADD",
        "bizStep": biz_step,
        "disposition": disposition,
    }
    if read_point:
        event["readPoint"] = {"id": read_point}
    if biz_location:
        event["bizLocation"] = {"id": biz_location}
    return event


def write_epcis(
    aggregations: Iterable[Aggregation],
    fp: IO[str],
    *,
    event_time: _dt.datetime | None = None,
    tz_offset: str | None = None,
    id_form: str = "dl",
    gcp_length: int | None = None,
    parent_gcp_length: int | None = None,
    stem: str = "",
    biz_step: str = "packing",
    disposition: str = "in_progress",
    read_point: str | None = None,
    biz_location: str | None = None,
    gcp_table: Any = None,
) -> int:
    """Write an EPCIS 2.0 JSON-LD document, one ``AggregationEvent`` per container.

    Streams: events are written as the aggregations arrive.  Identifiers are
    GS1 Digital Link URIs (``id_form="dl"``, permitted by EPCIS 2.0) or EPC
    URIs (``id_form="epc"``, needs ``gcp_length``, ``parent_gcp_length`` for
    the SSCCs when it differs, or ``gcp_table``, a GCP length table).
    ``event_time`` defaults to now in UTC+08:00.  Returns the number of events.

    >>> import io, datetime as dt
    >>> agg = Aggregation("case", "069012340000000016",
    ...     (GS1Message((Element("01", "06901234000012"), Element("21", "1"))),))
    >>> out = io.StringIO()
    >>> t = dt.datetime(2026, 5, 1, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    >>> write_epcis([agg], out, event_time=t, id_form="epc", gcp_length=7)
    1
    >>> doc = json.loads(out.getvalue())
    >>> doc["@context"], doc["type"], doc["schemaVersion"]
    (['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'], 'EPCISDocument', '2.0')
    >>> ev = doc["epcisBody"]["eventList"][0]
    >>> ev["type"], ev["action"], ev["bizStep"], ev["disposition"]
    ('AggregationEvent', 'ADD', 'packing', 'in_progress')
    >>> ev["parentID"], ev["childEPCs"]
    ('urn:epc:id:sscc:6901234.0000000001', ['urn:epc:id:sgtin:6901234.000001.1'])
    >>> ev["eventTime"], ev["eventTimeZoneOffset"]
    ('2026-05-01T08:00:00.000+08:00', '+08:00')
    """
    if event_time is None:
        event_time = _dt.datetime.now(_dt.timezone(_dt.timedelta(hours=8)))
    created = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="milliseconds")
    head = {
        "@context": [EPCIS_CONTEXT],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": created.replace("+00:00", "Z"),
    }
    text = json.dumps(head, ensure_ascii=False)
    fp.write(text[:-1] + ', "epcisBody": {"eventList": [\n')
    n = 0
    for agg in aggregations:
        event = epcis_event(
            agg,
            event_time=event_time,
            tz_offset=tz_offset,
            id_form=id_form,
            gcp_length=gcp_length,
            parent_gcp_length=parent_gcp_length,
            stem=stem,
            biz_step=biz_step,
            disposition=disposition,
            read_point=read_point,
            biz_location=biz_location,
            gcp_table=gcp_table,
        )
        fp.write((",\n" if n else "") + json.dumps(event, ensure_ascii=False))
        n += 1
    fp.write("\n]}}\n")
    return n


def write_aggregation_csv(aggregations: Iterable[Aggregation], fp: IO[str]) -> int:
    """Write ``level,parent,child`` rows (HRI), one per child; return the row count.

    >>> import io
    >>> child = GS1Message((Element("00", "111111111111111115"),))
    >>> agg = Aggregation("case", "069012340000000016", (child,))
    >>> out = io.StringIO()
    >>> write_aggregation_csv([agg], out), out.getvalue().splitlines()[1]
    (1, 'case,(00)069012340000000016,(00)111111111111111115')
    """
    fp.write("level,parent,child\n")
    n = 0
    for agg in aggregations:
        parent = f"(00){agg.parent}"
        for child in agg.children:
            hri = child.hri()
            if any(ch in hri for ch in ',"\r\n'):
                hri = '"' + hri.replace('"', '""') + '"'
            fp.write(f"{agg.level},{parent},{hri}\n")
            n += 1
    return n
