"""Validate a whole file: stream chunks through the engine, find duplicates, write records."""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterator
from typing import IO

from tracecode.bulk._dupes import DuplicateIndex
from tracecode.bulk._engine import ChunkResult, JobSpec, ordered_map, process_chunk
from tracecode.bulk._summary import Progress, Summary
from tracecode.errors import TraceCodeError, make_error

__all__ = ["duplicate_error", "read_csv_header", "run_stream"]

BOM = b"\xef\xbb\xbf"
DUPLICATE_MODES = ("off", "warn", "error")


def duplicate_error(first: int, lang: str = "en", unit: str = "line") -> TraceCodeError:
    """Return the DUPLICATE_CODE error pointing at the first occurrence.

    >>> print(duplicate_error(3))
    the same serialised code was submitted before (first at line 3)
    >>> print(duplicate_error(3, "zh").message("zh"))
    同一序列化代码此前已提交过（首次出现在第 3 行）
    """
    if lang.lower().startswith("zh"):
        where = f"首次出现在第 {first} 行" if unit == "line" else f"首次出现在第 {first} 项"
    else:
        where = f"first at {unit} {first}"
    return make_error("DUPLICATE_CODE", detail=where)


def read_csv_header(
    raw: bytes, column: str | None, delimiter: str, header: bool
) -> tuple[int, int | None]:
    """Resolve ``--column`` against a CSV header: ``(0-based index, field count)``.

    Raises ValueError with a usage message when the column cannot be found.

    >>> read_csv_header(b"id,code,name", None, ",", True)
    (1, 3)
    >>> read_csv_header(b"a,b", "2", ",", True)
    (1, 2)
    """
    if not header:
        if column is None:
            return 0, None
        if column.isdigit() and int(column) >= 1:
            return int(column) - 1, None
        raise ValueError(f"--column {column!r}: without a header row give a 1-based number")
    text = raw.rstrip(b"\r\n").decode("utf-8", errors="replace")
    try:
        names = next(csv.reader((text,), delimiter=delimiter, strict=True), [])
    except csv.Error as exc:
        raise ValueError(f"malformed CSV header: {exc}") from None
    stripped = [n.strip() for n in names]
    if column is None:
        lowered = [n.lower() for n in stripped]
        return (lowered.index("code") if "code" in lowered else 0), len(names)
    if column in names or column in stripped:
        return (names.index(column) if column in names else stripped.index(column)), len(names)
    if column.isdigit() and 1 <= int(column) <= len(names):
        return int(column) - 1, len(names)
    raise ValueError(f"--column {column!r} is not in the CSV header ({', '.join(names)})")


class _Reader:
    """Chunks of raw lines from a binary stream, counting bytes for the progress bar."""

    def __init__(self, stream: IO[bytes], chunk_size: int, first_line: int) -> None:
        self.stream = stream
        self.chunk_size = chunk_size
        self.line = first_line
        self.bytes = 0

    def __iter__(self) -> Iterator[tuple[int, list[bytes]]]:
        first = True
        while True:
            lines = list(itertools.islice(self.stream, self.chunk_size))
            if not lines:
                return
            if first:
                first = False
                if lines[0].startswith(BOM):
                    lines[0] = lines[0][3:]
                    self.bytes += 3
            self.bytes += sum(map(len, lines))
            yield (self.line, lines)
            self.line += len(lines)


def _patch(record: str, spec: JobSpec, err: TraceCodeError, first: int, mode: str) -> str:
    """Add a DUPLICATE_CODE warning (or error) to one rendered record."""
    fmt = spec.output
    if fmt == "jsonl":
        data = json.loads(record)
        if mode == "error":
            data["valid"] = False
            data["errors"].append(err.to_dict(spec.lang))
        else:
            data.setdefault("warnings", []).append(err.to_dict(spec.lang))
        data["duplicate_of"] = first
        return json.dumps(data, ensure_ascii=False) + "\n"
    if fmt == "csv":
        if mode != "error":
            return record  # the CSV columns are fixed: warnings show in the summary only
        row = next(csv.reader(io.StringIO(record)))
        row[1] = "false"
        if not row[3]:
            row[3], row[4], row[5] = err.code, "", err.message(spec.lang)
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow(row)
        return buf.getvalue()
    if fmt == "text":
        body = record[:-1]
        if mode == "error":
            body = "INVALID" + body[len("valid") :] if body.startswith("valid\t") else body
            return f"{body}\t{err.code}: {err.message(spec.lang)}\n"
        return f"{body}\twarning {err.code}: {err.message(spec.lang)}\n"
    return record


def run_stream(
    stream: IO[bytes],
    out: IO[bytes] | None,
    spec: JobSpec,
    *,
    jobs: int = 1,
    chunk_size: int = 2000,
    first_line: int = 1,
    duplicates: str = "warn",
    dup_memory: int = 1_000_000,
    spill_dir: str | None = None,
    progress: Progress | None = None,
    mp_context: str | None = None,
) -> Summary:
    """Validate every line of ``stream``, write records to ``out``; return the summary.

    Reads ``chunk_size`` lines at a time, so memory stays bounded; with
    ``jobs > 1`` chunks are validated by a process pool, in order.
    """
    summary = Summary(jobs=jobs)
    reader = _Reader(stream, chunk_size, first_line)
    spec_keys = spec if duplicates != "off" else _without_keys(spec)
    index = DuplicateIndex(dup_memory, spill_dir) if duplicates != "off" else None
    try:
        results = ordered_map(process_chunk, spec_keys, reader, jobs=jobs, mp_context=mp_context)
        for res in results:
            count = len(res)
            summary.add(count, res.invalid, res.schemes, res.errors, res.warnings)
            if index is not None and res.keys:
                _mark_duplicates(res, index, spec, duplicates, summary)
            if out is not None and count:
                out.write(res.data())
            if progress is not None:
                progress.update(summary.lines, reader.bytes)
    finally:
        if index is not None:
            index.close()
        if progress is not None:
            progress.close()
    summary.finish()
    return summary


def _without_keys(spec: JobSpec) -> JobSpec:
    from dataclasses import replace

    return replace(spec, keys=False)


def _mark_duplicates(
    res: ChunkResult, index: DuplicateIndex, spec: JobSpec, mode: str, summary: Summary
) -> None:
    base = res.first_line
    # Python's own 64-bit string hash: keyed per run, the same in every lookup of it
    found = index.check([(hash(k), base + i) for i, k in res.keys])
    records = res.materialise() if found else res.records
    for line, first in found:
        summary.duplicates += 1
        err = duplicate_error(first, spec.lang)
        i = line - base
        records[i] = _patch(records[i], spec, err, first, mode)
        if mode == "error":
            summary.invalid += 1
            summary.errors["DUPLICATE_CODE"] += 1
        else:
            summary.warnings["DUPLICATE_CODE"] += 1
