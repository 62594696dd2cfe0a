"""Detection regressions found in bulk runs."""

from __future__ import annotations

import pytest

import tracecode


@pytest.mark.parametrize(
    "uri",
    [
        "https://id.gs1.org/01/09506000134353",
        "https://example.com/01/09506000134353/10/ABC?17=261399",
        "https://id.gs1.org/01/09506000134352/21/X/10/Y",
    ],
)
def test_invalid_digital_link_is_never_reported_valid(uri: str) -> None:
    # A URL with a GS1 Digital Link primary key is GS1 data: when it is invalid it
    # must not fall through to the catch-all URL reading of another scheme.
    report = tracecode.validate(uri)
    assert report.scheme == "gs1"
    assert not report.valid
    assert tracecode.scheme.detect_best(uri).scheme == "gs1"
    assert tracecode.detect(uri)[0].scheme == "gs1"
