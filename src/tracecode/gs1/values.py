"""Typed values of GS1 element strings: dates, times, decimals, amounts with currency.

>>> typed_value("17", "261231")
datetime.date(2026, 12, 31)
>>> typed_value("3103", "001250")
Decimal('1.250')
>>> typed_value("3922", "12345")
Decimal('123.45')
>>> typed_value("3932", "97812345")
Amount(currency='978', value=Decimal('123.45'))
"""

from __future__ import annotations

import calendar
import datetime as _dt
from decimal import Decimal
from typing import Any

import attrs

__all__ = ["Amount", "DateValue", "century_window_year", "parse_yymmdd", "typed_value"]


@attrs.frozen(slots=True)
class Amount:
    """A monetary amount with its ISO 4217 numeric currency code."""

    currency: str
    value: Decimal


@attrs.frozen(slots=True)
class DateValue:
    """A GS1 date whose day is ``00`` (no specific day): ``date`` is the month's last day."""

    date: _dt.date
    day_unspecified: bool = True


def century_window_year(yy: int, today: _dt.date | None = None) -> int:
    """Full year for a two-digit year per GS1 General Specifications §7.12.

    The year is placed in the window from 49 years in the past to 50 years in
    the future of the current year.

    >>> century_window_year(26, _dt.date(2026, 1, 1)), century_window_year(80, _dt.date(2026, 1, 1))
    (2026, 1980)
    """
    current = (today or _dt.date.today()).year
    century = current - current % 100
    diff = yy - current % 100
    if diff > 50:
        century -= 100
    elif diff < -49:
        century += 100
    return century + yy


def parse_yymmdd(text: str) -> _dt.date | DateValue | None:
    """YYMMDD to a date (``DateValue`` when DD is 00); None when not a real date."""
    try:
        yy, mm, dd = int(text[0:2]), int(text[2:4]), int(text[4:6])
    except ValueError:
        return None
    year = century_window_year(yy)
    if not 1 <= mm <= 12:
        return None
    if dd == 0:
        return DateValue(_dt.date(year, mm, calendar.monthrange(year, mm)[1]))
    try:
        return _dt.date(year, mm, dd)
    except ValueError:
        return None


def _yyyymmdd(text: str) -> _dt.date | DateValue | None:
    try:
        year, mm, dd = int(text[0:4]), int(text[4:6]), int(text[6:8])
        if dd == 0:
            return DateValue(_dt.date(year, mm, calendar.monthrange(year, mm)[1]))
        return _dt.date(year, mm, dd)
    except ValueError:
        return None


def _datetime(text: str) -> _dt.datetime | None:
    d = parse_yymmdd(text[:6])
    if d is None or isinstance(d, DateValue):
        return None
    try:
        hh = int(text[6:8])
        mi = int(text[8:10]) if len(text) >= 10 else 0
        ss = int(text[10:12]) if len(text) >= 12 else 0
        return _dt.datetime(d.year, d.month, d.day, hh, mi, ss)
    except ValueError:
        return None


_DATE_AIS = frozenset(("11", "12", "13", "15", "16", "17", "4326", "7006"))
_DECIMAL_PREFIXES = ("31", "32", "33", "34", "35", "36")


def typed_value(ai: str, value: str) -> Any:
    """The value of AI ``ai`` as a Python object, or the text itself.

    Dates become :class:`datetime.date` (:class:`DateValue` for day 00),
    date-times :class:`datetime.datetime`, measures and prices
    :class:`decimal.Decimal`, amounts with currency :class:`Amount`.
    """
    try:
        if ai in _DATE_AIS and len(value) == 6:
            return parse_yymmdd(value) or value
        if ai in ("7250", "7251") and len(value) >= 8:
            return _yyyymmdd(value[:8]) or value
        if ai in ("8008", "7003") and len(value) >= 8:
            return _datetime(value) or value
        if ai in ("4324", "4325") and len(value) == 10:
            return _datetime(value) or value
        if len(ai) == 4 and ai[:2] in _DECIMAL_PREFIXES and len(value) == 6:
            return Decimal(value).scaleb(-int(ai[3]))
        if len(ai) == 4 and ai[:2] == "39":
            n = int(ai[3])
            kind = ai[2]
            if kind in ("0", "2"):
                return Decimal(value).scaleb(-n)
            if kind in ("1", "3"):
                return Amount(value[:3], Decimal(value[3:]).scaleb(-n))
            if kind in ("4", "5"):
                return Decimal(value).scaleb(-n)
        if ai == "7007" and len(value) in (6, 12):
            start = parse_yymmdd(value[:6])
            end = parse_yymmdd(value[6:]) if len(value) == 12 else None
            return (start, end) if end is not None else start
    except (ArithmeticError, ValueError):
        return value
    return value
