"""docs/checksums.md: its examples run, and it documents every algorithm."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

from tracecode.checksum import ALGORITHMS

DOC = Path(__file__).resolve().parent.parent / "docs" / "checksums.md"


def test_examples_run() -> None:
    # docs/ is outside pytest's testpaths, so run the page's examples here.
    result = doctest.testfile(str(DOC), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


def test_one_section_per_algorithm() -> None:
    text = DOC.read_text(encoding="utf-8")
    sections = re.findall(r"^## `([a-z0-9-]+)`", text, flags=re.MULTILINE)
    assert sorted(sections) == sorted(ALGORITHMS)
    for body in re.split(r"^## ", text, flags=re.MULTILINE)[1:]:
        assert ">>> " in body
        assert "Source:" in body
