"""GS1 parsing and validation: representations, errors with code and position."""

from __future__ import annotations

import pytest

from tracecode import gs1
from tracecode.errors import TraceCodeError
from tracecode.gs1 import GS

# Published examples: GS1 General Specifications / GS1 Digital Link standard use
# GTIN 09506000134352 (GS1 Global Office example GTIN) and 09520123456788.
HRI = "(01)09506000134352(17)261231(10)ABC123(21)XYZ"
ELEMENT = "01095060001343521726123110ABC123" + GS + "21XYZ"


@pytest.mark.parametrize(
    "text",
    [
        HRI,
        ELEMENT,
        GS + ELEMENT,
        "^01095060001343521726123110ABC123^21XYZ",
        "]d2" + ELEMENT,
        "]Q3" + ELEMENT,
        "]C1" + ELEMENT,
        "]J1" + ELEMENT,
        "]e0" + ELEMENT,
        "https://id.gs1.org/01/09506000134352/10/ABC123/21/XYZ?17=261231",
        "HTTPS://ID.GS1.ORG/01/09506000134352/10/ABC123/21/XYZ?17=261231",
        "https://example.com/some/stem/01/09506000134352/10/ABC123/21/XYZ?17=261231&linkType=gs1:pip",
        "]Q1https://id.gs1.org/01/09506000134352/10/ABC123/21/XYZ?17=261231",
    ],
)
def test_every_representation_gives_the_same_data(text: str) -> None:
    m = gs1.parse(text)
    assert sorted((e.ai, e.value) for e in m) == sorted(
        [("01", "09506000134352"), ("17", "261231"), ("10", "ABC123"), ("21", "XYZ")]
    )


def test_element_string_round_trip_byte_for_byte() -> None:
    assert gs1.parse(ELEMENT).element_string() == ELEMENT
    assert gs1.parse(HRI).hri() == HRI
    assert gs1.parse("]d2" + ELEMENT).scan_data("]d2") == "]d2" + ELEMENT


def test_separator_substitutes() -> None:
    text = "010950600013435210ABC|21XYZ"
    m = gs1.parse(text, separators="|")
    assert m.element_string("|") == text
    assert gs1.parse("0109506000134352|10ABC|21XYZ", separators="|") == m
    caret = "^0109506000134352^10ABC^21XYZ"
    # the engine writes FNC1 in first position as a leading ^ and no ^ after (01)
    assert gs1.parse(caret).element_string("^") == "^010950600013435210ABC^21XYZ"


def test_no_separator_after_predefined_length_ai_is_needed_but_tolerated() -> None:
    m = gs1.parse("0109506000134352" + GS + "10ABC")
    assert m.get("10") == "ABC"


def test_bare_gtins() -> None:
    assert gs1.parse("6901234567892")["01"] == "06901234567892"
    assert gs1.parse("]E06901234567892")["01"] == "06901234567892"
    assert gs1.parse("]E496385074")["01"] == "00000096385074"


def test_hri_escaped_bracket() -> None:
    m = gs1.parse(r"(01)09506000134352(10)A\(B")
    assert m["10"] == "A(B"
    assert m.hri() == r"(01)09506000134352(10)A\(B"
    assert m.hri(escape=False) == "(01)09506000134352(10)A(B"


def test_typed_values() -> None:
    import datetime as dt
    from decimal import Decimal

    m = gs1.parse("(01)09506000134352(17)261200(3103)001250(11)250101")
    typed = {e.ai: e.typed for e in m}
    assert typed["17"].date == dt.date(2026, 12, 31)
    assert typed["17"].day_unspecified
    assert typed["3103"] == Decimal("1.250")
    assert typed["11"] == dt.date(2025, 1, 1)


@pytest.mark.parametrize(
    ("text", "code", "position"),
    [
        ("(01)09506000134353", "INCORRECT_CHECK_DIGIT", 17),
        ("(01)0950600013435", "AI_DATA_TOO_SHORT", 17),
        ("(01)09506000134352(17)261301", "ILLEGAL_MONTH", 24),
        ("(01)09506000134352(17)260230", "ILLEGAL_DAY", 26),
        ("(01)09506000134352(10)AB C", "INVALID_CSET82_CHARACTER", 24),
        ("(01)09506000134352(99)" + "A" * 91, "AI_DATA_TOO_LONG", 112),
        ("(01)09506000134352(89)X", "UNKNOWN_AI", 19),
        ("(10)ABC", "REQUIRED_AI_MISSING", 0),
        ("(01)09506000134352(02)09506000134352(37)1", "INVALID_AI_PAIRING", 0),
        ("(01)09506000134352(10)A(10)B", "REPEATED_AI_CONFLICT", 23),
        ("0109506000134352" + "8901", "UNKNOWN_AI", 16),
        ("01095060001343521", "UNKNOWN_AI", 16),
        ("0109506000134", "AI_DATA_TOO_SHORT", 13),
        ("(01)09506000134352(3103)00125", "AI_DATA_TOO_SHORT", 29),
        ("(01)09506000134352(3103)001250(3102)012500", "INVALID_AI_PAIRING", 18),
        ("hello", "NOT_GS1", 0),
        ("]X9abc", "UNKNOWN_SYMBOLOGY_IDENTIFIER", 0),
        ("]C1011234567890123110ABC\x1d21", "AI_DATA_EMPTY", 27),
        ("(01)09506000134352\n", "AI_DATA_TOO_LONG", 18),
        ("(01)09506000134352(10)A\n", "INVALID_CSET82_CHARACTER", 23),
    ],
)
def test_errors_have_code_and_position(text: str, code: str, position: int | None) -> None:
    with pytest.raises(TraceCodeError) as info:
        gs1.parse(text)
    assert info.value.code == code
    if position is not None:
        assert info.value.position == position
    assert str(info.value)  # a message, never empty


def test_missing_separator_is_diagnosed() -> None:
    # (10) then (21) with the FNC1 left out: the lot would absorb the serial.
    text = "0109506000134352" + "10LOT12345678" + "21SERIAL0123456789"
    with pytest.raises(TraceCodeError) as info:
        gs1.parse(text)
    assert info.value.code == "MISSING_SEPARATOR"
    assert info.value.position == text.index("21SERIAL")
    m = gs1.parse(text, lenient=True)
    assert m.get("10") == "LOT12345678"
    assert m.get("21") == "SERIAL0123456789"


def test_lenient_keeps_other_fields() -> None:
    m = gs1.parse("(01)09506000134353(10)ABC(21)XYZ", lenient=True)
    assert not m.valid
    assert [e.code for e in m.errors] == ["INCORRECT_CHECK_DIGIT"]
    assert (m["10"], m["21"]) == ("ABC", "XYZ")


def test_associations_can_be_switched_off() -> None:
    assert gs1.parse("(10)ABC(21)XYZ", associations=False).get("21") == "XYZ"
    with pytest.raises(TraceCodeError):
        gs1.parse("(10)ABC(21)XYZ")


def test_digital_signature_needs_serialised_key() -> None:
    sig = "A" * 10
    with pytest.raises(TraceCodeError) as info:
        gs1.parse(f"(253)9506000134352(8030){sig}")
    assert info.value.code == "DIGSIG_REQUIRES_SERIALISED_KEY"
    assert gs1.parse(f"(253)9506000134352SER1(8030){sig}")["8030"] == sig


def test_check_character_pair_ai_8013() -> None:
    # GS1 General Specifications example GMN with its check-character pair.
    assert gs1.parse("(8013)1987654Ad4X4bL5ttr2310c2K")["8013"].endswith("2K")
    with pytest.raises(TraceCodeError) as info:
        gs1.parse("(8013)1987654Ad4X4bL5ttr2310c2Z")
    assert info.value.code == "INCORRECT_CHECK_PAIR"


def test_messages_in_chinese() -> None:
    with pytest.raises(TraceCodeError) as info:
        gs1.parse("(01)09506000134353")
    assert "校验码" in info.value.message("zh")


def test_dictionary_counts_and_release() -> None:
    d = gs1.get_dictionary()
    assert d.release == "2026-01-27"
    assert len(d) == 541
    assert sum(not e.fnc1 for e in d.values()) == 337
    assert sum(e.dl_attribute for e in d.values()) == 525
    assert d.primary_keys == (
        "00", "01", "253", "255", "401", "402", "414", "415", "417",
        "8003", "8004", "8006", "8010", "8013", "8017", "8018",
    )  # fmt: skip


def test_predefined_length_table_matches_general_specifications() -> None:
    # GS1 General Specifications figure 7.8.5-1 (pre-defined length by first two digits)
    table = {"00": 18, "01": 14, "02": 14, "03": 14, "04": 16, "11": 6, "12": 6, "13": 6,
             "15": 6, "16": 6, "17": 6, "20": 2, "41": 13}  # fmt: skip
    d = gs1.get_dictionary()
    for ai, entry in d.items():
        if ai[:2] in table:
            assert not entry.fnc1, ai
            assert (
                entry.max_length + len(ai) - 2 == table[ai[:2]] or entry.max_length == table[ai[:2]]
            )
        elif ai[:2] in {str(n) for n in range(31, 37)}:
            assert not entry.fnc1 and entry.max_length == 6, ai
        else:
            assert entry.fnc1, ai


def test_ean_scan_data_round_trip() -> None:
    m = gs1.parse("]E06901234567892")
    assert m.scan_data("]E0") == "]E06901234567892"
    assert gs1.parse("]E496385074").scan_data("]E4") == "]E496385074"
    with pytest.raises(TraceCodeError) as info:
        gs1.parse(HRI).scan_data("]E0")
    assert info.value.code == "INVALID_FORMAT"


def test_control_character_reported_first_wherever_it_is() -> None:
    """A control character (other than GS) anywhere gives CONTROL_CHARACTER at its position."""
    import random

    from tracecode.gs1.parse import parse as gs1_parse

    base = "01095060001343521726123110ABC123\x1d21XYZ"
    rng = random.Random(4)
    for _ in range(300):
        i = rng.randrange(len(base) + 1)
        ch = rng.choice("\x00\x01\x1c\x1e\x1f\x7f")
        text = base[:i] + ch + base[i:]
        for lenient in (False, True):
            with pytest.raises(TraceCodeError) as info:
                gs1_parse(text, lenient=lenient)
            assert (info.value.code, info.value.position) == ("CONTROL_CHARACTER", i)
