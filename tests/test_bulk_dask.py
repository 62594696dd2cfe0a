"""Validation on Dask: map_partitions on a local distributed cluster of worker processes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

from tracecode.bulk import validate_values  # noqa: E402
from tracecode.bulk.dask import duplicate_codes, validate_dataframe  # noqa: E402


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        dashboard_address=None,
        memory_limit="1GiB",
    )
    with cluster, distributed.Client(cluster) as c:
        yield c


def make_codes(n: int) -> list[str | None]:
    codes: list[str | None] = []
    for i in range(n):
        kind = i % 5
        if kind == 0:
            codes.append(f"(01)09506000134352(21)S{(i // 5) % 400}")  # each key twice
        elif kind == 1:
            codes.append("(01)09506000134353")
        elif kind == 2:
            codes.append(f"https://id.gs1.org/01/09506000134352/21/D{i}")
        elif kind == 3:
            codes.append(None)
        else:
            codes.append(f"junk-{i}")
    return codes


@pytest.mark.slow
def test_dask_end_to_end_on_worker_processes(client: Any) -> None:
    codes = make_codes(4000)
    pdf = pd.DataFrame({"code": codes, "row": range(len(codes))})
    ddf = dd.from_pandas(pdf, npartitions=8)
    validated = validate_dataframe(ddf)
    out = validated.compute().sort_values("row")
    # the work ran on the worker processes, not here
    assert len(client.scheduler_info()["workers"]) == 2
    ref = validate_values(codes, keys=True)
    assert out["valid"].tolist() == ref.valid
    assert [None if pd.isna(x) else x for x in out["error_code"]] == ref.error_code
    assert [None if pd.isna(x) else x for x in out["scheme"]] == ref.scheme
    assert out["row"].tolist() == list(range(len(codes)))
    # duplicate serialised codes, found with Dask's own shuffle / reduction
    dupes = duplicate_codes(validated).compute()
    assert len(dupes) == 400
    assert set(dupes.tolist()) == {2}
    assert dupes.index.str.startswith("gs1:01=09506000134352;21=S").all()
    counts = validated["valid"].sum().compute()
    assert counts == sum(ref.valid)
