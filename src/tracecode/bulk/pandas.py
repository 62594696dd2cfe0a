"""Column functions for pandas (extra ``tracecode[pandas]``).

An array of codes in, arrays of validity, scheme and first error code out:

>>> import pandas as pd
>>> from tracecode.bulk.pandas import validate_series
>>> codes = pd.Series(["(01)09506000134352(21)A", "(01)09506000134353", None])
>>> print(validate_series(codes).to_string())
   valid scheme             error_code
0   True    gs1                   <NA>
1  False    gs1  INCORRECT_CHECK_DIGIT
2  False   <NA>            EMPTY_INPUT
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from tracecode.bulk._api import validate_values

__all__ = ["add_validation", "validate_series"]


def validate_series(
    series: Any,
    *,
    scheme: str | None = None,
    profile: str | None = None,
    separators: Iterable[str] = (),
    associations: bool = True,
    keys: bool = False,
    jobs: int = 1,
) -> pd.DataFrame:
    """Validate a Series of codes; return ``valid``, ``scheme``, ``error_code`` columns.

    The result has the Series' index.  ``keys=True`` adds ``serial_key`` (the
    canonical serialised code of valid items, for duplicate detection); ``jobs``
    validates on several processes.  Missing values are invalid (``EMPTY_INPUT``).

    >>> import pandas as pd
    >>> validate_series(pd.Series(["(01)09506000134352"], index=[7]))["valid"].to_dict()
    {7: True}
    """
    res = validate_values(
        series.tolist() if hasattr(series, "tolist") else list(series),
        scheme=scheme,
        profile=profile,
        separators=separators,
        associations=associations,
        keys=keys,
        jobs=jobs,
    )
    data: dict[str, Any] = {
        "valid": pd.array(res.valid, dtype="bool"),
        "scheme": pd.array(res.scheme, dtype="string"),
        "error_code": pd.array(res.error_code, dtype="string"),
    }
    if keys:
        data["serial_key"] = pd.array(res.serial_key, dtype="string")
    return pd.DataFrame(data, index=getattr(series, "index", None))


def add_validation(
    frame: pd.DataFrame,
    column: str = "code",
    *,
    prefix: str = "",
    scheme: str | None = None,
    profile: str | None = None,
    separators: Iterable[str] = (),
    associations: bool = True,
    keys: bool = True,
) -> pd.DataFrame:
    """Return ``frame`` with validation columns added (what Dask and Spark run per partition).

    Adds ``valid``, ``scheme``, ``error_code`` and (``keys=True``) ``serial_key``,
    each name preceded by ``prefix``.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"code": ["(01)09506000134352(21)A"], "site": ["Wuhan"]})
    >>> add_validation(df).columns.tolist()
    ['code', 'site', 'valid', 'scheme', 'error_code', 'serial_key']
    """
    result = validate_series(
        frame[column],
        scheme=scheme,
        profile=profile,
        separators=separators,
        associations=associations,
        keys=keys,
    )
    out = frame.copy()
    for name in result.columns:
        out[prefix + str(name)] = result[name].array  # positional: any index works
    return out
