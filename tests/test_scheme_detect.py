"""Detection: candidates, ranking, visible ambiguity (spec/detection.md)."""

from __future__ import annotations

import pytest

from tracecode.errors import TraceCodeError
from tracecode.scheme import Candidate, SchemeCode, detect


def ranked(text: str) -> list[tuple[str, bool]]:
    return [(c.scheme, c.valid) for c in detect(text)]


@pytest.mark.parametrize(
    ("text", "best"),
    [
        ("91350100M000100Y43", "cn.uscc"),
        ("350100", "cn.admin-division"),
        ("81773220288616423835", "cn.drug.trace20"),
        ("86900000000010", "cn.drug.standard"),
        ("MA.156.M0.100761.21234561", "cn.drug.ma"),
        ("10929272000000000000000000000000", "cn.pesticide.unit"),
        ("http://www.sdakzw.com/nyzs/10929272000000000000000000000000", "cn.pesticide.unit"),
        ("201906011234500000000001", "cn.vetdrug.trace24"),
        ("郑单958\\n示例种业有限公司\\nABC123\\nhttps://example.com/t?id=ABC123", "cn.seed.label"),
        ("郑单958\n示例种业有限公司\nABC123\nhttps://example.com/t?id=ABC123", "cn.seed.label"),
        ("SC10135010000015", "cn.food.sc"),
        ("215010890201500098", "cn.equipment.code"),
        ("5380512A00101", "cn.detonator.shell"),
        ("https://example.com/aqxxm/370112345", "cn.hazchem.safety-info"),
        ("(01)09506000134352(17)261231(10)A(21)B", "gs1"),
        ("]d2010950600013435217261231", "gs1"),
        ("https://id.gs1.org/01/09506000134352/10/ABC", "gs1"),
        ("6901234567892", "gs1"),
    ],
)
def test_best_candidate(text: str, best: str) -> None:
    candidates = detect(text)
    assert candidates[0].scheme == best
    assert candidates[0].valid
    assert candidates[0].rank == 1
    assert candidates[0].reason


def test_ambiguity_is_visible() -> None:
    # a 14-digit 869... code is both a national drug code and a GTIN-14
    assert ranked("86900000000010") == [("cn.drug.standard", True), ("gs1", True)]
    # a 20-digit number: drug trace code first, legacy equipment registration code too
    assert ranked("21603101012006010101") == [
        ("cn.drug.trace20", True),
        ("cn.equipment.reg20", True),
    ]
    # a 20-digit number that is also a complete unbracketed GS1 element string
    assert [c.scheme for c in detect("01069012345678921012")] == [
        "cn.drug.trace20",
        "gs1",
        "cn.equipment.reg20",
    ]
    # URLs: a pesticide URL can also be read (loosely) as a hazchem safety code
    assert [
        c.scheme for c in detect("http://www.sdakzw.com/nyzs/10929272000000000000000000000000")
    ] == [
        "cn.pesticide.unit",
        "cn.hazchem.safety-info",
    ]
    assert [c.scheme for c in detect("https://id.gs1.org/01/09506000134352")] == [
        "gs1",
        "cn.hazchem.safety-info",
    ]


def test_invalid_candidates_are_kept_with_errors() -> None:
    c = detect("91350100M000100Y4Z")[0]
    assert (c.scheme, c.valid) == ("cn.uscc", False)
    assert c.errors[0].code == "INCORRECT_CHECK_DIGIT"
    gs1 = detect("(01)09506000134353")[0]
    assert (gs1.scheme, gs1.valid) == ("gs1", False)
    assert gs1.errors[0].position == 17


def test_valid_ranks_before_invalid_and_scores_descend() -> None:
    for text in ("86900000000010", "01069012345678921012", "215010890201500098"):
        cands = detect(text)
        assert [c.rank for c in cands] == list(range(1, len(cands) + 1))
        assert [c.score for c in cands] == sorted((c.score for c in cands), reverse=True)
        valids = [c.valid for c in cands]
        assert valids == sorted(valids, reverse=True)


def test_candidate_objects() -> None:
    c = detect("81773220288616423835")[0]
    assert isinstance(c, Candidate)
    assert isinstance(c.code, SchemeCode)
    assert [w.code for w in c.warnings] == ["CHECK_NOT_VERIFIED"]
    d = c.to_dict()
    assert d["scheme"] == "cn.drug.trace20" and d["rank"] == 1 and d["valid"] is True


def test_nothing_matches() -> None:
    assert detect("hello") == ()
    assert detect("91350100M000100Y4") == ()  # 17 characters: no scheme has this shape


def test_internal_ai_reading_is_not_offered() -> None:
    # "91..." would parse as GS1 internal AI (91): not offered as a trace code
    assert all(c.scheme != "gs1" for c in detect("91350100M000100Y4Z"))


def test_input_errors() -> None:
    for text, code in (
        ("", "EMPTY_INPUT"),
        ("  \n", "EMPTY_INPUT"),
        ("9" * 20_000, "INPUT_TOO_LONG"),
    ):
        with pytest.raises(TraceCodeError) as info:
            detect(text)
        assert info.value.code == code


def test_detect_hints_come_from_data() -> None:
    from tracecode.scheme import schemes

    for s in schemes():
        assert s.detect.reason
        assert isinstance(s.detect.priority, int)
        if s.detect.hint is not None:
            assert "\\d" not in s.detect.hint and "$" not in s.detect.hint
