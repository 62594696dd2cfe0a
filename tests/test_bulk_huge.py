"""A large generated file streams through the CLI with bounded memory and one record per line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

LINES = 200_000
PAD = 600  # bytes of padding per row: the file is ~120 MB, far more than the memory allowed

MEASURE = """
import json, resource, subprocess, sys
with open(sys.argv[1], "wb") as out:
    status = subprocess.call(sys.argv[3:], stdout=out)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB, largest process
print(json.dumps({"status": status, "peak_kib": peak}))
"""


@pytest.fixture(scope="module")
def huge_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("huge") / "huge.csv"
    pad = b"a" * PAD
    filler = (b"," + pad + b"\n") * 999
    with path.open("wb") as fh:
        fh.write(b"code,payload\n")
        for i in range(LINES // 1000):
            fh.write(filler + b"(01)09506000134352(21)%06d,x\n" % (i % 150))
    return path


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_huge_file_bounded_memory(huge_csv: Path, tmp_path: Path, jobs: str) -> None:
    out = tmp_path / "out.jsonl"
    summary = tmp_path / "summary.json"
    cmd = [
        sys.executable, "-m", "tracecode", "validate", "--input-format", "csv",
        "--format", "jsonl", "--quiet", "--jobs", jobs, "--summary-json", str(summary),
        str(huge_csv),
    ]  # fmt: skip
    proc = subprocess.run(
        [sys.executable, "-c", MEASURE, str(out), "--", *cmd],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(proc.stdout)
    assert result["status"] == 1  # the padding rows have an empty code
    size_mib = huge_csv.stat().st_size / 2**20
    peak_mib = result["peak_kib"] / 1024
    assert size_mib > 100
    # Streaming: the largest process stays far below the input size.
    assert peak_mib < 90, f"peak RSS {peak_mib:.0f} MiB for a {size_mib:.0f} MiB file"
    # Exactly one record per data line, in order.
    n = 0
    with out.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if n % 1000 == 0:
                rec = json.loads(line)
                assert rec["line"] == n + 1
                assert rec["valid"] is True
    assert n == LINES
    counts = json.loads(summary.read_text())
    assert counts["lines"] == LINES
    assert counts["valid"] == LINES // 1000
    assert counts["by_error"] == {"EMPTY_INPUT": LINES - LINES // 1000}
    assert counts["duplicates"] == LINES // 1000 - 150
