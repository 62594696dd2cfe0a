"""Bulk validation through the CLI: contract compatibility, input formats, jobs, duplicates."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import tracecode
from tracecode.cli import main
from tracecode.errors import make_error

VALID = "(01)09506000134352(17)261231(10)ABC123(21)XYZ"
VALID_DL = "https://id.gs1.org/01/09506000134352/10/ABC123/21/XYZ?17=261231"
INVALID = "(01)09506000134353"
GS = "\x1d"

MIXED_LINES: list[bytes] = [
    VALID.encode(),
    INVALID.encode(),
    b"",
    b"\xff\xfe",
    b"hello",
    "０１２３".encode(),  # full-width digits
    b"0109506000134352" + GS.encode() + b"21ABC",
    b"0109506000134352172612311" + b"0ABC" + GS.encode() + b"21XYZ",
    b"https://id.gs1.org/01/09506000134352?17=261231",
    b"81773220288616423835",
    b"91110000600037341L",
    b"(01)09506000134352\\n(21)A",
    b"x" * 300,
    b'a,b,"c"',
    b"\x00\x01",
    b"(02)09506000134352",
    "码".encode(),
    b"6901234567892",
    b"  (01)09506000134352  ",
]


def reference(lines: list[bytes], fmt: str) -> str:
    """What ``tracecode validate`` printed before bulk validation (the contract)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if fmt == "csv":
        writer.writerow(["input", "valid", "scheme", "error_code", "position", "message"])
    for raw in lines:
        try:
            text: str | None = raw.decode("utf-8")
            shown = text
        except UnicodeDecodeError:
            text, shown = None, raw.decode("utf-8", errors="replace")
        if text is None:
            err = make_error("INPUT_ENCODING")
            rec: dict[str, Any] = {
                "input": shown,
                "valid": False,
                "scheme": None,
                "errors": [err.to_dict()],
            }
        else:
            rep = tracecode.validate(text.replace("\\n", "\n") if "\\n" in text else text)
            rec = rep.to_dict()
            rec["input"] = shown
        if fmt == "jsonl":
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        elif fmt == "csv":
            first = rec["errors"][0] if rec["errors"] else {}
            pos = first.get("position")
            writer.writerow(
                [
                    rec["input"],
                    "true" if rec["valid"] else "false",
                    rec["scheme"] or "",
                    first.get("code", ""),
                    "" if pos is None else pos,
                    first.get("message", ""),
                ]
            )
        else:
            status = "valid" if rec["valid"] else "INVALID"
            line = f"{status}\t{rec['scheme'] or '-'}\t{rec['input']}"
            if rec["errors"]:
                e = rec["errors"][0]
                p = "" if e["position"] is None else f"@{e['position']}"
                line += f"\t{e['code']}{p}: {e['message']}"
            out.write(line + "\n")
    return out.getvalue()


def cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "tracecode", "validate", *args],
        input=stdin,
        capture_output=True,
        check=False,
    )


def jsonl(proc: subprocess.CompletedProcess[bytes]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in proc.stdout.decode().splitlines()]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "text"])
def test_output_is_byte_compatible_with_the_contract(tmp_path: Path, fmt: str) -> None:
    f = tmp_path / "in.txt"
    f.write_bytes(
        b"\xef\xbb\xbf" + b"\r\n".join(MIXED_LINES[:3]) + b"\n" + b"\n".join(MIXED_LINES[3:])
    )
    proc = cli("--format", fmt, "--duplicates", "off", str(f))
    assert proc.returncode == 1
    assert proc.stdout.decode() == reference(MIXED_LINES, fmt)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "text"])
def test_jobs_two_keeps_order_and_output(tmp_path: Path, fmt: str) -> None:
    lines = [MIXED_LINES[i % len(MIXED_LINES)] for i in range(600)]
    f = tmp_path / "in.txt"
    f.write_bytes(b"\n".join(lines) + b"\n")
    one = cli("--format", fmt, "--chunk-size", "7", "--duplicates", "off", str(f))
    two = cli("--format", fmt, "--chunk-size", "7", "--jobs", "2", "--duplicates", "off", str(f))
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout
    assert one.stdout.decode() == reference(lines, fmt)


def test_jobs_two_with_unique_serials_in_order(tmp_path: Path) -> None:
    lines = [f"(01)09506000134352(21)S{i:05d}" for i in range(3000)]
    f = tmp_path / "in.txt"
    f.write_text("\n".join(lines) + "\n")
    proc = cli("--format", "jsonl", "--jobs", "2", "--chunk-size", "64", str(f))
    assert proc.returncode == 0
    assert [r["input"] for r in jsonl(proc)] == lines


def test_exit_statuses(tmp_path: Path) -> None:
    ok = tmp_path / "ok.txt"
    ok.write_text(f"{VALID}\n{VALID_DL}\n")
    assert cli(str(ok)).returncode == 0
    assert cli("--jobs", "2", str(ok)).returncode == 0
    bad = tmp_path / "bad.txt"
    bad.write_text(f"{VALID}\n{INVALID}\n")
    assert cli(str(bad)).returncode == 1
    assert cli(str(tmp_path / "missing.txt")).returncode == 2
    assert cli("--input-format", "xml", str(ok)).returncode == 2
    assert cli("--column", "code", str(ok)).returncode == 2  # --column needs csv/jsonl
    assert cli("--chunk-size", "0", str(ok)).returncode == 2
    assert cli("--scheme", "no.such.scheme", str(ok)).returncode == 2
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert cli(str(empty)).returncode == 0


def test_summary_on_stderr_and_summary_format(tmp_path: Path) -> None:
    f = tmp_path / "in.txt"
    f.write_text(f"{VALID}\n{INVALID}\nhello\n")
    proc = cli("--format", "jsonl", str(f))
    err = proc.stderr.decode()
    assert "3 lines" in err
    assert "INCORRECT_CHECK_DIGIT" in err and "UNRECOGNISED" in err
    assert "gs1 2" in err
    assert len(jsonl(proc)) == 3
    quiet = cli("--format", "jsonl", "--quiet", str(f))
    assert quiet.stderr == b""
    summ = cli("--format", "summary", "--summary-json", str(tmp_path / "s.json"), str(f))
    assert summ.returncode == 1
    assert summ.stdout.decode().startswith("tracecode validate: 3 lines")
    data = json.loads((tmp_path / "s.json").read_text())
    assert data["lines"] == 3 and data["valid"] == 1 and data["invalid"] == 2
    assert data["by_scheme"] == {"gs1": 2, "(none)": 1}
    assert data["by_error"] == {"INCORRECT_CHECK_DIGIT": 1, "UNRECOGNISED": 1}


def test_progress_bar_only_when_asked_or_on_a_terminal(tmp_path: Path) -> None:
    f = tmp_path / "in.txt"
    f.write_text(f"{VALID}\n" * 5)
    assert b"\r" not in cli("--quiet", str(f)).stderr  # stderr is a pipe here
    # forced on: the bar is drawn and erased (at least once, the first update)
    assert b"\r" in cli("--quiet", "--progress", str(f)).stderr


# --- CSV input ----------------------------------------------------------------------


def test_csv_input_with_column_and_malformed_rows(tmp_path: Path) -> None:
    f = tmp_path / "in.csv"
    rows = [
        "\ufeffid,code,site",
        f"1,{VALID},Wuhan",
        f'2,"{INVALID}",Hefei',
        "3,\"unterminated,Xi'an",  # a quote never closed
        "4,only-two-fields",
        "",
        f"5,{VALID_DL},Chengdu,extra",
        '6,"(01)09506000134352(10)A,B(21)1",Beijing',  # quoted comma inside the code
    ]
    f.write_text("\n".join(rows) + "\n", encoding="utf-8")
    proc = cli("--input-format", "csv", "--column", "code", "--format", "jsonl", str(f))
    assert proc.returncode == 1
    recs = jsonl(proc)
    assert len(recs) == len(rows) - 1  # one record per data line, none for the header
    assert [r["line"] for r in recs] == list(range(2, len(rows) + 1))
    assert recs[0]["input"] == VALID and recs[0]["valid"] is True
    assert recs[1]["input"] == INVALID and recs[1]["errors"][0]["code"] == "INCORRECT_CHECK_DIGIT"
    assert recs[2]["errors"][0]["code"] == "CSV_MALFORMED"
    assert recs[2]["input"] == rows[3]
    assert recs[3]["errors"][0]["code"] == "CSV_MALFORMED"
    assert "expected 3 fields, found 2" in recs[3]["errors"][0]["message"]
    assert recs[4]["errors"][0]["code"] == "EMPTY_INPUT"
    assert recs[5]["errors"][0]["code"] == "CSV_MALFORMED"
    assert recs[6]["input"] == "(01)09506000134352(10)A,B(21)1"
    assert recs[6]["scheme"] == "gs1"
    for r in recs:
        assert {"input", "valid", "scheme", "errors"} <= set(r)


def test_csv_default_column_number_and_no_header(tmp_path: Path) -> None:
    f = tmp_path / "in.csv"
    f.write_text(f"site,Code\nWuhan,{VALID}\n")
    recs = jsonl(cli("--input-format", "csv", "--format", "jsonl", str(f)))
    assert recs[0]["input"] == VALID  # 'code' found case-insensitively
    recs = jsonl(cli("--input-format", "csv", "--column", "1", "--format", "jsonl", str(f)))
    assert recs[0]["input"] == "Wuhan"
    g = tmp_path / "raw.csv"
    g.write_text(f"{VALID};x\n{INVALID};y\n")
    proc = cli(
        "--input-format", "csv", "--no-header", "--delimiter", ";", "--format", "jsonl", str(g)
    )
    assert [r["input"] for r in jsonl(proc)] == [VALID, INVALID]
    assert [r["line"] for r in jsonl(proc)] == [1, 2]
    assert cli("--input-format", "csv", "--column", "nope", str(f)).returncode == 2
    assert cli("--input-format", "csv", "--no-header", "--column", "x", str(g)).returncode == 2


def test_csv_output_of_csv_input(tmp_path: Path) -> None:
    f = tmp_path / "in.csv"
    f.write_text(f'code\n"{VALID}"\n"bad\n')
    proc = cli("--input-format", "csv", "--format", "csv", str(f))
    rows = list(csv.reader(io.StringIO(proc.stdout.decode())))
    assert rows[0] == ["input", "valid", "scheme", "error_code", "position", "message"]
    assert rows[1][:3] == [VALID, "true", "gs1"]
    assert rows[2][1] == "false" and rows[2][3] == "CSV_MALFORMED"


# --- jsonl input --------------------------------------------------------------------


def test_jsonl_input(tmp_path: Path) -> None:
    f = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"code": VALID, "site": "Wuhan"}),
        json.dumps({"gtin": INVALID}),
        json.dumps(INVALID),
        "{not json",
        json.dumps({"code": 6901234567892}),
        "",
        json.dumps({"code": "(01)09506000134352\n(21)A"}, ensure_ascii=False),
    ]
    f.write_text("\n".join(lines) + "\n")
    proc = cli("--input-format", "jsonl", "--format", "jsonl", str(f))
    assert proc.returncode == 1
    recs = jsonl(proc)
    assert len(recs) == len(lines)
    assert recs[0]["valid"] is True and recs[0]["input"] == VALID
    assert recs[1]["errors"][0]["code"] == "JSON_MALFORMED"  # no key 'code'
    assert recs[2]["input"] == INVALID and recs[2]["scheme"] == "gs1"
    assert recs[3]["errors"][0]["code"] == "JSON_MALFORMED"
    assert recs[4]["errors"][0]["code"] == "JSON_MALFORMED"  # a number, not a string
    assert recs[5]["errors"][0]["code"] == "EMPTY_INPUT"
    assert recs[6]["input"] == "(01)09506000134352\n(21)A"
    proc = cli("--input-format", "jsonl", "--column", "gtin", "--format", "jsonl", str(f))
    assert jsonl(proc)[1]["errors"][0]["code"] == "INCORRECT_CHECK_DIGIT"


# --- duplicates ---------------------------------------------------------------------


def test_duplicates_warn_by_default_across_representations(tmp_path: Path) -> None:
    f = tmp_path / "in.txt"
    element = "01095060001343521726123110ABC123" + GS + "21XYZ"
    f.write_text(f"{VALID}\n(01)09506000134352\n{VALID_DL}\n(01)09506000134352\n{element}\n")
    proc = cli("--format", "jsonl", "--chunk-size", "2", str(f))
    assert proc.returncode == 0  # warnings do not make a code invalid
    recs = jsonl(proc)
    assert "duplicate_of" not in recs[0] and "warnings" not in recs[0]
    assert "duplicate_of" not in recs[3]  # a bare GTIN is not a serialised code
    for r in (recs[2], recs[4]):
        assert r["valid"] is True
        assert r["duplicate_of"] == 1
        assert r["warnings"][-1]["code"] == "DUPLICATE_CODE"
        assert "line 1" in r["warnings"][-1]["message"]
    assert "duplicates 2" in proc.stderr.decode()
    text = cli("--format", "text", str(f)).stdout.decode().splitlines()
    assert text[2].endswith("(first at line 1)") and "warning DUPLICATE_CODE" in text[2]


def test_duplicates_error_and_off(tmp_path: Path) -> None:
    f = tmp_path / "in.txt"
    f.write_text(f"{VALID}\n{VALID}\n")
    proc = cli("--format", "jsonl", "--duplicates", "error", str(f))
    assert proc.returncode == 1
    rec = jsonl(proc)[1]
    assert rec["valid"] is False and rec["errors"][0]["code"] == "DUPLICATE_CODE"
    csv_out = cli("--format", "csv", "--duplicates", "error", str(f)).stdout.decode().splitlines()
    assert ",false,gs1,DUPLICATE_CODE,," in csv_out[2]
    text_out = cli("--format", "text", "--duplicates", "error", str(f)).stdout.decode()
    assert text_out.splitlines()[1].startswith("INVALID\tgs1\t")
    off = cli("--format", "jsonl", "--duplicates", "off", str(f))
    assert off.returncode == 0 and "duplicate_of" not in jsonl(off)[1]


def test_duplicates_spill_to_disk_and_jobs(tmp_path: Path) -> None:
    lines = [f"(01)09506000134352(21)S{i % 700:04d}" for i in range(1500)]
    f = tmp_path / "in.txt"
    f.write_text("\n".join(lines) + "\n")
    args = ("--format", "jsonl", "--duplicates-memory", "50", "--chunk-size", "100")
    for extra in ((), ("--jobs", "2")):
        recs = jsonl(cli(*args, *extra, str(f)))
        dup = [(i + 1, r.get("duplicate_of")) for i, r in enumerate(recs) if "duplicate_of" in r]
        assert dup == [(i + 1, (i % 700) + 1) for i in range(700, 1500)]


def test_in_process_main_with_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = f"{VALID}\n{VALID}\n".encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["validate", "--format", "jsonl", "-"]) == 0
    captured = capsys.readouterr()
    recs = [json.loads(x) for x in captured.out.splitlines()]
    assert recs[1]["duplicate_of"] == 1
    assert "duplicates 1" in captured.err


def test_one_failing_line_never_stops_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    from tracecode.bulk import _engine

    real = _engine.validate

    def flaky(text: str, **kw: Any) -> Any:
        if text == "boom":
            raise RuntimeError("engine bug")
        return real(text, **kw)

    monkeypatch.setattr(_engine, "validate", flaky)
    res = _engine.process_chunk(_engine.JobSpec(), 1, [VALID.encode(), b"boom\n", INVALID.encode()])
    recs = [json.loads(r) for r in res.records]
    assert [r["valid"] for r in recs] == [True, False, False]
    assert recs[1]["errors"][0]["code"] == "INTERNAL_ERROR"
    assert "RuntimeError: engine bug" in recs[1]["errors"][0]["message"]
    assert res.errors == {"INTERNAL_ERROR": 1, "INCORRECT_CHECK_DIGIT": 1}


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    import os
    import pty

    f = tmp_path / "in.txt"
    f.write_text(f"{VALID}\n" * 50)
    master, slave = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "tracecode", "validate", "--quiet", str(f)],
            stdout=subprocess.DEVNULL,
            stderr=slave,
            check=False,
        )
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
    shown = b"".join(chunks)
    assert proc.returncode == 0
    assert b"50 lines" in shown  # the bar was drawn on the terminal
    assert shown.endswith(b"\r\x1b[K")  # and erased at the end
