"""docs/bulk-validation.md: its examples run and it documents every option of validate."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parent.parent / "docs" / "bulk-validation.md"


def test_examples_run() -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("polars")
    pytest.importorskip("pyarrow")
    pytest.importorskip("dask.dataframe")
    # docs/ is outside pytest's testpaths, so run the page's examples here.
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testfile(str(DOC), module_relative=False, optionflags=flags)
    assert result.attempted > 0
    assert result.failed == 0


def test_every_validate_option_is_documented() -> None:
    from tracecode.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    validate = sub.choices["validate"]  # type: ignore[index]
    text = DOC.read_text(encoding="utf-8")
    for action in validate._actions:
        for opt in action.option_strings:
            if opt.startswith("--") and opt not in ("--help",):
                assert re.search(rf"`{re.escape(opt)}[ `/\\]", text), opt
