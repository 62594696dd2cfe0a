"""Column functions for Apache Arrow (extra ``tracecode[arrow]``).

>>> import pyarrow as pa
>>> from tracecode.bulk.arrow import validate_array
>>> validate_array(pa.array(["(01)09506000134352(21)A", "(01)09506000134353"])).to_pylist()[1]
{'valid': False, 'scheme': 'gs1', 'error_code': 'INCORRECT_CHECK_DIGIT'}
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from tracecode.bulk._api import validate_values

__all__ = ["validate_array"]


def validate_array(
    array: Any,
    *,
    scheme: str | None = None,
    profile: str | None = None,
    separators: Iterable[str] = (),
    associations: bool = True,
    keys: bool = False,
    jobs: int = 1,
) -> pa.Table:
    """Validate an Arrow array (string, large string or binary; chunked or not).

    Returns a table with ``valid`` (bool), ``scheme`` and ``error_code`` (string),
    and ``serial_key`` with ``keys=True``; nulls are invalid (``EMPTY_INPUT``).

    >>> import pyarrow as pa
    >>> validate_array(pa.chunked_array([[b"(01)09506000134352"], [None]]))["valid"].to_pylist()
    [True, False]
    """
    res = validate_values(
        array.to_pylist(),
        scheme=scheme,
        profile=profile,
        separators=separators,
        associations=associations,
        keys=keys,
        jobs=jobs,
    )
    columns: dict[str, Any] = {
        "valid": pa.array(res.valid, pa.bool_()),
        "scheme": pa.array(res.scheme, pa.string()),
        "error_code": pa.array(res.error_code, pa.string()),
    }
    if keys:
        columns["serial_key"] = pa.array(res.serial_key, pa.string())
    return pa.table(columns)
