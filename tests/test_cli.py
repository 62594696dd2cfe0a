"""The CLI contract: jsonl records, line handling, exit statuses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tracecode.cli import main

VALID = "(01)09506000134352(17)261231(10)ABC123(21)XYZ"
INVALID = "(01)09506000134353"


def run(tmp_path: Path, data: bytes, *args: str) -> tuple[int, list[dict[str, object]]]:
    f = tmp_path / "in.txt"
    f.write_bytes(data)
    proc = subprocess.run(
        [sys.executable, "-m", "tracecode", "validate", "--format", "jsonl", *args, str(f)],
        capture_output=True,
        check=False,
    )
    records = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    return proc.returncode, records


def test_jsonl_contract(tmp_path: Path) -> None:
    data = (
        b"\xef\xbb\xbf"
        + VALID.encode()
        + b"\r\n"
        + INVALID.encode()
        + b"\n\n"
        + b"\xff\xfe\n"
        + b"hello"
    )
    status, recs = run(tmp_path, data)
    assert status == 1
    assert [r["input"] for r in recs] == [VALID, INVALID, "", "\ufffd\ufffd", "hello"]
    assert [r["valid"] for r in recs] == [True, False, False, False, False]
    assert recs[0] == {"input": VALID, "valid": True, "scheme": "gs1", "errors": []}
    assert recs[1]["scheme"] == "gs1"
    assert recs[1]["errors"][0]["code"] == "INCORRECT_CHECK_DIGIT"
    assert recs[1]["errors"][0]["position"] == 17
    assert isinstance(recs[1]["errors"][0]["message"], str)
    assert recs[2]["errors"][0]["code"] == "EMPTY_INPUT"
    assert recs[3]["errors"][0]["code"] == "INPUT_ENCODING"
    assert recs[4]["scheme"] is None
    for r in recs:
        assert {"input", "valid", "scheme", "errors"} <= set(r)
        for e in r["errors"]:
            assert set(e) >= {"code", "position", "message"}


def test_all_valid_exits_zero(tmp_path: Path) -> None:
    status, recs = run(tmp_path, (VALID + "\n").encode())
    assert status == 0
    assert len(recs) == 1


def test_usage_error_exits_two(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "tracecode", "validate", "--format", "xml"],
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 2
    assert main(["validate", "--scheme", "no.such.scheme", str(tmp_path / "x")]) == 2


def test_stdin_and_text_and_csv(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO(f"{VALID}\n{INVALID}\n".encode()))
    )
    assert main(["validate", "--format", "csv", "-"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "input,valid,scheme,error_code,position,message"
    assert out[1].startswith(f"{VALID},true,gs1")
    assert ",false,gs1,INCORRECT_CHECK_DIGIT,17," in out[2]


def test_parse_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", VALID, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scheme"] == "gs1"
    assert [e["ai"] for e in data["elements"]] == ["01", "17", "10", "21"]
    assert data["elements"][1]["typed"] == "2026-12-31"


def test_parse_table_and_invalid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", VALID]) == 0
    assert "BATCH/LOT" in capsys.readouterr().out
    assert main(["parse", INVALID]) == 1


def test_convert(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", VALID, "--to", "dl"]) == 0
    assert capsys.readouterr().out.strip() == (
        "https://id.gs1.org/01/09506000134352/10/ABC123/21/XYZ?17=261231"
    )
    assert main(["convert", VALID, "--to", "element", "--separator", "|"]) == 0
    assert capsys.readouterr().out.strip() == "01095060001343521726123110ABC123|21XYZ"


def test_check_digit(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-digit", "gs1-mod10", "690123456789"]) == 0
    assert capsys.readouterr().out.strip() == "2"
    assert main(["check-digit", "gb32100", "--verify", "91110000600037341L"]) == 0
    assert main(["check-digit", "gb32100", "--verify", "91350100M000100Y4Z"]) == 1
    assert main(["check-digit", "nope", "123"]) == 2


def test_readme_example_file_is_valid() -> None:
    root = Path(__file__).resolve().parent.parent
    assert main(["validate", str(root / "examples" / "codes.txt")]) == 0
