"""The scheme engine: data files, loader strictness, verbs, record, explain."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from tracecode.errors import GenerationError, SchemeError, SpecError, TraceCodeError
from tracecode.scheme import get_scheme, record_from_gs1, record_schema, schemes
from tracecode.scheme._loader import load_scheme_text

IDS = {
    "cn.uscc",
    "cn.admin-division",
    "cn.drug.trace20",
    "cn.drug.standard",
    "cn.drug.ma",
    "cn.pesticide.unit",
    "cn.vetdrug.trace24",
    "cn.seed.label",
    "cn.food.sc",
    "cn.equipment.code",
    "cn.equipment.reg20",
    "cn.detonator.shell",
    "cn.hazchem.safety-info",
}
CONFIDENCE = {
    "cn.uscc": "confirmed",
    "cn.admin-division": "confirmed",
    "cn.drug.trace20": "partial",
    "cn.drug.standard": "confirmed",
    "cn.drug.ma": "partial",
    "cn.pesticide.unit": "confirmed",
    "cn.vetdrug.trace24": "partial",
    "cn.seed.label": "confirmed",
    "cn.food.sc": "partial",
    "cn.equipment.code": "confirmed",
    "cn.equipment.reg20": "partial",
    "cn.detonator.shell": "partial",
    "cn.hazchem.safety-info": "partial",
}


def test_the_thirteen_schemes_are_there() -> None:
    assert {s.id for s in schemes()} >= IDS


@pytest.mark.parametrize("scheme", sorted(IDS))
def test_every_scheme_cites_source_and_confidence(scheme: str) -> None:
    s = get_scheme(scheme)
    assert s.sources and all(src.strip() for src in s.sources)
    assert s.governing_document.strip()
    assert s.confidence == CONFIDENCE[scheme]
    assert s.confidence_note.strip()
    assert s.name.en and s.name.zh
    assert s.example and s.is_valid(s.example)
    for seg in s.segments:
        assert seg.label.en and seg.label.zh, seg.name


def test_every_scheme_file_states_confidence_in_its_text() -> None:
    folder = resources.files("tracecode") / "spec" / "schemes"
    for f in folder.iterdir():
        if f.name.endswith(".toml"):
            text = f.read_text(encoding="utf-8")
            assert re.search(r'^confidence = "(confirmed|partial|unverified)"', text, re.M), f.name
            assert re.search(r"^sources = \[", text, re.M), f.name


def test_unknown_scheme() -> None:
    with pytest.raises(SchemeError) as info:
        get_scheme("cn.nope")
    assert info.value.code == "UNKNOWN_SCHEME"


def test_opaque_check_never_generated() -> None:
    for sid in ("cn.drug.trace20", "cn.food.sc"):
        with pytest.raises(GenerationError) as info:
            get_scheme(sid).generate()
        assert info.value.code == "OPAQUE_CHECK"
        assert info.value.field == "check"
    # with the issuer's check digits the code is assembled, and reported not verified
    code = get_scheme("cn.drug.trace20").generate(
        {"drug_id": "8177322", "serial": "028861642"}, check="3835"
    )
    assert code.code == "81773220288616423835"
    assert [w.code for w in code.warnings] == ["CHECK_NOT_VERIFIED"]
    assert code.checks[0].verified is None


def test_generate_computes_checks() -> None:
    code = get_scheme("cn.uscc").generate({"authority": "9", "division": "350100"})
    assert code.valid and not code.warnings
    assert [c.verified for c in code.checks] == [True, True]
    std = get_scheme("cn.drug.standard").generate({"product": "0000000001"})
    assert std.code == "86900000000010"


def test_generate_rejects_unknown_segment_and_bad_values() -> None:
    with pytest.raises(GenerationError):
        get_scheme("cn.uscc").generate({"nope": "1"})
    with pytest.raises(TraceCodeError):
        get_scheme("cn.detonator.shell").generate({"month": "13"})


def test_uscc_checks_reported_separately() -> None:
    code = get_scheme("cn.uscc").parse("91110000600037342P", lenient=True)
    assert code.valid
    by_id = {c.id: c for c in code.checks}
    assert by_id["gb32100"].verified is True
    assert by_id["gb11714"].verified is False
    assert by_id["gb11714"].expected == "1"


def test_compact_and_format() -> None:
    s = get_scheme("cn.seed.label")
    text = (
        "品种名称：郑单958\\n生产经营者名称：甲\\n单元识别代码：A1\\n追溯网址：https://example.com/"
    )
    assert s.compact(text) == "郑单958\n甲\nA1\nhttps://example.com/"
    assert s.format(text) == (
        "品种名称：郑单958\n生产经营者名称：甲\n单元识别代码：A1\n追溯网址：https://example.com/"
    )
    pest = get_scheme("cn.pesticide.unit")
    url = "http://www.sdakzw.com/nyzs/10929272000000000000000000000000"
    assert pest.compact(url) == "10929272000000000000000000000000"
    code = pest.parse(url)
    assert code.url == url and code.to_record().query_url == url


def test_explain_shows_segments_and_checks() -> None:
    text = get_scheme("cn.uscc").parse("91350100M000100Y4Z", lenient=True).explain()
    assert "登记管理部门代码 registering authority code" in text
    assert "found Z, expected 3: WRONG" in text
    assert "invalid" in text
    drug = get_scheme("cn.drug.trace20").parse("81773220288616423835").explain("zh")
    assert "not verified (the algorithm is not public)" in drug
    assert "药品标识码" in drug


def test_record_follows_the_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = record_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for s in schemes():
        validator.validate(s.parse(s.example).to_dict())
        validator.validate(s.parse(s.example, lenient=True).to_dict("zh"))
    bad = get_scheme("cn.uscc").parse("91350100M000100Y4Z", lenient=True).to_dict()
    validator.validate(bad)
    from tracecode import gs1

    msg = gs1.parse("(01)06901234567892(11)250101(17)261231(10)A1(21)X9(417)6901234567892")
    validator.validate(record_from_gs1(msg, "drugs").to_dict())
    json.dumps(bad, ensure_ascii=False)


def test_record_fields() -> None:
    rec = get_scheme("cn.drug.ma").parse(get_scheme("cn.drug.ma").example).to_record()
    assert rec.product_id is not None and rec.product_id.value == "MA.156.M0.100761.21234561"
    assert (rec.serial, rec.batch) == ("x00008", "20220117")
    assert rec.production_date is not None and rec.production_date.isoformat() == "2022-01-17"
    assert rec.expiry_date is not None and rec.expiry_date.isoformat() == "2022-01-30"
    seed = get_scheme("cn.seed.label")
    srec = seed.parse(seed.example).to_record()
    assert srec.subject_name == "示例种业有限公司"
    assert srec.serial == "41010000100000000001"
    assert srec.query_url is not None and srec.query_url.startswith("http://www.zgzzcx.com/")
    uscc = get_scheme("cn.uscc").parse("91110000600037341L").to_record()
    assert uscc.product_class is None
    assert uscc.subject is not None and uscc.subject.type == "uscc"


def test_record_from_gs1() -> None:
    from tracecode import gs1

    msg = gs1.parse("(01)06901234567892(11)250101(17)261200(10)A1(21)X9(417)6901234567892")
    rec = record_from_gs1(msg)
    assert rec.scheme == "gs1" and rec.product_class is None
    assert rec.product_id is not None and rec.product_id.type == "gtin"
    assert rec.subject is not None and rec.subject.value == "6901234567892"
    assert rec.production_date is not None and rec.production_date.isoformat() == "2025-01-01"
    assert rec.expiry_date is not None and rec.expiry_date.isoformat() == "2026-12-31"
    assert rec.query_url is not None and rec.query_url.startswith("https://id.gs1.org/01/")
    giai = record_from_gs1(gs1.parse("(8004)6901234ABC1"), "special-equipment")
    assert giai.product_id is not None and giai.product_id.type == "giai"
    with pytest.raises(SchemeError):
        record_from_gs1(msg, "toys")


BASE = """
id = "x.demo"
name = { en = "Demo", zh = "示例" }
governing_document = "none"
sources = ["made up"]
confidence = "unverified"
layout = "fixed"
[detect]
priority = 1
reason = "demo"
[[segments]]
name = "n"
label = { en = "number", zh = "号码" }
length = 3
charset = "digits"
"""

CS = 'charset = "digits"\n'


@pytest.mark.parametrize(
    ("change", "line", "needle"),
    [
        (("length = 3", "length = 3\nfoo = 1"), 15, "unknown key 'foo'"),
        (('charset = "digits"', 'charset = "digit"'), 15, "unknown charset"),
        (('confidence = "unverified"', 'confidence = "sure"'), 6, "confidence"),
        (('sources = ["made up"]', "sources = []"), 5, "source"),
        (('reason = "demo"', "reason = \"demo\"\nhint = '\\\\d{3}'"), 11, "explicit classes"),
        (
            (CS, CS + "[[checks]]\nalgorithm = 'mod99'\ncheck = 'n'\nbody = ['n']"),
            17,
            "unknown check",
        ),
        ((CS, CS + "[[checks]]\nalgorithm = 'luhn'\ncheck = 'x'\nbody = ['n']"), 19, "no seg"),
        (('name = "n"', 'name = "N-1"'), 12, "lower_snake_case"),
        (("[detect]", "[detect\n"), 8, "TOML syntax"),
    ],
)
def test_loader_rejects_malformed_files(change: tuple[str, str], line: int, needle: str) -> None:
    text = BASE.replace(*change)
    with pytest.raises(SpecError) as info:
        load_scheme_text(text, "x.demo.toml")
    assert info.value.code == "SPEC_SYNTAX"
    msg = str(info.value)
    assert "x.demo.toml" in msg and needle in msg
    assert f"line {line}" in msg, msg


def test_adding_a_scheme_is_data_only() -> None:
    s = load_scheme_text(BASE.replace("length = 3", "length = 3\nrange = [100, 500]"))
    assert s.is_valid("123") and not s.is_valid("999")
    assert s.parse("999", lenient=True).errors[0].code == "INVALID_VALUE"
    code = s.parse("123")
    assert code.spec is s and code.format() == "123" and "号码 number" in code.explain()
    assert code.to_dict()["scheme"] == "x.demo"


def test_record_from_gs1_company_prefix_with_gcp_table() -> None:
    from tracecode import gs1
    from tracecode.gs1.gcp import GCPTable

    table = GCPTable.from_text("690 7\n")
    rec = record_from_gs1(gs1.parse("(01)06901234567892"), gcp=table)
    assert rec.subject is not None
    assert (rec.subject.type, rec.subject.value) == ("gs1-company-prefix", "6901234")
    assert record_from_gs1(gs1.parse("(01)06901234567892")).subject is None
