"""GS1 Digital Link: parse, build, canonical form, errors."""

from __future__ import annotations

import pytest

from tracecode import gs1
from tracecode.errors import TraceCodeError


def test_canonical_form() -> None:
    m = gs1.parse("(01)09520123456788(22)2A(10)ABC123(21)12345(17)180426")
    assert m.digital_link() == (
        "https://id.gs1.org/01/09520123456788/22/2A/10/ABC123/21/12345?17=180426"
    )


def test_custom_domain_and_stem_round_trip() -> None:
    uri = "https://brand.example.cn/p/01/09506000134352/10/ABC%2F1?17=261231"
    m = gs1.parse(uri)
    assert m["10"] == "ABC/1"
    assert m.digital_link("https://brand.example.cn/p") == uri
    assert gs1.parse(m.digital_link()) == m


def test_zero_suppressed_gtin() -> None:
    with pytest.raises(TraceCodeError):
        gs1.parse("https://id.gs1.org/01/9506000134352")
    m = gs1.parse("https://id.gs1.org/01/9506000134352", zero_suppressed_gtin=True)
    assert m["01"] == "09506000134352"
    assert m.digital_link(zero_suppress=True) == "https://id.gs1.org/01/9506000134352"


def test_other_keys() -> None:
    assert gs1.parse("(00)106141411234567897").digital_link() == (
        "https://id.gs1.org/00/106141411234567897"
    )
    m = gs1.parse("https://id.gs1.org/414/9521321000018/254/A1")
    assert (m["414"], m["254"]) == ("9521321000018", "A1")


@pytest.mark.parametrize(
    ("uri", "code"),
    [
        ("https://id.gs1.org/01/09506000134352/21/XYZ/10/ABC", "DL_INVALID_KEY_QUALIFIERS"),
        ("https://id.gs1.org/01/09506000134352/22/A/235/B", "DL_INVALID_KEY_QUALIFIERS"),
        ("https://id.gs1.org/01/09506000134352?10=ABC", "DL_AI_NOT_PERMITTED_IN_QUERY"),
        ("https://id.gs1.org/01/09506000134352?17=261231&17=261231", "DL_DUPLICATE_AI"),
        ("https://id.gs1.org/01/09506000134352?9999=1", "DL_UNKNOWN_NUMERIC_PARAMETER"),
        ("https://id.gs1.org/01/09506000134352/10/A%2", "DL_INVALID_PERCENT_ENCODING"),
        ("https://id.gs1.org/gtin/09506000134352", "DL_NO_PRIMARY_KEY"),
        ("Https://id.gs1.org/01/09506000134352", "NOT_GS1"),
        ("https://id.gs1.org/01/09506000134353", "INCORRECT_CHECK_DIGIT"),
        ("https://bad_host/01/09506000134352", "DL_INVALID_URI"),
    ],
)
def test_errors(uri: str, code: str) -> None:
    with pytest.raises(TraceCodeError) as info:
        gs1.parse(uri)
    assert info.value.code == code


def test_empty_query_values_are_dropped_and_fragment_ignored() -> None:
    m = gs1.parse("https://id.gs1.org/01/09506000134352?17=&linkType=all#frag")
    assert m.ais == ("01",)
    assert m.other_query == (("linkType", "all"),)


def test_no_primary_key_says_so() -> None:
    m = gs1.parse("(02)09506000134352(37)10(00)106141411234567897")
    assert m.digital_link().startswith("https://id.gs1.org/00/")
    with pytest.raises(TraceCodeError) as info:
        gs1.parse("(02)09506000134352(37)10", associations=False).digital_link()
    assert info.value.code == "DL_NO_PRIMARY_KEY"


def test_compressed_round_trip() -> None:
    m = gs1.parse("(01)09506000134352(10)ABC123(21)XYZ(17)261231")
    uri = m.digital_link(compressed=True)
    assert "/01/" not in uri
    assert gs1.parse(uri) == gs1.parse(m.digital_link())
