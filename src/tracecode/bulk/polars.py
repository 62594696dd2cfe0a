"""Column functions for polars (extra ``tracecode[polars]``).

>>> import polars as pl
>>> from tracecode.bulk.polars import validate_series
>>> validate_series(pl.Series(["(01)09506000134352(21)A", "(01)09506000134353"])).rows()
[(True, 'gs1', None), (False, 'gs1', 'INCORRECT_CHECK_DIGIT')]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import polars as pl

from tracecode.bulk._api import validate_values

__all__ = ["validate_expr", "validate_series"]


def _schema(keys: bool) -> dict[str, Any]:
    schema: dict[str, Any] = {"valid": pl.Boolean, "scheme": pl.String, "error_code": pl.String}
    if keys:
        schema["serial_key"] = pl.String
    return schema


def validate_series(
    series: pl.Series,
    *,
    scheme: str | None = None,
    profile: str | None = None,
    separators: Iterable[str] = (),
    associations: bool = True,
    keys: bool = False,
    jobs: int = 1,
) -> pl.DataFrame:
    """Validate a Series of codes; return a frame of ``valid``, ``scheme``, ``error_code``.

    ``keys=True`` adds ``serial_key``; nulls are invalid (``EMPTY_INPUT``).

    >>> import polars as pl
    >>> validate_series(pl.Series([None]))["error_code"].to_list()
    ['EMPTY_INPUT']
    """
    res = validate_values(
        series.to_list(),
        scheme=scheme,
        profile=profile,
        separators=separators,
        associations=associations,
        keys=keys,
        jobs=jobs,
    )
    data: dict[str, Any] = {"valid": res.valid, "scheme": res.scheme, "error_code": res.error_code}
    if keys:
        data["serial_key"] = res.serial_key
    return pl.DataFrame(data, schema=_schema(keys))


def validate_expr(
    column: str | pl.Expr = "code",
    *,
    scheme: str | None = None,
    profile: str | None = None,
    keys: bool = False,
) -> pl.Expr:
    """Return an expression giving a struct column (``valid``, ``scheme``, ``error_code``).

    >>> import polars as pl
    >>> df = pl.DataFrame({"code": ["(01)09506000134352", "nope"]})
    >>> df.select(validate_expr("code").alias("v")).unnest("v")["valid"].to_list()
    [True, False]
    """
    expr = pl.col(column) if isinstance(column, str) else column

    def run(series: pl.Series) -> pl.Series:
        frame = validate_series(series, scheme=scheme, profile=profile, keys=keys)
        return frame.to_struct(series.name)

    return expr.map_batches(run, return_dtype=pl.Struct(_schema(keys)))
