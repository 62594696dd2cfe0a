"""Profiles: the unified code structure of each product class."""

from __future__ import annotations

import pytest

from tracecode import gs1
from tracecode.errors import SchemeError, SpecError
from tracecode.scheme import get_profile, get_scheme, profiles
from tracecode.scheme.profiles import load_profile_text

IDS = [
    "edible-agricultural",
    "food",
    "drugs",
    "agricultural-inputs",
    "special-equipment",
    "hazardous",
    "rare-earth",
]


def test_the_seven_profiles_in_policy_order() -> None:
    assert [p.id for p in profiles()] == IDS


@pytest.mark.parametrize("profile_id", IDS)
def test_every_profile_is_complete(profile_id: str) -> None:
    p = get_profile(profile_id)
    assert p.name.en and p.name.zh and p.policy and p.summary
    assert p.required_ais, "a GS1-based structure"
    assert "gs1" in p.accepted_schemes
    assert p.carriers and p.query
    assert p.follows and p.departs, "where tracecode follows / departs from other systems"
    assert "44583" in p.gb44583
    assert p.sources
    for sid in (*p.accepted_schemes, *p.related_schemes):
        if sid != "gs1":
            get_scheme(sid)


def test_unknown_profile() -> None:
    with pytest.raises(SchemeError) as info:
        get_profile("toys")
    assert info.value.code == "UNKNOWN_PROFILE"


def test_drugs_needs_gtin_expiry_batch_serial() -> None:
    p = get_profile("drugs")
    ok = gs1.parse("(01)06901234567892(17)261231(10)A1(21)X9Y8")
    assert p.check(ok) == []
    problems = p.check(gs1.parse("(01)06901234567892(10)A1"))
    assert [e.code for e in problems] == ["PROFILE_VIOLATION", "PROFILE_VIOLATION"]
    assert "AI (17)" in str(problems[0]) and "AI (21)" in str(problems[1])
    long_serial = gs1.parse("(01)06901234567892(17)261231(10)A1(21)" + "X" * 20)
    assert p.check(long_serial) == []
    # GS1 allows 20 characters in (21); the drugs profile allows at most 20 too: equal is fine
    assert p.accepts("81773220288616423835")
    assert p.accepts("MA.156.M0.100761.21234561")
    wrong = p.check("10929272000000000000000000000000")
    assert wrong[0].code == "PROFILE_VIOLATION" and "cn.pesticide.unit" in str(wrong[0])


def test_special_equipment_asset_keys() -> None:
    p = get_profile("special-equipment")
    assert p.check(gs1.parse("(8004)6901234ABC1")) == []
    # a gas cylinder: GRAI with its serial component
    assert p.check(gs1.parse("(8003)06901234567892C1001")) == []
    no_serial = p.check(gs1.parse("(8003)06901234567892"))
    assert no_serial[0].code == "PROFILE_VIOLATION" and no_serial[0].ai == "8003"
    missing = p.check(gs1.parse("(01)06901234567892(21)1"))
    assert "AI (8004)" in str(missing[0]) and "AI (8003)" in str(missing[0])
    assert p.accepts("215010890201500098")


@pytest.mark.parametrize(
    ("profile_id", "code"),
    [
        ("agricultural-inputs", "10929272000000000000000000000000"),
        ("agricultural-inputs", "201906011234500000000001"),
        (
            "agricultural-inputs",
            "郑单958\\n示例种业有限公司\\nABC123\\nhttps://example.com/t?id=ABC123",
        ),
        ("hazardous", "5380512A00101"),
        ("hazardous", "https://example.com/aqxxm/370112345"),
        ("food", "(01)06901234567892(10)L1"),
        ("edible-agricultural", "(01)06901234567892(10)L1(11)250101"),
        ("rare-earth", "(01)06901234567892(10)L1(3102)001250"),
    ],
)
def test_accepted_codes(profile_id: str, code: str) -> None:
    assert get_profile(profile_id).check(code) == []


def test_scheme_code_not_accepted() -> None:
    code = get_scheme("cn.food.sc").parse("SC10135010000015")
    problems = get_profile("food").check(code)  # a licence number is a subject, not a product code
    assert problems[0].code == "PROFILE_VIOLATION"


def test_text_that_matches_nothing() -> None:
    assert get_profile("food").check("hello")[0].code == "UNRECOGNISED"


def test_profile_loader_is_strict() -> None:
    text = (
        'id = "x"\nname = { en = "X", zh = "X" }\npolicy = ""\nsummary = ""\n'
        'sources = ["s"]\ngb44583 = ""\n[gs1]\nrequire = [["01"], ["99999"]]\n'
    )
    with pytest.raises(SpecError) as info:
        load_profile_text(text, "x.toml")
    assert "unknown GS1 AI '99999'" in str(info.value) and "x.toml, line 8" in str(info.value)
