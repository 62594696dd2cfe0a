"""Property tests: any valid message survives every representation unchanged;
any text gives a result or a TraceCodeError."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracecode import gs1
from tracecode._chars import CSET39, CSET82
from tracecode.checksum import gs1_mod10
from tracecode.errors import TraceCodeError
from tracecode.gs1 import Component, Element, GS1Message

D = gs1.get_dictionary()
_SIMPLE_LINTERS = {"csum", "yymmd0", "yymmdd", "gcppos1", "gcppos2", "nonzero", "nozeroprefix"}
# AIs whose values this strategy can generate directly from the dictionary
SIMPLE_AIS = sorted(
    ai
    for ai, e in D.items()
    if all(set(c.linters) <= _SIMPLE_LINTERS for c in e.components)
    and all(c.type in "NXY" for c in e.components)
)


def _component(c: Component) -> st.SearchStrategy[str]:
    alphabet = {"N": "0123456789", "X": CSET82, "Y": CSET39}[c.type]
    if "yymmd0" in c.linters or "yymmdd" in c.linters:
        return st.dates(dt.date(2000, 1, 1), dt.date(2049, 12, 31)).map(
            lambda d: d.strftime("%y%m%d")
        )
    base = st.text(alphabet, min_size=c.min, max_size=c.max)
    if "nonzero" in c.linters or "nozeroprefix" in c.linters:
        base = st.text("123456789", min_size=c.min, max_size=c.max)
    if "csum" in c.linters:
        return st.text("0123456789", min_size=c.max - 1, max_size=c.max - 1).map(
            lambda b: b + gs1_mod10(b)
        )
    return base


@st.composite
def values(draw: st.DrawFn, ai: str) -> str:
    parts = []
    for c in D[ai].components:
        if c.optional and not draw(st.booleans()):
            break
        parts.append(draw(_component(c)))
    return "".join(parts)


@st.composite
def messages(draw: st.DrawFn) -> GS1Message:
    ais = draw(st.lists(st.sampled_from(SIMPLE_AIS), min_size=1, max_size=6, unique=True))
    elements = []
    for ai in ais:
        value = draw(values(ai))
        if gs1.check_value(D[ai], value) is not None:
            continue
        candidate = [*elements, Element(ai, value)]
        if gs1.check_message(candidate, associations=False):
            continue  # an invalid pairing: GS1 forbids it in any representation
        elements = candidate
    if not elements:
        elements.append(Element("01", "09506000134352"))
    return GS1Message(tuple(elements))


def _pairs(m: GS1Message) -> list[tuple[str, str]]:
    return [(e.ai, e.value) for e in m]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(messages())
def test_every_representation_round_trips(m: GS1Message) -> None:
    opts = {"associations": False}
    es = m.element_string()
    # byte for byte (parse_element_string: an all-digit text may otherwise read as a bare GTIN)
    assert gs1.parse_element_string(es, **opts).element_string() == es
    assert _pairs(gs1.parse("\x1d" + es, **opts)) == _pairs(m)
    assert _pairs(gs1.parse(m.element_string("^"), **opts)) == _pairs(m)
    piped = m.element_string("|", fnc1_first=True)
    assert _pairs(gs1.parse(piped, separators="|", **opts)) == _pairs(m)
    assert _pairs(gs1.parse(m.hri(), **opts)) == _pairs(m)
    assert _pairs(gs1.parse(m.scan_data("]Q3"), **opts)) == _pairs(m)
    try:
        uri = m.digital_link()
    except TraceCodeError as err:
        assert err.code.startswith("DL_")
    else:
        back = gs1.parse(uri, **opts)
        assert sorted(_pairs(back)) == sorted(_pairs(m))
        assert gs1.parse(back.digital_link(), **opts).digital_link() == back.digital_link()
        custom = m.digital_link("https://example.com/a/b")
        assert sorted(_pairs(gs1.parse(custom, **opts))) == sorted(_pairs(m))
        compressed = m.digital_link(compressed=True)
        assert sorted(_pairs(gs1.parse(compressed, **opts))) == sorted(_pairs(m))


@settings(max_examples=500)
@given(st.text(max_size=120))
def test_any_text_gives_result_or_structured_error(text: str) -> None:
    try:
        m = gs1.parse(text)
    except TraceCodeError as err:
        assert err.code
    else:
        assert m.valid
    m = None
    try:
        m = gs1.parse(text, lenient=True)
    except TraceCodeError as err:
        assert err.code


@settings(max_examples=300)
@given(st.text(alphabet="0123456789()^\x1d]dQC12ABCxyz/%?=&:.", max_size=80))
def test_gs1ish_text_gives_result_or_structured_error(text: str) -> None:
    for lenient in (False, True):
        try:
            gs1.parse(text, lenient=lenient)
        except TraceCodeError as err:
            assert err.code
        try:
            gs1.parse("https://id.gs1.org/" + text, lenient=lenient)
        except TraceCodeError as err:
            assert err.code


@settings(max_examples=300)
@given(
    st.sampled_from(["00", "01", "02", "253", "255", "402", "410", "414", "8017"]),
    st.text("0123456789", min_size=1, max_size=34),
)
def test_specialised_value_checks_agree_with_the_linters(ai: str, value: str) -> None:
    from tracecode.gs1.linters import LINTERS

    entry = D[ai]
    got = gs1.check_value(entry, value)
    # generic path: every named linter on the first component, in order
    comp = entry.components[0]
    first = value[: comp.max]
    if len(value) < entry.min_length or len(value) > entry.max_length:
        assert got is not None
        return
    expected = next((r for name in comp.linters if (r := LINTERS[name](first))), None)
    if expected is None:
        assert got is None or got.code not in {"INCORRECT_CHECK_DIGIT", "INVALID_GCP_PREFIX"}
    else:
        assert got is not None
        assert got.code == expected[0]
