"""Scale-out on Dask (extra ``tracecode[dask]``): validation as ``map_partitions``.

Every partition (a pandas DataFrame) gets validation columns from
:func:`tracecode.bulk.pandas.add_validation`; nothing here is cluster code: the
scheduler, workers and shuffles are Dask's own.  Duplicate serialised codes are
found with Dask's own shuffle / tree reduction over the ``serial_key`` column.

>>> import dask.dataframe as dd, pandas as pd
>>> from tracecode.bulk.dask import duplicate_codes, validate_dataframe
>>> codes = ["(01)09506000134352(21)A", "(01)09506000134353", "(01)09506000134352(21)A"]
>>> ddf = dd.from_pandas(pd.DataFrame({"code": codes}), npartitions=2)
>>> out = validate_dataframe(ddf).compute(scheduler="sync")
>>> out["valid"].tolist()
[True, False, True]
>>> duplicate_codes(validate_dataframe(ddf)).compute(scheduler="sync").to_dict()
{'gs1:01=09506000134352;21=A': 2}
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tracecode.bulk.pandas import add_validation

__all__ = ["duplicate_codes", "validate_dataframe"]


def validate_dataframe(
    ddf: Any,
    column: str = "code",
    *,
    prefix: str = "",
    scheme: str | None = None,
    profile: str | None = None,
    separators: Iterable[str] = (),
    associations: bool = True,
    keys: bool = True,
) -> Any:
    """Add ``valid``, ``scheme``, ``error_code`` (and ``serial_key``) to a Dask DataFrame.

    Lazy: runs :func:`~tracecode.bulk.pandas.add_validation` on every partition
    with ``map_partitions`` when the result is computed (on any Dask scheduler,
    e.g. a ``distributed`` cluster of worker processes).
    """
    options: dict[str, Any] = {
        "prefix": prefix,
        "scheme": scheme,
        "profile": profile,
        "separators": tuple(separators),
        "associations": associations,
        "keys": keys,
    }
    meta = add_validation(ddf._meta, column, **options)
    return ddf.map_partitions(add_validation, column, **options, meta=meta)


def duplicate_codes(validated: Any, key: str = "serial_key") -> Any:
    """Serial keys that occur more than once, with their counts (a lazy Dask Series).

    Uses Dask's own ``value_counts`` (a tree reduction across partitions), so
    memory per worker stays bounded by the number of distinct keys per partition.
    """
    counts = validated[key].dropna().value_counts()
    return counts[counts > 1]
