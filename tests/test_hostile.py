"""Hostile inputs against every GS1 and top-level entry point."""

from __future__ import annotations

import contextlib

import pytest

import tracecode
from hostile_inputs import HOSTILE
from tracecode import checksum, gs1
from tracecode.errors import TraceCodeError


def _ascii_digits_only(code: object) -> None:
    for e in getattr(code, "elements", ()):
        if e.entry is not None and e.entry.components[0].type == "N":
            assert e.value[: e.entry.components[0].max].isascii()


@pytest.mark.parametrize("text", HOSTILE)
def test_gs1_parse(text: str) -> None:
    try:
        m = gs1.parse(text)
    except TraceCodeError as err:
        assert err.code
        assert isinstance(err.code, str)
        assert err.position is None or isinstance(err.position, int)
        assert str(err)
    else:
        _ascii_digits_only(m)
    lenient = None
    with contextlib.suppress(TraceCodeError):
        lenient = gs1.parse(text, lenient=True)
    if lenient is not None and lenient.valid:
        _ascii_digits_only(lenient)


@pytest.mark.parametrize("text", HOSTILE)
def test_top_level(text: str) -> None:
    report = tracecode.validate(text)
    assert isinstance(report.valid, bool)
    assert report.to_dict()["input"] == text
    with contextlib.suppress(TraceCodeError):
        tracecode.parse(text)
    tracecode.validate(text.encode("utf-8", errors="surrogatepass"))


@pytest.mark.parametrize("text", HOSTILE)
def test_checksums(text: str) -> None:
    for algo in checksum.ALGORITHMS.values():
        assert isinstance(algo.verify(text), bool)
        with contextlib.suppress(TraceCodeError):
            algo.compute(text)


def test_non_ascii_digits_never_accepted() -> None:
    full = "".join(chr(0xFF10 + int(c)) for c in "09506000134352")
    arabic = "".join(chr(0x0660 + int(c)) for c in "09506000134352")
    for text in (full, arabic, "(01)" + full, "(01)" + arabic, "01" + arabic):
        assert not tracecode.validate(text).valid
        assert not checksum.verify("gs1-mod10", text)


@pytest.mark.parametrize("text", HOSTILE)
def test_detect_and_render(text: str) -> None:
    try:
        candidates = tracecode.detect(text)
    except TraceCodeError as err:
        assert err.code in {"EMPTY_INPUT", "INPUT_TOO_LONG"}
    else:
        for c in candidates:
            assert isinstance(c.scheme, str)
            assert isinstance(c.reason, str)
    if len(text) > 2000:
        return  # rendering 100 kB inputs is a capacity question, not a robustness one
    try:
        tracecode.render(text, format="svg")
    except TraceCodeError as err:
        assert err.code


def test_cli_validate_hostile_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json
    import subprocess
    import sys

    lines = [t for t in HOSTILE if "\n" not in t and "\r" not in t]
    f = tmp_path / "hostile.txt"
    f.write_bytes(b"\n".join(t.encode("utf-8", errors="surrogatepass") for t in lines) + b"\n")
    proc = subprocess.run(
        [sys.executable, "-m", "tracecode", "validate", "--format", "jsonl", str(f)],
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr[-2000:]
    records = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert len(records) == len(lines)
    assert [r["input"] for r in records] == lines
