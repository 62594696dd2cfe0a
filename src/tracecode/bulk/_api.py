"""Python API for batches: :func:`validate_many` and :func:`validate_values`."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

import attrs

from tracecode._api import Report, validate
from tracecode.bulk._dupes import DuplicateIndex
from tracecode.bulk._engine import ordered_map, resolve_jobs
from tracecode.bulk._keys import serial_key
from tracecode.errors import TraceCodeError, make_error

__all__ = ["ColumnResult", "validate_many", "validate_values"]

Code = str | bytes | None


@dataclass(frozen=True)
class _Spec:
    scheme: str | None
    profile: str | None
    separators: tuple[str, ...]
    associations: bool
    keep_code: bool
    keys: bool


def _check_names(scheme: str | None, profile: str | None) -> None:
    """Raise TraceCodeError (UNKNOWN_SCHEME / UNKNOWN_PROFILE) before any work."""
    if scheme in (None, "gs1") and profile is None:
        return
    from tracecode._api import _scheme_module

    mod = _scheme_module()
    if mod is None:
        if scheme not in (None, "gs1"):
            raise make_error("UNKNOWN_SCHEME", detail=str(scheme))
        raise make_error("UNKNOWN_PROFILE", detail=str(profile))
    if scheme not in (None, "gs1"):
        mod.get_scheme(scheme)
    if profile is not None:
        mod.get_profile(profile)


def _one(item: Code, spec: _Spec) -> Report:
    if item is None:
        return Report("", False, None, (make_error("EMPTY_INPUT"),))
    if not isinstance(item, (str, bytes, bytearray)):
        err = make_error("INVALID_FORMAT", detail=f"not text: {type(item).__name__}")
        return Report(str(item), False, None, (err,))
    try:
        return validate(
            item,
            scheme=spec.scheme,
            profile=spec.profile,
            separators=spec.separators,
            associations=spec.associations,
        )
    except TraceCodeError as exc:
        shown = item if isinstance(item, str) else bytes(item).decode("utf-8", "replace")
        return Report(shown, False, spec.scheme, (exc,))
    except Exception as exc:  # one bad item never stops the run
        shown = item if isinstance(item, str) else bytes(item).decode("utf-8", "replace")
        internal = make_error("INTERNAL_ERROR", detail=f"{type(exc).__name__}: {exc}")
        return Report(shown, False, None, (internal,))


def _key_of(report: Report) -> str | None:
    if not report.valid or report.code is None:
        return None
    return serial_key(report)


def _reports(spec: _Spec, items: list[Code]) -> tuple[list[Report], list[str | None]]:
    reports = [_one(item, spec) for item in items]
    keys = [_key_of(r) for r in reports] if spec.keys else []
    if not spec.keep_code:
        reports = [attrs.evolve(r, code=None) if r.code is not None else r for r in reports]
    return reports, keys


def _chunks(iterable: Iterable[Code], size: int) -> Iterator[tuple[list[Code]]]:
    it = iter(iterable)
    while True:
        chunk = list(itertools.islice(it, size))
        if not chunk:
            return
        yield (chunk,)


def validate_many(
    codes: Iterable[Code],
    *,
    scheme: str | None = None,
    profile: str | None = None,
    separators: Iterable[str] = (),
    associations: bool = True,
    jobs: int = 1,
    chunk_size: int = 1000,
    duplicates: bool = False,
    duplicates_memory: int = 1_000_000,
    mp_context: str | None = None,
) -> Iterator[Report]:
    """Validate many codes; yield one :class:`~tracecode.Report` per item, in order.

    The iterable is consumed lazily, ``chunk_size`` items at a time, so memory
    stays bounded.  ``jobs > 1`` validates chunks on a process pool (``0``: one
    process per core); the reports then carry no parsed ``code`` (it is not
    sent between processes).  ``duplicates=True`` adds a ``DUPLICATE_CODE``
    warning to every report whose serialised code (see :func:`serial_key`)
    was seen at an earlier index.  ``None`` items give an ``EMPTY_INPUT`` report.
    Raises :class:`~tracecode.TraceCodeError` only for an unknown scheme or profile.

    >>> from tracecode.bulk import validate_many
    >>> codes = ["(01)09506000134352(21)A1", "hello", None, "(01)09506000134352(21)A1"]
    >>> for r in validate_many(codes, duplicates=True):
    ...     print(r.valid, r.scheme, [e.code for e in (*r.errors, *r.warnings)])
    True gs1 []
    False None ['UNRECOGNISED']
    False None ['EMPTY_INPUT']
    True gs1 ['DUPLICATE_CODE']
    """
    _check_names(scheme, profile)
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    n = resolve_jobs(jobs)
    spec = _Spec(scheme, profile, tuple(separators), associations, n <= 1, duplicates)
    return _generate(codes, spec, n, chunk_size, duplicates, duplicates_memory, mp_context)


def _generate(
    codes: Iterable[Code],
    spec: _Spec,
    jobs: int,
    chunk_size: int,
    duplicates: bool,
    duplicates_memory: int,
    mp_context: str | None,
) -> Iterator[Report]:
    from tracecode.bulk._run import duplicate_error

    index = DuplicateIndex(duplicates_memory) if duplicates else None
    base = 0
    try:
        chunks = _chunks(codes, chunk_size)
        for reports, keys in ordered_map(_reports, spec, chunks, jobs=jobs, mp_context=mp_context):
            if index is not None:
                pairs = [(hash(k), base + i) for i, k in enumerate(keys) if k is not None]
                for pos, first in index.check(pairs):
                    r = reports[pos - base]
                    err = duplicate_error(first, unit="item")
                    reports[pos - base] = attrs.evolve(r, warnings=(*r.warnings, err))
            base += len(reports)
            yield from reports
    finally:
        if index is not None:
            index.close()


class ColumnResult(NamedTuple):
    """Per-item results as parallel lists (what the column functions build arrays from)."""

    #: True when the item is valid
    valid: list[bool]
    #: the scheme id, or None
    scheme: list[str | None]
    #: the first error code, or None
    error_code: list[str | None]
    #: the canonical serial key of valid serialised items (with ``keys=True``), or None
    serial_key: list[str | None]


@dataclass(frozen=True)
class _ColSpec:
    api: _Spec
    keys: bool


def _columns(spec: _ColSpec, items: list[Any]) -> ColumnResult:
    valid: list[bool] = []
    schemes: list[str | None] = []
    codes: list[str | None] = []
    keys: list[str | None] = []
    for item in items:
        if item is not None and not isinstance(item, (str, bytes, bytearray)) and _missing(item):
            item = None
        r = _one(item, spec.api)
        valid.append(r.valid)
        schemes.append(r.scheme)
        codes.append(r.errors[0].code if r.errors else None)
        if spec.keys:
            keys.append(serial_key(r) if r.valid and r.code is not None else None)
    return ColumnResult(valid, schemes, codes, keys)


def _missing(value: Any) -> bool:
    """Tell whether a non-text value is a data-frame missing value (NaN, NA, NaT)."""
    if type(value).__name__ in ("NAType", "NaTType"):
        return True
    try:
        return bool(value != value)  # NaN
    except (TypeError, ValueError):
        return False


def validate_values(
    values: Iterable[Any],
    *,
    scheme: str | None = None,
    profile: str | None = None,
    separators: Iterable[str] = (),
    associations: bool = True,
    keys: bool = False,
    jobs: int = 1,
    chunk_size: int = 5000,
) -> ColumnResult:
    """Validate a column of values; return parallel lists (valid, scheme, error_code, key).

    Missing values (None, NaN) are invalid with ``EMPTY_INPUT``.  ``keys=True``
    also gives the serial key of every valid serialised code (for duplicate
    detection by a data-frame engine); otherwise ``serial_key`` is empty.

    >>> res = validate_values(["(01)09506000134352(21)A", "(01)09506000134353", None], keys=True)
    >>> res.valid, res.error_code
    ([True, False, False], [None, 'INCORRECT_CHECK_DIGIT', 'EMPTY_INPUT'])
    >>> res.serial_key[0]
    'gs1:01=09506000134352;21=A'
    """
    _check_names(scheme, profile)
    api = _Spec(scheme, profile, tuple(separators), associations, True, False)
    spec = _ColSpec(api, keys)
    out = ColumnResult([], [], [], [])
    for part in ordered_map(_columns, spec, _chunks(values, chunk_size), jobs=resolve_jobs(jobs)):
        out.valid.extend(part.valid)
        out.scheme.extend(part.scheme)
        out.error_code.extend(part.error_code)
        out.serial_key.extend(part.serial_key)
    return out
