"""``tracecode schemes``, ``profiles`` and ``explain``."""

from __future__ import annotations

import json

import pytest

from tracecode.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    return status, capsys.readouterr().out


def test_schemes(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, "schemes")
    assert status == 0
    assert "cn.drug.trace20" in out and "partial" in out and "药品追溯码" in out
    status, out = run(capsys, "schemes", "--json")
    data = json.loads(out)
    by_id = {d["id"]: d for d in data}
    assert len(by_id) >= 13
    assert by_id["cn.uscc"]["confidence"] == "confirmed"
    assert by_id["cn.drug.trace20"]["check"] == "opaque"
    assert all(d["sources"] and d["governing_document"] for d in data)


def test_profiles(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, "profiles")
    assert status == 0 and "drugs" in out and "(01) + (17) + (10) + (21)" in out
    data = json.loads(run(capsys, "profiles", "--json")[1])
    assert [d["id"] for d in data][:3] == ["edible-agricultural", "food", "drugs"]
    drugs = next(d for d in data if d["id"] == "drugs")
    assert drugs["gs1"]["constraints"][0] == {
        "ai": "21",
        "min_length": None,
        "max_length": 20,
        "note": drugs["gs1"]["constraints"][0]["note"],
    }


def test_explain_text(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, "explain", "86900000000010")
    assert status == 0
    assert "药品本位码 National drug code" in out
    assert "found 0, expected 0: verified" in out
    assert "other readings:" in out and "gs1 (valid)" in out
    status, out = run(capsys, "explain", "91350100M000100Y4Z", "--lang", "en")
    assert status == 1 and "expected 3: WRONG" in out
    status, out = run(capsys, "explain", "81773220288616423835", "--lang", "zh")
    assert status == 0 and "not verified" in out and "药品标识码" in out
    seed = (
        "品种名称：郑单958\\n生产经营者名称：甲\\n单元识别代码：A1\\n追溯网址：https://example.com/"
    )
    status, out = run(capsys, "explain", seed)
    assert status == 0 and "cn.seed.label" in out and "单元识别代码" in out


def test_explain_gs1(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, "explain", "(01)09506000134352(10)AB")
    assert status == 0 and "全球贸易项目代码" in out and "verified" in out


def test_explain_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, "explain", "--json", "81773220288616423835")
    data = json.loads(out)
    assert status == 0
    assert data["scheme"] == "cn.drug.trace20"
    assert data["record"]["product_id"] == {"type": "cn.drug-id", "value": "8177322"}
    assert data["record"]["checks"][0]["verified"] is None
    assert [c["scheme"] for c in data["candidates"]][:1] == ["cn.drug.trace20"]


def test_explain_with_scheme_and_errors(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, "explain", "--scheme", "cn.equipment.reg20", "81773220288616423835")
    assert status == 1 and "cn.equipment.reg20" in out
    assert run(capsys, "explain", "hello")[0] == 1
    assert main(["explain", "--scheme", "cn.nope", "1"]) == 2
