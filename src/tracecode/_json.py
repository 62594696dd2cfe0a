"""Conversion of typed values to JSON-ready data."""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any

import attrs

__all__ = ["jsonable"]


def jsonable(value: Any) -> Any:
    """Turn dates, decimals and attrs value objects into JSON-ready data.

    >>> jsonable(Decimal("1.50")), jsonable(_dt.date(2026, 1, 2))
    ('1.50', '2026-01-02')
    """
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if attrs.has(type(value)):
        return {k: jsonable(v) for k, v in attrs.asdict(value, recurse=False).items()}
    return str(value)
