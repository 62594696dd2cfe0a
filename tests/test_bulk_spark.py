"""Validation on Apache Spark with mapInPandas: runs where pyspark and a JVM are present.

pyspark is not in the ``dev`` extra (it is a ~450 MB download); install it with
``pip install pyspark`` (and a Java 17+ runtime) to run this test.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("pandas")
pytest.importorskip("pyarrow")
pytest.importorskip("pyspark", reason="pyspark is not installed (not part of the dev extra)")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("no Java runtime (JVM) on this machine", allow_module_level=True)

from tracecode.bulk import validate_values
from tracecode.bulk.spark import duplicate_codes, validate_dataframe

pytestmark = pytest.mark.filterwarnings(
    "ignore:PySpark does not yet fully support pandas:FutureWarning"
)


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("tracecode-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.mark.slow
def test_spark_map_in_pandas(spark: Any) -> None:
    codes = []
    for i in range(600):
        kind = i % 3
        if kind == 0:
            codes.append(f"(01)09506000134352(21)S{(i // 3) % 100}")  # each key twice
        elif kind == 1:
            codes.append("(01)09506000134353")
        else:
            codes.append(f"nope-{i}")
    df = spark.createDataFrame([(i, c) for i, c in enumerate(codes)], "row long, code string")
    df = df.repartition(3)
    validated = validate_dataframe(df)
    rows = sorted(validated.collect(), key=lambda r: r["row"])
    ref = validate_values(codes, keys=True)
    assert [r["valid"] for r in rows] == ref.valid
    assert [r["error_code"] for r in rows] == ref.error_code
    assert [r["scheme"] for r in rows] == ref.scheme
    assert [r["serial_key"] for r in rows] == ref.serial_key
    dupes = {r["serial_key"]: r["count"] for r in duplicate_codes(validated).collect()}
    assert len(dupes) == 100
    assert set(dupes.values()) == {2}
