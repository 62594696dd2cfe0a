"""The engine of bulk validation: chunks of lines in, rendered records out.

A chunk is ``(first_line_number, [raw line bytes, ...])``; processing it gives a
:class:`ChunkResult` with one rendered record per line (jsonl, CSV or text),
the counts for the summary and the serial keys of valid serialised records
(for duplicate detection, done by the caller, which sees the whole input).
The same function runs in-process (``jobs=1``) or in pool workers, where
:func:`ordered_map` keeps results in input order with a bounded number of
chunks in flight.
"""

from __future__ import annotations

import copy
import csv
import gc
import io
import json
import multiprocessing
import os
import re
import signal
import threading
from array import array
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from tracecode._api import Report, fast_report, validate
from tracecode.bulk._keys import code_key
from tracecode.bulk._lanes import Lanes
from tracecode.errors import TraceCodeError, make_error

__all__ = ["ChunkResult", "JobSpec", "ordered_map", "process_chunk", "resolve_jobs"]

T = TypeVar("T")
R = TypeVar("R")

_ENC = json.JSONEncoder(ensure_ascii=False)
_encode = _ENC.encode
_string: Callable[[str], str] = json.encoder.encode_basestring  # C, as json.dumps uses
_CSV_SPECIAL = frozenset(',"\r\n')


@dataclass(frozen=True)
class JobSpec:
    """What to do with each line; picklable, sent once to every worker."""

    scheme: str | None = None
    profile: str | None = None
    separators: tuple[str, ...] = ()
    associations: bool = True
    lang: str = "en"
    #: ``text``, ``csv`` or ``jsonl``
    input_format: str = "text"
    #: ``jsonl``, ``csv``, ``text`` or ``none`` (counts only)
    output: str = "jsonl"
    #: CSV: 0-based column index; jsonl: the key holding the code
    column: int | str = 0
    #: CSV: the number of fields every row must have (from the header), or None
    csv_fields: int | None = None
    #: CSV field delimiter
    delimiter: str = ","
    #: compute the serial keys of valid records (duplicate detection)
    keys: bool = True
    #: add ``"line": N`` to jsonl records (CSV and jsonl input)
    line_numbers: bool = False
    #: learn the shapes of valid lines to check later lines of the same shape quickly
    #: (:mod:`tracecode.bulk._lanes`); ``TRACECODE_SHAPES=0`` in the environment turns
    #: it off by default (for comparison and diagnosis)
    shapes: bool = field(default_factory=lambda: os.environ.get("TRACECODE_SHAPES", "1") != "0")

    #: validation uses only the defaults (no scheme, profile, options): set from the above
    plain: bool = field(default=False, init=False, compare=False)

    def __post_init__(self) -> None:
        plain = (
            self.scheme is None
            and self.profile is None
            and not self.separators
            and self.associations
        )
        object.__setattr__(self, "plain", plain)


@dataclass
class ChunkResult:
    """The outcome of one chunk."""

    #: number of the chunk's first line (1-based)
    first_line: int
    #: one rendered record per line, each ending with a newline
    records: list[str]
    #: how many records are invalid
    invalid: int = 0
    #: records per scheme id (``None``: no scheme matched)
    schemes: dict[str | None, int] = field(default_factory=dict)
    #: records per error code (each code counted once per record)
    errors: dict[str, int] = field(default_factory=dict)
    #: records per warning code
    warnings: dict[str, int] = field(default_factory=dict)
    #: ``(index in chunk, serial key)`` of valid serialised records
    keys: list[tuple[int, str]] = field(default_factory=list)

    # A result crosses from a worker to the parent: pickled compactly, the records as one
    # UTF-8 text with their lengths (split again only when one must be changed).

    def __len__(self) -> int:
        """The number of records."""
        lengths = self.__dict__.get("_lengths")
        return len(self.records) if lengths is None else len(lengths)

    def data(self) -> bytes:
        """Every record, in order, as UTF-8: what is written out."""
        data = self.__dict__.get("_data")
        return "".join(self.records).encode("utf-8") if data is None else data

    def materialise(self) -> list[str]:
        """The records as a list that may be changed (after unpickling: split again)."""
        data = self.__dict__.pop("_data", None)
        lengths = self.__dict__.pop("_lengths", None)
        if data is not None and lengths is not None:
            text = data.decode("utf-8")
            records, pos = [], 0
            for n in lengths:
                records.append(text[pos : pos + n])
                pos += n
            self.records = records
        return self.records

    def __getstate__(self) -> dict[str, Any]:
        records = self.materialise()
        state = dict(self.__dict__)
        state["records"] = []
        state["_data"] = "".join(records).encode("utf-8")
        state["_lengths"] = array("I", map(len, records))
        keys = state.pop("keys")
        state["_key_at"] = array("I", [i for i, _ in keys])
        state["_key_of"] = [k for _, k in keys]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        at = state.pop("_key_at")
        state["keys"] = list(zip(at, state.pop("_key_of"), strict=True))
        self.__dict__.update(state)


def resolve_jobs(jobs: int | None) -> int:
    """Return the number of worker processes: ``0`` or ``None`` means one per core.

    >>> resolve_jobs(3)
    3
    >>> resolve_jobs(0) >= 1
    True
    """
    if jobs is None or jobs <= 0:
        return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)
    return jobs


# --- one line ---------------------------------------------------------------------


def extract(raw: bytes, spec: JobSpec) -> tuple[str, str | None, Report | None]:
    """Decode one raw input line: ``(shown input, code text, None)`` or ``(shown, None, report)``.

    The report is that of a line that cannot be read (undecodable, malformed CSV
    or JSON, no code in it); the code text is what :func:`validate` is given.
    """
    if raw[-1:] == b"\n":
        raw = raw[:-2] if raw[-2:] == b"\r\n" else raw[:-1]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        shown = raw.decode("utf-8", errors="replace")
        if spec.input_format == "text":
            return _failed(shown, "INPUT_ENCODING")
        return _failed(shown, "INPUT_ENCODING", position=exc.start)
    fmt = spec.input_format
    if fmt == "text" or not text:
        value = text
    elif fmt == "csv":
        try:
            row = next(csv.reader((text,), delimiter=spec.delimiter, strict=True), [])
        except csv.Error as exc:
            return _failed(text, "CSV_MALFORMED", detail=str(exc))
        if spec.csv_fields is not None and len(row) != spec.csv_fields:
            return _failed(
                text,
                "CSV_MALFORMED",
                detail=f"expected {spec.csv_fields} fields, found {len(row)}",
            )
        col = spec.column
        if not isinstance(col, int) or col >= len(row):
            return _failed(text, "CSV_MALFORMED", detail=f"no field {int(col) + 1}")
        value = row[col]
    else:
        try:
            obj = json.loads(text)
        except ValueError as exc:
            pos = getattr(exc, "pos", None)
            return _failed(text, "JSON_MALFORMED", position=pos, detail=str(exc))
        if isinstance(obj, dict):
            if spec.column not in obj:
                return _failed(text, "JSON_MALFORMED", detail=f"no key {spec.column!r}")
            obj = obj[spec.column]
        if not isinstance(obj, str):
            return _failed(text, "JSON_MALFORMED", detail="the code is not a JSON string")
        value = obj
    if not value:
        return value, None, _empty_report()
    if fmt != "jsonl" and "\\n" in value:  # an escaped line break stands for one
        return value, value.replace("\\n", "\n"), None
    return value, value, None


def check_text(value: str, text: str, spec: JobSpec) -> Report:
    """Validate the code ``text`` of a line shown as ``value``; never raises."""
    try:
        if spec.plain:
            return validate(text)  # the common case: no keyword arguments to pass
        return validate(
            text,
            scheme=spec.scheme,
            profile=spec.profile,
            separators=spec.separators,
            associations=spec.associations,
        )
    except TraceCodeError as exc:  # e.g. an unknown scheme: reported, not raised
        return Report(value, False, spec.scheme, (exc,))
    except Exception as exc:  # one bad line never stops the run
        internal = make_error("INTERNAL_ERROR", detail=f"{type(exc).__name__}: {exc}")
        return Report(value, False, None, (internal,))


def read_line(raw: bytes, spec: JobSpec) -> tuple[str, Report]:
    """Validate one raw input line: ``(shown input, report)``; never raises."""
    shown, text, failed = extract(raw, spec)
    if text is None:
        assert failed is not None
        return shown, failed
    return shown, check_text(shown, text, spec)


def _failed(shown: str, code: str, **kw: Any) -> tuple[str, None, Report]:
    return shown, None, Report(shown, False, None, (make_error(code, **kw),))


_EMPTY: list[Report] = []
_EMPTY_JSONL: dict[str, str] = {}


def _empty_report() -> Report:
    """Return the (shared, immutable) report of an empty line: blank lines are common."""
    if not _EMPTY:
        _EMPTY.append(validate(""))
    return _EMPTY[0]


# --- rendering --------------------------------------------------------------------


def render_jsonl(shown: str, report: Report, spec: JobSpec, line: int) -> str:
    """Render the jsonl record of ``tracecode validate`` (the CLI contract)."""
    tail = f', "line": {line}}}\n' if spec.line_numbers else "}\n"
    if report.valid and not report.warnings and report.profile is None:
        return _jsonl_valid(shown, report.scheme, tail)
    if report.profile is None and not report.errors:  # valid, with warnings
        scheme = "null" if report.scheme is None else _string(report.scheme)
        return (
            f'{{"input": {_string(shown)}, "valid": true, "scheme": {scheme}, "errors": [], '
            f'"warnings": {_errors_json(report.warnings, spec.lang)}{tail}'
        )
    if _EMPTY and report is _EMPTY[0]:
        body = _EMPTY_JSONL.get(spec.lang)
        if body is None:
            body = _EMPTY_JSONL[spec.lang] = _encode(report.to_dict(spec.lang))[:-1]
        return body + tail
    data = report.to_dict(spec.lang)
    data["input"] = shown
    return _encode(data)[:-1] + tail


def _jsonl_valid(shown: str, scheme: str | None, tail: str) -> str:
    """The jsonl record of a valid code without warnings."""
    sid = "null" if scheme is None else _string(scheme)
    return f'{{"input": {_string(shown)}, "valid": true, "scheme": {sid}, "errors": []{tail}'


_OPTIONAL_ERROR_KEYS = ("length", "ai", "field", "scheme")


def _errors_json(errors: tuple[TraceCodeError, ...], lang: str) -> str:
    """Encode errors exactly as ``json.dumps([e.to_dict(lang) for e in errors])``."""
    return "[" + ", ".join([_error_json(e, lang) for e in errors]) + "]"


#: JSON of an error with its ``found`` value left out (as _MARK), by everything else
_TEMPLATES: dict[tuple[Any, ...], str] = {}
_MARK = "\ue000"
#: ``found`` values that appear unchanged in a message and in its JSON encoding
_PLAIN = re.compile(r"[ !#-&(-/0-9:-<=>@-\[\]-~']*").fullmatch


def _error_json(e: TraceCodeError, lang: str) -> str:
    """One error's JSON object; the same error but for ``found`` is rendered from a template."""
    found = e.found
    if type(found) is not str or _PLAIN(found) is None:
        return _error_item(e, lang)
    key = (
        type(e),
        e.code,
        e.position,
        e.length,
        e.ai,
        e.field,
        e.scheme,
        e.expected,
        e.detail,
        lang,
    )
    template = _TEMPLATES.get(key)
    if template is None:
        if any(isinstance(v, str) and _MARK in v for v in key):
            template = ""  # the mark occurs in another field too: no template for this error
        else:
            mark = copy.copy(e)  # the same error, with the mark for what was found
            mark.found = _MARK
            template = _error_item(mark, lang)
        if len(_TEMPLATES) >= 4096:
            _TEMPLATES.clear()
        _TEMPLATES[key] = template
    if not template:
        return _error_item(e, lang)
    return template.replace(_MARK, found)


def _error_item(e: TraceCodeError, lang: str) -> str:
    pos = "null" if e.position is None else str(int(e.position))
    item = f'{{"code": {_string(e.code)}, "position": {pos}, "message": {_string(e.message(lang))}'
    for key in _OPTIONAL_ERROR_KEYS:
        value = getattr(e, key)
        if value is not None:
            item += f', "{key}": {_encode(value)}'
    return item + "}"


def _csv_row(fields: list[str]) -> str:
    if not any(ch in _CSV_SPECIAL for f in fields for ch in f):
        return ",".join(fields) + "\n"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(fields)
    return buf.getvalue()


def render_csv(shown: str, report: Report, spec: JobSpec, line: int) -> str:
    """Render the CSV record ``input,valid,scheme,error_code,position,message``."""
    if report.errors:
        e = report.errors[0]
        first = [e.code, "" if e.position is None else str(e.position), e.message(spec.lang)]
    else:
        first = ["", "", ""]
    valid = "true" if report.valid else "false"
    return _csv_row([shown, valid, report.scheme or "", *first])


def render_text(shown: str, report: Report, spec: JobSpec, line: int) -> str:
    """Render the text record ``valid|INVALID <tab> scheme <tab> input [<tab> error]``."""
    status = "valid" if report.valid else "INVALID"
    out = f"{status}\t{report.scheme or '-'}\t{shown}"
    if report.errors:
        e = report.errors[0]
        pos = "" if e.position is None else f"@{e.position}"
        out += f"\t{e.code}{pos}: {e.message(spec.lang)}"
    return out + "\n"


def _render_none(shown: str, report: Report, spec: JobSpec, line: int) -> str:
    return ""


RENDERERS: dict[str, Callable[[str, Report, JobSpec, int], str]] = {
    "jsonl": render_jsonl,
    "csv": render_csv,
    "text": render_text,
    "none": _render_none,
}


# --- one chunk --------------------------------------------------------------------


_LANES: dict[bool, Lanes] = {}


def _lanes_for(spec: JobSpec) -> Lanes | None:
    """The learned shapes of this process for ``spec`` (plain validation only), or None."""
    if not spec.plain or not spec.shapes:
        return None
    lanes = _LANES.get(spec.keys)
    if lanes is None:
        lanes = _LANES[spec.keys] = Lanes(spec.keys)
    return lanes


def process_chunk(spec: JobSpec, first_line: int, lines: list[bytes]) -> ChunkResult:
    """Validate and render every line of a chunk, in order; never raises for bad input."""
    render = RENDERERS[spec.output]
    records: list[str] = []
    res = ChunkResult(first_line, records)
    errors, warnings, keys = res.errors, res.warnings, res.keys
    want_keys = spec.keys
    scheme_of: list[str | None] = []
    invalid = 0
    lanes = _lanes_for(spec)
    verdict = lanes.verdict if lanes is not None else None
    plain_jsonl = spec.output == "jsonl" and not spec.line_numbers
    text_input = spec.input_format == "text"
    text: str | None
    report: Report | None
    for i, raw in enumerate(lines):
        if text_input and raw[-1:] == b"\n" and raw[-2:] != b"\r\n" and b"\\n" not in raw:
            try:  # extract() for the common line: text input, LF ending, no escapes
                shown = text = raw[:-1].decode("utf-8")
                report = None
            except UnicodeDecodeError:
                shown, text, report = extract(raw, spec)
            if not text:
                shown, text, report = extract(raw, spec)
        else:
            shown, text, report = extract(raw, spec)
        if text is not None:
            if verdict is not None and text is shown:
                found = verdict(text)
                if found is not None:  # valid, shaped like a line validated before
                    scheme, warns, key = found
                    if plain_jsonl and not warns:
                        records.append(_jsonl_valid(shown, scheme, "}\n"))
                    else:
                        report = fast_report(text, True, scheme, (), warns)
                        records.append(render(shown, report, spec, first_line + i))
                    scheme_of.append(scheme)
                    if key is not None:
                        keys.append((i, key))
                    if warns:
                        for code in {w.code for w in warns}:
                            warnings[code] = warnings.get(code, 0) + 1
                    continue
            report = check_text(shown, text, spec)
            if lanes is not None and report.valid and text is shown:
                lanes.learn(text, report)
        assert report is not None
        records.append(render(shown, report, spec, first_line + i))
        scheme_of.append(report.scheme)
        if report.errors:
            invalid += 1
            for code in {e.code for e in report.errors}:
                errors[code] = errors.get(code, 0) + 1
        elif want_keys and report.code is not None:
            key = code_key(report.code)
            if key is not None:
                keys.append((i, key))
        if report.warnings:
            for code in {w.code for w in report.warnings}:
                warnings[code] = warnings.get(code, 0) + 1
    res.invalid = invalid
    res.schemes = dict(Counter(scheme_of))
    return res


# --- ordered parallel map ---------------------------------------------------------

_WARM_UP = (
    "(01)09506000134352(10)A",
    "0109506000134352\x1d21A",
    "https://id.gs1.org/01/09506000134352/21/A",
    "81773220288616423835",
    "91110000600037341L",
    "x",
)


def warm_up() -> None:
    """Load the dictionaries and scheme specs once, before worker processes are forked."""
    for text in _WARM_UP:
        validate(text)


_WORKER: dict[str, Any] = {}


def _init_worker(fn: Callable[..., Any], spec: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    _WORKER["fn"] = fn
    _WORKER["spec"] = spec


def _run_in_worker(args: tuple[Any, ...]) -> Any:
    return _WORKER["fn"](_WORKER["spec"], *args)


def _start_method() -> str | None:
    """Fork when it is safe (no other thread could hold a lock), else forkserver."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"  # fastest start; workers share what the parent loaded
    if "forkserver" in methods:
        return "forkserver"
    return None  # the platform's default (spawn)


def ordered_map(
    fn: Callable[..., R],
    spec: Any,
    tasks: Iterable[tuple[Any, ...]],
    *,
    jobs: int = 1,
    window: int | None = None,
    mp_context: str | None = None,
) -> Iterator[R]:
    """Yield ``fn(spec, *task)`` for every task, in order, on ``jobs`` processes.

    At most ``window`` tasks (default ``4 * jobs``) are in flight, so a lazy
    ``tasks`` iterator is read only as fast as results are consumed: memory
    stays bounded whatever the input size.  ``spec`` is sent once per worker.

    >>> list(ordered_map(lambda spec, x: spec * x, 10, [(1,), (2,), (3,)]))
    [10, 20, 30]
    """
    if jobs <= 1:
        for task in tasks:
            yield fn(spec, *task)
        return
    ctx = multiprocessing.get_context(mp_context or _start_method())
    fork = ctx.get_start_method() == "fork"
    if fork:
        warm_up()  # the forked workers share what was loaded
    limit = window if window is not None else 4 * jobs
    # ProcessPoolExecutor, not Pool: a worker that dies or cannot start raises
    # BrokenProcessPool instead of hanging the run.
    pool = ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_worker, initargs=(fn, spec))
    pending: deque[Future[R]] = deque()
    try:
        first = fork and gc.get_freeze_count() == 0  # (a caller's own freeze is left alone)
        for task in tasks:
            if first:  # the first submit forks the workers: the collector of each leaves
                gc.freeze()  # what was loaded alone (no copy-on-write of those pages)
            pending.append(pool.submit(_run_in_worker, task))
            if first:
                gc.unfreeze()  # the caller's own collector is as it was
                first = False
            if len(pending) >= limit:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
