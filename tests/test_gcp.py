"""GS1 Company Prefix length lookup from GS1's GCP length table formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tracecode.gs1.gcp import GCPTable, gs1_prefix_owner

XML = """<?xml version="1.0" encoding="UTF-8"?>
<GCPPrefixFormatList date="2026-11-01T00:00:00">
  <entry prefix="690" gcpLength="7"/>
  <entry prefix="6920000" gcpLength="8"/>
  <entry prefix="0614141" gcpLength="7"/>
</GCPPrefixFormatList>
"""


def test_xml(tmp_path: Path) -> None:
    f = tmp_path / "gcp.xml"
    f.write_text(XML)
    t = GCPTable.from_file(str(f))
    assert len(t) == 3
    assert t.company_prefix("6901234567892") == "6901234"
    assert t.length("69200001234566") is None  # indicator 6 skipped: 9200001... no entry
    assert t.company_prefix("06920000123456") == "69200001"
    assert t.company_prefix("106141411234567897") == "0614141"  # SSCC: extension digit skipped


def test_json(tmp_path: Path) -> None:
    f = tmp_path / "gcp.json"
    f.write_text(
        json.dumps({"GCPPrefixFormatList": {"entry": [{"prefix": "690", "gcpLength": 7}]}})
    )
    assert GCPTable.from_file(str(f)).length("6901234567892") == 7


def test_bad_entries_and_inputs() -> None:
    with pytest.raises(ValueError, match="bad GCP"):
        GCPTable([("69x", 7)])
    t = GCPTable.from_text("690 7")
    assert t.length("６901234567892") is None
    assert t.length("") is None


def test_prefix_owner() -> None:
    assert gs1_prefix_owner("6901234567892") == "GS1 China"
    assert gs1_prefix_owner("9787115428028") == "books (ISBN)"
    assert gs1_prefix_owner("4006381333931") is None
