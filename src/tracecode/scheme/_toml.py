"""Reading TOML spec files with file-and-line error reports.

``tomllib`` (Python 3.11+) or ``tomli`` (3.10) parses; :class:`Locator` finds the
line of a key so that semantic errors name the place in the file too.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from tracecode.errors import TraceCodeError, make_error

__all__ = ["Locator", "load_toml", "spec_error"]

_LINE_RE = re.compile(r"line ([0-9]+)")


def spec_error(file: str, line: int | None, message: str) -> TraceCodeError:
    """Build a ``SPEC_SYNTAX`` :class:`~tracecode.errors.SpecError` naming ``file`` and ``line``.

    >>> print(spec_error("cn.x.toml", 3, "unknown key 'foo'"))
    malformed spec file (cn.x.toml, line 3: unknown key 'foo')
    """
    where = f"{file}, line {line}" if line is not None else file
    return make_error("SPEC_SYNTAX", detail=f"{where}: {message}")


def load_toml(text: str, file: str) -> dict[str, Any]:
    """Parse TOML ``text``; a syntax error becomes a ``SPEC_SYNTAX`` error with the line."""
    if sys.version_info >= (3, 11):  # pragma: no cover - version dependent
        import tomllib
    else:  # pragma: no cover - version dependent
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        m = _LINE_RE.search(str(err))
        line = int(m.group(1)) if m else None
        raise spec_error(file, line, f"TOML syntax: {err}") from None
    return data


class Locator:
    """Finds the line of a key in a TOML source (best effort, for messages)."""

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()

    def _header_lines(self, table: str, array: bool) -> list[int]:
        want = f"[[{table}]]" if array else f"[{table}]"
        return [i for i, line in enumerate(self._lines) if line.strip().startswith(want)]

    def line(
        self, table: str | None = None, index: int | None = None, key: str | None = None
    ) -> int:
        """1-based line of ``key`` in ``[table]`` (or ``[[table]]`` number ``index``)."""
        start = 0
        if table is not None:
            heads = self._header_lines(table, index is not None)
            if index is not None:
                if index < len(heads):
                    start = heads[index]
            elif heads:
                start = heads[0]
            else:
                # an inline table at top level: `table = {...}` or `table.key = ...`
                key, table = table, None
        if key is None:
            return start + 1
        first = start + 1 if table is not None else 0
        for i in range(first, len(self._lines)):
            stripped = self._lines[i].strip()
            if i > start and table is not None and stripped.startswith("["):
                break
            if table is None and stripped.startswith("["):
                break
            if stripped.startswith(key) and stripped[len(key) : len(key) + 1] in (" ", "=", "."):
                return i + 1
        return start + 1
