"""Scale-out on Apache Spark: validation as ``mapInPandas`` (pyspark is not a dependency).

Spark sends each partition as a stream of pandas DataFrames (Arrow batches) to
:func:`validate_batches`, which adds the validation columns; the scheduler and
the shuffle used by :func:`duplicate_codes` are Spark's own.  Needs ``pyspark``
(3.4 or later), a JVM and ``tracecode[pandas]`` installed on every executor.

``validate_batches`` is a plain function of pandas frames, usable without Spark:

>>> import pandas as pd
>>> from tracecode.bulk.spark import validate_batches
>>> batch = pd.DataFrame({"code": ["(01)09506000134352(21)A", "x"]})
>>> [b["valid"].tolist() for b in validate_batches(iter([batch]))]
[[True, False]]
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import Any

from tracecode.bulk.pandas import add_validation

__all__ = ["duplicate_codes", "output_schema", "validate_batches", "validate_dataframe"]


def validate_batches(
    batches: Iterator[Any],
    column: str = "code",
    *,
    scheme: str | None = None,
    profile: str | None = None,
    separators: Iterable[str] = (),
    associations: bool = True,
    keys: bool = True,
) -> Iterator[Any]:
    """Yield every pandas batch with validation columns added (the mapInPandas function)."""
    seps = tuple(separators)
    for batch in batches:
        yield add_validation(
            batch,
            column,
            scheme=scheme,
            profile=profile,
            separators=seps,
            associations=associations,
            keys=keys,
        )


def output_schema(input_schema: Any, keys: bool = True) -> Any:
    """Return the Spark schema of the validated frame: the input's plus the new columns."""
    from pyspark.sql.types import BooleanType, StringType, StructField, StructType

    fields = [
        *input_schema.fields,
        StructField("valid", BooleanType(), False),
        StructField("scheme", StringType(), True),
        StructField("error_code", StringType(), True),
    ]
    if keys:
        fields.append(StructField("serial_key", StringType(), True))
    return StructType(fields)


def validate_dataframe(
    df: Any,
    column: str = "code",
    *,
    scheme: str | None = None,
    profile: str | None = None,
    separators: Iterable[str] = (),
    associations: bool = True,
    keys: bool = True,
) -> Any:
    """Add ``valid``, ``scheme``, ``error_code`` (and ``serial_key``) to a Spark DataFrame.

    Lazy, like every Spark transformation: ``df.mapInPandas`` with
    :func:`validate_batches` on the executors.
    """
    fn = functools.partial(
        validate_batches,
        column=column,
        scheme=scheme,
        profile=profile,
        separators=tuple(separators),
        associations=associations,
        keys=keys,
    )
    return df.mapInPandas(fn, schema=output_schema(df.schema, keys))


def duplicate_codes(validated: Any, key: str = "serial_key") -> Any:
    """Serial keys that occur more than once with their ``count`` (Spark's own shuffle)."""
    from pyspark.sql import functions as F  # noqa: N812

    return validated.where(F.col(key).isNotNull()).groupBy(key).count().where(F.col("count") > 1)
