"""GS1 structures to generate: fixed fields validated once, the serial element, renderers.

A :class:`GS1Plan` holds the fixed elements (validated with the GS1 engine
when the plan is made), which AI carries the serial, the fixed prefix of
that AI's value and whether a check character follows the serial.  Serials
that fit the AI's character set and length are valid by construction; the
plan proves this once for the strategy and then renders codes by string
templates (see :meth:`GS1Plan.renderer`).

>>> plan = plan_gs1({"01": "09506000134352", "17": "2026-12-31", "10": "ABC123"})
>>> plan.serial_ai, plan.namespace
('21', 'gs1:01:09506000134352:21')
>>> plan.message("X1").hri()
'(01)09506000134352(17)261231(10)ABC123(21)X1'
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from tracecode._chars import CSET39, CSET64, CSET82, DIGITS, is_digits
from tracecode.errors import TraceCodeError, make_error, raw
from tracecode.gs1.dictionary import AIEntry, Component, get_dictionary
from tracecode.gs1.message import GS, Element, GS1Message
from tracecode.gs1.parse import check_message, check_value

__all__ = ["FIELD_AIS", "GS1Plan", "normalise_value", "plan_gs1"]

#: Keyword names accepted for common AIs (``gtin=...`` is ``ai={"01": ...}``).
FIELD_AIS: dict[str, str] = {
    "sscc": "00",
    "gtin": "01",
    "content": "02",
    "batch": "10",
    "lot": "10",
    "production_date": "11",
    "due_date": "12",
    "packaging_date": "13",
    "best_before": "15",
    "sell_by": "16",
    "expiry": "17",
    "variant": "20",
    "cpv": "22",
    "tpx": "235",
    "additional_id": "240",
    "customer_part": "241",
    "secondary_serial": "250",
    "ref_to_source": "251",
    "quantity": "30",
    "ship_to": "410",
    "gln": "414",
    "party_gln": "417",
    "origin": "422",
    "grai": "8003",
    "giai": "8004",
}

_CHARSET = {"N": DIGITS, "X": CSET82, "Y": CSET39, "Z": CSET64 + "="}
_DATE_LINTERS = ("yymmd0", "yymmdd", "yyyymmdd")
_TIME_LINTERS = {"hh": 2, "hhmi": 4, "mi": 2, "ss": 2}
#: linters that depend only on the fixed prefix (checked once on a sample)
_PREFIX_LINTERS = frozenset(("gcppos1", "gcppos2", "zero"))
#: linters whose check character the plan computes for each code
_CHECK_LINTERS = frozenset(("csum", "csumalpha"))
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2}))?)?)?\Z")
#: characters rendered identically in HRI, element strings, URIs, JSON and CSV
SAFE = frozenset(DIGITS + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-._")
_MARK = "\ue000"
_MARK_RE = re.compile("\ue000|%EE%80%80")
#: serial-bearing AIs in order of preference when a structure allows several
SERIAL_AIS = ("21", "00", "8004", "8003", "8017", "8018", "253", "255", "235", "250")


def normalise_value(ai: str, value: Any) -> str:
    """The AI value in GS1 form: dates from ``YYYY-MM-DD`` (or date objects), GTINs padded.

    >>> normalise_value("17", "2026-12-31"), normalise_value("17", "261231")
    ('261231', '261231')
    >>> normalise_value("7003", "2026-12-31T08:30"), normalise_value("11", "20260105")
    ('2612310830', '260105')
    >>> normalise_value("01", "9506000134352")
    '09506000134352'
    >>> normalise_value("00", "09506000100000000")
    '095060001000000005'
    """
    d = get_dictionary()
    entry = d.get(ai)
    if isinstance(value, (_dt.date, _dt.datetime)):
        value = value.isoformat()
    text = str(value)
    if entry is None:
        return text
    first = entry.components[0]
    date_kind = next((x for x in first.linters if x in _DATE_LINTERS), None)
    if date_kind is not None:
        return _date_value(entry, text, date_kind)
    if ai in ("01", "02") and is_digits(text) and len(text) in (8, 12, 13):
        return text.zfill(14)
    fixed = entry.fixed_length
    if (
        fixed is not None
        and len(entry.components) == 1
        and "csum" in first.linters
        and first.type == "N"
        and is_digits(text)
        and len(text) == fixed - 1
    ):
        from tracecode.checksum import gs1_mod10

        return text + gs1_mod10(text)
    return text


def _date_value(entry: AIEntry, text: str, kind: str) -> str:
    m = _ISO.fullmatch(text.strip())
    if m is None:
        if kind != "yyyymmdd" and is_digits(text) and len(text) == 8 and text[:2] in ("19", "20"):
            return text[2:]  # YYYYMMDD for a YYMMDD field
        return text
    parts = {"date": m.group(1) + m.group(2) + m.group(3)}
    out = []
    for i, comp in enumerate(entry.components):
        if i == 0:
            out.append(parts["date"] if kind == "yyyymmdd" else parts["date"][2:])
            continue
        names = [x for x in comp.linters if x in _TIME_LINTERS]
        if not names:
            break
        hh, mi, ss = m.group(4), m.group(5), m.group(6)
        want = {
            "hh": hh,
            "hhmi": (hh or "") + (mi or "") if hh and mi else None,
            "mi": mi,
            "ss": ss,
        }
        piece = want[names[0]]
        if piece is None:
            if comp.optional:
                break
            return text
        out.append(piece)
    return "".join(out)


class GS1Plan:
    """A GS1 structure with every field fixed but the serial (see :func:`plan_gs1`)."""

    def __init__(
        self,
        elements: tuple[Element, ...],
        serial_index: int,
        prefix: str,
        component: Component,
        check: str | None,
        namespace: str,
        profile: Any = None,
    ) -> None:
        self.elements = elements
        self.serial_index = serial_index
        self.serial_ai = elements[serial_index].ai
        self.prefix = prefix
        self.component = component
        self.check = check
        self.namespace = namespace
        self.profile = profile
        self._cache: dict[tuple[str, str, str], list[str] | None] = {}
        entry = get_dictionary()[self.serial_ai]
        self.entry = entry
        #: characters a serial may use
        self.charset = _CHARSET[component.type]
        start = sum(c.max for c in entry.components[:-1])
        used = len(prefix) - start
        extra = 0 if check is None else (1 if check == "csum" else 2)
        #: shortest and longest serial
        self.max_length = component.max - used - extra
        self.min_length = max(1, component.min - used - extra) if not component.optional else 1
        if component.fixed:
            self.min_length = self.max_length
        self.exact = all(
            x in _PREFIX_LINTERS or x in _CHECK_LINTERS for x in component.linters
        ) and (component.type != "Z")

    # -- values ---------------------------------------------------------------------
    def value(self, serial: str) -> str:
        """The serial AI's value for ``serial`` (prefix, serial, check character)."""
        body = self.prefix + serial
        if self.check == "csum":
            from tracecode.checksum import gs1_mod10

            return body + gs1_mod10(body)
        if self.check == "csumalpha":
            from tracecode.checksum import gs1_checkpair

            return body + gs1_checkpair(body)
        return body

    def tail(self, serial: str) -> str:
        """What follows the fixed prefix in the value: the serial and its check character."""
        return self.value(serial)[len(self.prefix) :]

    def message(self, serial: str) -> GS1Message:
        """The whole message for ``serial``."""
        els = list(self.elements)
        els[self.serial_index] = Element(self.serial_ai, self.value(serial))
        return GS1Message(tuple(els))

    def accepts(self, serial: str) -> bool:
        """True when ``serial`` gives a valid value (used where validity is not by construction)."""
        if not serial or any(ch not in self.charset for ch in serial):
            return False
        if not self.min_length <= len(serial) <= self.max_length:
            return False
        return check_value(self.entry, self.value(serial)) is None

    def validate_serial(self, serial: str) -> None:
        """Raise the GS1 engine's error for a serial that does not fit (supplied serials)."""
        bad = next((i for i, ch in enumerate(serial) if ch not in self.charset), -1)
        if bad >= 0:
            raise make_error(
                "INVALID_CHARACTER",
                ai=self.serial_ai,
                position=bad,
                found=serial[bad],
                detail=f"serial {serial!r}",
            )
        if not self.min_length <= len(serial) <= self.max_length:
            raise make_error(
                "INVALID_LENGTH",
                ai=self.serial_ai,
                expected=raw(f"{self.min_length} to {self.max_length} characters"),
                found=serial,
            )
        err = check_value(self.entry, self.value(serial))
        if err is not None:
            raise err

    def check_sample(self, serial: str) -> None:
        """Validate the whole message built with ``serial`` (once per plan and strategy)."""
        msg = self.message(serial)
        for e in msg.elements:
            entry = get_dictionary().get(e.ai)
            if entry is None:
                raise make_error("UNKNOWN_AI", ai=e.ai)
            err = check_value(entry, e.value)
            if err is not None:
                raise err
        problems = check_message(msg.elements)
        if problems:
            raise problems[0]
        if self.profile is not None:
            problems = self.profile.check(msg)
            if problems:
                raise problems[0]

    # -- rendering ------------------------------------------------------------------
    def render_one(self, serial: str, fmt: str, stem: str) -> str:
        """One code in ``fmt`` (``hri``, ``element``, ``dl``, ``jsonl``, ``csv``)."""
        msg = self.message(serial)
        if fmt == "hri":
            return msg.hri()
        if fmt == "element":
            return msg.element_string(GS)
        if fmt == "dl":
            return msg.digital_link(stem)
        if fmt == "jsonl":
            return json.dumps(self.record(msg), ensure_ascii=False, separators=(", ", ": "))
        if fmt == "csv":
            return _csv_row((serial, msg.hri(), msg.element_string(GS), msg.digital_link(stem)))
        raise make_error("GENERATION_FAILED", expected=raw("a known format"), found=fmt)

    def record(self, msg: GS1Message) -> dict[str, Any]:
        """The unified jsonl record of ``msg`` (``spec/record.schema.json``)."""
        try:
            from tracecode.scheme import record_from_gs1
        except ImportError:  # pragma: no cover - the scheme engine ships with tracecode
            return {"scheme": "gs1", **msg.to_dict()}
        data: dict[str, Any] = record_from_gs1(msg, self.profile).to_dict()
        return data

    def renderer(self, fmt: str, stem: str, alphabet: str) -> Callable[[list[str]], list[str]]:
        """A function rendering a batch of serials, by template when that is exact.

        The template is the code rendered with a marker in place of the serial;
        it is used only when the serials' characters need no escaping in any
        representation and samples render identically both ways.
        """
        pieces = self._pieces(fmt, stem, alphabet)
        if pieces is None:
            return lambda serials: [self.render_one(s, fmt, stem) for s in serials]
        tail = self.tail if self.check else None
        if len(pieces) == 2:
            a, b = pieces
            if tail is None:
                return lambda serials: [a + s + b for s in serials]
            return lambda serials: [a + tail(s) + b for s in serials]
        if tail is None:
            return lambda serials: [s.join(pieces) for s in serials]
        return lambda serials: [tail(s).join(pieces) for s in serials]

    def block_renderer(
        self, fmt: str, stem: str, alphabet: str
    ) -> Callable[[list[str]], str] | None:
        """A function rendering a batch as one text block (a line break after each), or None.

        Only for the simplest template (one place for the serial, no check
        character): the whole batch is then one ``str.join``.
        """
        pieces = self._pieces(fmt, stem, alphabet)
        if pieces is None or len(pieces) != 2 or self.check:
            return None
        a, b = pieces
        sep = b + "\n" + a
        end = b + "\n"
        return lambda serials: a + sep.join(serials) + end if serials else ""

    def _pieces(self, fmt: str, stem: str, alphabet: str) -> list[str] | None:
        key = (fmt, stem, alphabet)
        if key in self._cache:
            return self._cache[key]
        pieces: list[str] | None = None
        if set(alphabet) <= SAFE and set(self.prefix) <= SAFE:
            try:
                pieces = self._template(fmt, stem)
            except (TraceCodeError, ValueError, KeyError, TypeError):
                pieces = None
        if pieces is not None:
            for s in _samples(alphabet, self.min_length, self.max_length):
                expected = self.render_one(s, fmt, stem)
                t = self.tail(s)
                if t.join(pieces) != expected:  # pragma: no cover - defensive
                    pieces = None
                    break
        self._cache[key] = pieces
        return pieces

    def _template(self, fmt: str, stem: str) -> list[str]:
        saved = self.check
        self.check = None
        try:
            text = self.render_one(_MARK, fmt, stem)
        finally:
            self.check = saved
        pieces = _MARK_RE.split(text)
        if len(pieces) < 2:
            raise ValueError("marker lost")
        return pieces


def _samples(alphabet: str, lo: int, hi: int) -> list[str]:
    a, z = alphabet[0], alphabet[-1]
    mid = alphabet[len(alphabet) // 2]
    return [(z + a * hi)[:lo], (a + mid * hi)[:hi], (mid + z * hi)[: (lo + hi) // 2 or 1]]


def _csv_row(fields: tuple[str, ...]) -> str:
    out = []
    for f in fields:
        if any(ch in f for ch in ',"\r\n'):
            f = '"' + f.replace('"', '""') + '"'
        out.append(f)
    return ",".join(out)


CSV_HEADER = "serial,hri,element_string,digital_link"


def plan_gs1(
    values: Mapping[str, Any],
    *,
    serial_ai: str | None = None,
    namespace: str | None = None,
    profile: Any = None,
) -> GS1Plan:
    """Validate the fixed AI values and plan where the serial goes.

    ``values`` maps AIs to values; the value given for the serial AI (if any)
    is the fixed prefix of its serials (e.g. ``{"8004": "6901234"}`` for
    GIAIs of company prefix 6901234).  Elements are ordered key first, then
    fixed-length AIs, then variable-length ones, the serial AI last.

    >>> p = plan_gs1({"00": "06901234"}, serial_ai="00")
    >>> p.min_length, p.max_length, p.message("000000001").hri()
    (9, 9, '(00)069012340000000016')
    >>> plan_gs1({"10": "A1"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    tracecode.errors.AssociationError: AI (10): a mandatory associated AI is missing ...
    """
    d = get_dictionary()
    fixed: dict[str, str] = {}
    for ai, value in values.items():
        if value is None:
            continue
        if d.get(ai) is None:
            raise make_error("UNKNOWN_AI", ai=ai, found=ai)
        fixed[ai] = normalise_value(ai, value)
    if serial_ai is None:
        serial_ai = _choose_serial_ai(fixed, profile)
    entry = d.get(serial_ai)
    if entry is None:
        raise make_error("UNKNOWN_AI", ai=serial_ai, found=serial_ai)
    prefix = fixed.pop(serial_ai, "")
    comp = entry.components[-1]
    start = sum(c.max for c in entry.components[:-1])
    if len(prefix) < start or not all(c.fixed for c in entry.components[:-1]):
        raise make_error(
            "GENERATION_FAILED",
            ai=serial_ai,
            expected=raw(f"a fixed prefix of at least {start} characters for the serial AI"),
            found=prefix,
        )
    check = next((x for x in comp.linters if x in _CHECK_LINTERS), None)
    if check is not None and not comp.fixed and check == "csum":  # pragma: no cover - no such AI
        check = None
    for ai, value in fixed.items():
        err = check_value(d[ai], value)
        if err is not None:
            raise err
    key_ais = [ai for ai in fixed if d[ai].dlpkey is not None]
    ordered: list[str] = []
    ordered += list(key_ais)
    ordered += [ai for ai in fixed if ai not in ordered and not d[ai].fnc1]
    ordered += [ai for ai in fixed if ai not in ordered]
    if entry.dlpkey is not None:
        ordered.insert(0, serial_ai)
    else:
        ordered.append(serial_ai)
    elements = tuple(Element(ai, fixed.get(ai, "")) for ai in ordered)
    index = ordered.index(serial_ai)
    if namespace is None:
        namespace = _namespace(serial_ai, prefix, fixed, key_ais)
    plan = GS1Plan(elements, index, prefix, comp, check, namespace, profile)
    if plan.max_length < 1:
        raise make_error(
            "GENERATION_FAILED",
            ai=serial_ai,
            detail=f"the prefix {prefix!r} leaves no room for a serial",
        )
    plan.check_sample("1" * plan.min_length)
    return plan


def _namespace(serial_ai: str, prefix: str, fixed: Mapping[str, str], key_ais: list[str]) -> str:
    entry = get_dictionary()[serial_ai]
    if entry.dlpkey is not None:
        return f"gs1:{serial_ai}:{prefix}"
    key = next((ai for ai in key_ais if ai != serial_ai), None)
    ns = f"gs1:{key}:{fixed[key]}:{serial_ai}" if key else f"gs1:{serial_ai}"
    return ns + (f":{prefix}" if prefix else "")


def _choose_serial_ai(fixed: Mapping[str, str], profile: Any) -> str:
    if "21" in fixed:
        return "21"
    given = next((ai for ai in SERIAL_AIS if ai in fixed), None)
    if given is not None:
        return given
    allowed = True
    if profile is not None:
        names = {a for grp in profile.required_ais for a in grp} | set(profile.optional_ais)
        allowed = "21" in names
    if allowed:
        return "21"
    raise make_error(
        "GENERATION_FAILED",
        detail="no AI to carry the serial: give the serial AI's fixed prefix, "
        "e.g. 8004=<GS1 company prefix>",
    )
