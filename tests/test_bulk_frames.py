"""Column functions for pandas, polars and pyarrow, and the Spark batch function."""

from __future__ import annotations

import pytest

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

from tracecode.bulk import validate_values  # noqa: E402

CODES = [
    "(01)09506000134352(21)A",
    "(01)09506000134353",
    None,
    "hello",
    "https://id.gs1.org/01/09506000134352/21/A",
]
VALID = [True, False, False, False, True]
ERRORS = [None, "INCORRECT_CHECK_DIGIT", "EMPTY_INPUT", "UNRECOGNISED", None]


def test_pandas_series() -> None:
    from tracecode.bulk.pandas import validate_series

    s = pd.Series(CODES, index=[10, 11, 12, 13, 14])
    out = validate_series(s, keys=True)
    assert out.index.tolist() == [10, 11, 12, 13, 14]
    assert out["valid"].tolist() == VALID
    assert [None if pd.isna(x) else x for x in out["error_code"]] == ERRORS
    assert out["serial_key"].iloc[0] == out["serial_key"].iloc[4]
    assert str(out["valid"].dtype) == "bool"
    nan = validate_series(pd.Series([float("nan"), "(01)09506000134352"]))
    assert nan["error_code"].iloc[0] == "EMPTY_INPUT"
    assert validate_series(pd.Series(CODES), jobs=2)["valid"].tolist() == VALID


def test_pandas_add_validation_keeps_index_and_columns() -> None:
    from tracecode.bulk.pandas import add_validation

    df = pd.DataFrame({"gtin": CODES, "n": range(5)}, index=[5, 5, 6, 6, 7])  # duplicate labels
    out = add_validation(df, "gtin", prefix="v_")
    assert out.columns.tolist() == [
        "gtin",
        "n",
        "v_valid",
        "v_scheme",
        "v_error_code",
        "v_serial_key",
    ]
    assert out["v_valid"].tolist() == VALID
    assert df.columns.tolist() == ["gtin", "n"]  # not modified in place
    empty = add_validation(df.iloc[:0], "gtin")
    assert len(empty) == 0 and "valid" in empty.columns


def test_polars() -> None:
    from tracecode.bulk.polars import validate_expr, validate_series

    out = validate_series(pl.Series("code", CODES))
    assert out["valid"].to_list() == VALID
    assert out["error_code"].to_list() == ERRORS
    assert out.schema["valid"] == pl.Boolean
    df = pl.DataFrame({"code": CODES})
    res = df.with_columns(validate_expr("code", keys=True).alias("v")).unnest("v")
    assert res["valid"].to_list() == VALID
    assert res["serial_key"][0] == res["serial_key"][4]


def test_arrow() -> None:
    from tracecode.bulk.arrow import validate_array

    table = validate_array(pa.array(CODES))
    assert table.column("valid").to_pylist() == VALID
    assert table.column("error_code").to_pylist() == ERRORS
    assert table.schema.field("valid").type == pa.bool_()
    chunked = pa.chunked_array([CODES[:2], CODES[2:]], type=pa.large_string())
    assert validate_array(chunked, keys=True).column("serial_key").to_pylist()[4] is not None
    binary = pa.array([c.encode() if c else None for c in CODES], type=pa.binary())
    assert validate_array(binary).column("valid").to_pylist() == VALID


def test_spark_batches_without_spark() -> None:
    from tracecode.bulk.spark import validate_batches

    batches = [pd.DataFrame({"code": CODES[:2]}), pd.DataFrame({"code": CODES[2:]})]
    out = pd.concat(list(validate_batches(iter(batches))))
    assert out["valid"].tolist() == VALID
    assert out["serial_key"].iloc[0] == out["serial_key"].iloc[4]


def test_column_functions_agree_with_validate_values() -> None:
    ref = validate_values(CODES)
    from tracecode.bulk.arrow import validate_array
    from tracecode.bulk.pandas import validate_series as pd_validate
    from tracecode.bulk.polars import validate_series as pl_validate

    assert pd_validate(pd.Series(CODES))["valid"].tolist() == ref.valid
    assert pl_validate(pl.Series(CODES))["scheme"].to_list() == ref.scheme
    assert validate_array(pa.array(CODES)).column("error_code").to_pylist() == ref.error_code
