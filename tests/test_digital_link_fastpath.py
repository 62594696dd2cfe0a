"""The Digital Link fast path gives exactly what the general path gives.

``parse_digital_link`` first tries a fast path for URIs without percent
escapes; it must return the same message (elements, positions, errors, other
query parameters) as ``_parse_general`` or hand the URI over, so that errors
(code, position, message) are always the general path's.
"""

from __future__ import annotations

import contextlib
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracecode.errors import TraceCodeError
from tracecode.gs1 import digitallink
from tracecode.gs1.digitallink import _parse_general, parse_digital_link
from tracecode.gs1.message import GS1Message
from tracecode.gs1.parse import ParseOptions

GTINS = ["09506000134352", "09520123456788", "00000000000017", "09506000134353", "0950600013435"]
# AIs for the path and the query: keys, qualifiers, attributes, unknown, odd words
AIS = [
    "01", "01", "01", "10", "10", "21", "21", "22", "235", "17", "17", "15", "00", "414",
    "254", "7040", "8006", "8010", "8011", "255", "253", "3103", "7240", "8200", "4300",
    "99", "9999", "01x", "gtin", "", "p", "123", "7003", "8030", "00000",
]  # fmt: skip
VALUES = [
    "ABC123", "A", "XYZ-1.2", "AB!\"&'()*+,-.:;<=>_z", "261231", "260229", "261332", "250000",
    "1", "000123", "12345678901234567890", "123456789012345678901", "106141411234567897",
    "9521321000018", "0950600013435201", "0950600013435202", "ü", "A B", "AB%2F1", "%41",
    "%", "%zz", "%C3%BC", "%FF", "a$b", "a@b", "[x]", "", "0", "00", "~x", "12.5",
]  # fmt: skip
STEMS = ["", "/p", "/a/b", "/10/ABC", "/01", "/products/x/y", "/414/9521321000018", "/gtin"]
HOSTS = ["id.gs1.org", "example.com:8080", "bad_host", "a", "-x.com", "ID.GS1.ORG"]
SCHEMES = ["https://", "http://", "HTTPS://", "Https://", "ftp://"]
OPTIONS = [
    ParseOptions(),
    ParseOptions(lenient=True),
    ParseOptions(associations=False),
    ParseOptions(zero_suppressed_gtin=True),
    ParseOptions(lenient=True, associations=False),
]


def _value(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.3:
        return rng.choice(GTINS)
    if r < 0.9:
        return rng.choice(VALUES)
    return "".join(rng.choice("AZaz09-._~!$&'()*+,;=:@%/?#") for _ in range(rng.randint(0, 6)))


def _param(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.55:
        return f"{rng.choice(AIS)}={_value(rng)}"
    if r < 0.75:
        return rng.choice(
            ["linkType=gs1:pip", "linkType=all", "lang=en", "x=", "=x", "", "a", "k=v=w"]
        )
    return f"{rng.choice(['17', '15', '3103', '7240', '10'])}={rng.choice(VALUES)}"


def random_uri(rng: random.Random) -> str:
    """A URI near the common shape, often valid, often broken in one place."""
    scheme = SCHEMES[0] if rng.random() < 0.8 else rng.choice(SCHEMES)
    host = HOSTS[0] if rng.random() < 0.7 else rng.choice(HOSTS)
    stem = "" if rng.random() < 0.5 else rng.choice(STEMS)
    parts = []
    if rng.random() < 0.8:
        parts.append(f"/01/{rng.choice(GTINS)}")
        for q in ("22", "10", "21", "235"):
            if rng.random() < 0.4:
                parts.append(f"/{q}/{_value(rng) if rng.random() < 0.3 else 'ABC1'}")
    for _ in range(rng.choice([0, 0, 0, 1, 2])):
        parts.insert(rng.randint(0, len(parts)), f"/{rng.choice(AIS)}/{_value(rng)}")
    uri = scheme + host + stem + "".join(parts)
    if not parts and rng.random() < 0.5:
        uri += "/"
    if rng.random() < 0.7:
        params = [_param(rng) for _ in range(rng.choice([0, 1, 1, 1, 2, 3]))]
        uri += "?" + rng.choice("&&&;").join(params)
    if rng.random() < 0.1:
        uri += "#" + rng.choice(["frag", "", "a%b", "x?y"])
    if rng.random() < 0.05:
        i = rng.randint(0, len(uri))
        uri = uri[:i] + rng.choice([" ", "/", "//", "?", "#", "%", "ü", "\x1d", "&"]) + uri[i:]
    return uri


def _outcome(parse: object, uri: str, opts: ParseOptions) -> object:
    assert callable(parse)
    try:
        m = parse(uri, opts)
    except TraceCodeError as err:
        return ("error", type(err), vars(err), str(err), err.message("zh"))
    assert isinstance(m, GS1Message)
    return (
        "message",
        [(e.ai, e.value, e.position) for e in m.elements],
        m.symbology,
        [(type(e), vars(e), str(e)) for e in m.errors],
        m.other_query,
    )


def _assert_same(uri: str) -> None:
    for opts in OPTIONS:
        assert _outcome(parse_digital_link, uri, opts) == _outcome(_parse_general, uri, opts), (
            uri,
            opts,
        )


def test_fast_path_matches_general_path_on_many_uris() -> None:
    rng = random.Random(20240611)
    valid = 0
    for _ in range(6000):
        uri = random_uri(rng)
        _assert_same(uri)
        with contextlib.suppress(TraceCodeError):
            valid += parse_digital_link(uri, ParseOptions()).valid
    assert valid > 500  # the corpus exercises the fast path, not only hand-overs


@pytest.mark.parametrize(
    "uri",
    [
        "https://id.gs1.org/01/09506000134352/10/ABC/21/XYZ?17=261231",
        "https://id.gs1.org/01/09506000134352/10/ABC/21/XYZ?17=261231&17=261231",
        "https://id.gs1.org/01/09506000134352/10/ABC/21/XYZ?17=261231;15=261231",
        "https://id.gs1.org/01/09506000134352/10/ABC/21/XYZ?10=A",
        "https://id.gs1.org/01/09506000134352/10/ABC/21/XYZ?21=A",
        "https://id.gs1.org/01/09506000134352/10/ABC/21/XYZ?22=A",
        "https://id.gs1.org/01/09506000134352/10/ABC/21/XYZ?01=09506000134352",
        "https://id.gs1.org/01/09506000134352/10/ABC/21/XYZ?9999=1&linkType=all",
        "https://id.gs1.org/01/09506000134352/10//21/XYZ",
        "https://id.gs1.org/01/09506000134352/21/XYZ/10/ABC",
        "https://id.gs1.org/414/9521321000018/01/09506000134352",
        "https://id.gs1.org/10/ABC/01/09506000134352",
        "https://id.gs1.org/01/X/01/09506000134352",
        "https://id.gs1.org/01/09506000134352/21/A/21/B",
        "https://id.gs1.org/01/09506000134352?17=260229",
        "https://id.gs1.org/01/09506000134352?17=261332&linkType=all",
        "https://id.gs1.org/01/09506000134352?3103=000123&7240=A&4300=X",
        "https://id.gs1.org/01/09506000134352?&&=&17&17=&17=261231#x",
        "https://id.gs1.org/01/09506000134352?",
        "https://id.gs1.org/01/0950600013435",
        "https://id.gs1.org/8006/095060001343520102/21/X",
        "https://id.gs1.org/00/106141411234567897?17=261231",
        "https://id.gs1.org/255/0950600013435",
        "https://id.gs1.org/253/1234567890005ABC",
        "https://id.gs1.org/01/09506000134352/235/ABC?17=261231",
        "https://id.gs1.org/01/09506000134352?8030=X",
        "https://id.gs1.org/",
        "https://id.gs1.org/01",
        "https://id.gs1.org/01/",
    ],
)
def test_fast_path_edge_cases(uri: str) -> None:
    _assert_same(uri)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(AIS),
            st.text(alphabet="AZ09-._!&'()*+,:;<=>%/", max_size=22) | st.sampled_from(GTINS),
        ),
        max_size=4,
    ),
    st.text(alphabet="0123456789=&;ABlinkTyp:%", max_size=30),
    st.sampled_from(["", "/p", "/10/A", "/a/b"]),
)
def test_fast_path_matches_general_path_generated(
    pairs: list[tuple[str, str]], query: str, stem: str
) -> None:
    path = "".join(f"/{ai}/{value}" for ai, value in pairs)
    uri = f"https://id.gs1.org{stem}{path}?{query}" if query else f"https://id.gs1.org{stem}{path}"
    _assert_same(uri)


def test_shape_cache_stays_bounded() -> None:
    for i in range(digitallink._SHAPES_LIMIT + 50):
        _assert_same(f"https://x.org/{i}/s/{i}/01/09506000134352?17=261231")
    assert len(digitallink._SHAPES) <= digitallink._SHAPES_LIMIT


@pytest.mark.parametrize(
    "text",
    ["http://", "https://x", "HTTP://X", "HTTPS://", "Http://x", "httpS://", "https:/", "h", ""],
)
def test_looks_like_uri_is_the_scheme_pattern(text: str) -> None:
    assert digitallink.looks_like_uri(text) == (digitallink._SCHEME_RE.match(text) is not None)
