"""The bundled schemes, read once from ``spec/schemes/*.toml`` on first use.

>>> [s.id for s in schemes()][:3]
['cn.admin-division', 'cn.detonator.shell', 'cn.drug.ma']
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType

from tracecode.errors import make_error
from tracecode.scheme._loader import load_scheme_text
from tracecode.scheme._model import Scheme
from tracecode.scheme._toml import spec_error

__all__ = ["get_scheme", "scheme_table", "schemes", "spec_text"]

_LOCK = threading.Lock()


def spec_text(*parts: str) -> str:
    """Read the text of a bundled file under ``tracecode/spec/`` (read via importlib.resources)."""
    node = resources.files("tracecode").joinpath("spec")
    for part in parts:
        node = node.joinpath(part)
    return node.read_text(encoding="utf-8")


def spec_names(folder: str, suffix: str) -> list[str]:
    """Sorted file names in ``tracecode/spec/<folder>`` ending in ``suffix``."""
    node = resources.files("tracecode").joinpath("spec").joinpath(folder)
    return sorted(p.name for p in node.iterdir() if p.name.endswith(suffix))


@functools.lru_cache(maxsize=1)
def _load() -> Mapping[str, Scheme]:
    with _LOCK:
        table: dict[str, Scheme] = {}
        for name in spec_names("schemes", ".toml"):
            file = f"spec/schemes/{name}"
            scheme = load_scheme_text(spec_text("schemes", name), file)
            if scheme.id != name[: -len(".toml")]:
                raise spec_error(file, 1, f"id {scheme.id!r} does not match the file name")
            table[scheme.id] = scheme
        for scheme in table.values():
            for seg in scheme.segments:
                if seg.scheme is not None and seg.scheme not in table:
                    raise spec_error(
                        scheme.file, None, f"segment {seg.name!r}: unknown scheme {seg.scheme!r}"
                    )
        return MappingProxyType(table)


def scheme_table() -> Mapping[str, Scheme]:
    """Scheme id -> :class:`Scheme` for every bundled scheme."""
    return _load()


def schemes() -> tuple[Scheme, ...]:
    """Every bundled scheme, sorted by id."""
    table = _load()
    return tuple(table[k] for k in sorted(table))


def get_scheme(scheme_id: str) -> Scheme:
    """Return the scheme ``scheme_id``; ``SchemeError`` ``UNKNOWN_SCHEME`` if none.

    >>> get_scheme("cn.uscc").name.zh
    '统一社会信用代码'
    >>> get_scheme("cn.nope")
    Traceback (most recent call last):
        ...
    tracecode.errors.SchemeError: unknown scheme: found 'cn.nope'
    """
    table = _load()
    scheme = table.get(scheme_id) if isinstance(scheme_id, str) else None
    if scheme is None:
        raise make_error("UNKNOWN_SCHEME", scheme=str(scheme_id), found=str(scheme_id))
    return scheme
