"""Tests for the GS1 value checks (linters), their code lists and the AI dictionary data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracecode.errors import CATALOGUE, TraceCodeError, format_message, make_error
from tracecode.gs1 import _codelists, linters
from tracecode.gs1.linters import DEPRECATED, ERROR_CODES, LINTERS, get_linter

HERE = Path(__file__).parent
VECTORS = HERE / "vectors" / "gs1-linters.txt"
DICTIONARY = HERE.parent / "src" / "tracecode" / "spec" / "gs1" / "ai-dictionary.txt"
SPEC_TOKEN = re.compile(r"^\[?[NXYZ][0-9.]")

# ---------------------------------------------------------------------------------
# Vector file
# ---------------------------------------------------------------------------------


def decode(text: str) -> tuple[str, tuple[int, int] | None]:
    """Decode a vector value: escapes, and the [span] marker (start, end)."""
    if text == '""':
        return "", None
    out: list[str] = []
    start = end = None
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            if text[i + 1] == "x":
                out.append(chr(int(text[i + 2 : i + 4], 16)))
                i += 4
                continue
            out.append(text[i + 1])
            i += 2
            continue
        if ch == "[":
            assert start is None, f"two spans in {text!r}"
            start = len(out)
        elif ch == "]":
            assert start is not None, f"bad span in {text!r}"
            assert end is None, f"bad span in {text!r}"
            end = len(out)
        else:
            out.append(ch)
        i += 1
    if start is None:
        return "".join(out), None
    assert end is not None, f"unclosed span in {text!r}"
    return "".join(out), (start, end)


def load_vectors() -> list[tuple[int, str, str, str | None, str, tuple[int, int] | None]]:
    """Return (line number, linter, PASS/FAIL, code, value, span) for each vector."""
    rows = []
    for number, line in enumerate(VECTORS.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        name, verdict, rest = line.split(None, 2)
        code = None
        if verdict == "FAIL":
            code, rest = rest.split(None, 1)
        else:
            assert verdict == "PASS", f"line {number}: {verdict!r}"
        value, span = decode(rest.strip())
        assert (span is not None) == (verdict == "FAIL"), f"line {number}: span marker"
        rows.append((number, name, verdict, code, value, span))
    return rows


VECTOR_ROWS = load_vectors()


@pytest.fixture
def year_2026(monkeypatch: pytest.MonkeyPatch) -> None:
    """Resolve two-digit years as if the current year were 2026 (see vector header)."""
    monkeypatch.setattr(linters, "_this_year", lambda: 2026)


@pytest.mark.usefixtures("year_2026")
@pytest.mark.parametrize(
    ("name", "verdict", "code", "value", "span"),
    [row[1:] for row in VECTOR_ROWS],
    ids=[f"{row[1]}:{row[0]}" for row in VECTOR_ROWS],
)
def test_vector(
    name: str, verdict: str, code: str | None, value: str, span: tuple[int, int] | None
) -> None:
    result = LINTERS[name](value)
    if verdict == "PASS":
        assert result is None
    else:
        assert span is not None
        assert result == (code, span[0], span[1] - span[0])


def test_decode_escapes() -> None:
    assert decode('""') == ("", None)
    assert decode("[]") == ("", (0, 0))
    assert decode(r"A[\x20\[\]\\]B") == ("A []\\B", (1, 5))


# ---------------------------------------------------------------------------------
# Meta tests: registry, dictionary, vectors, error codes
# ---------------------------------------------------------------------------------


def dictionary_entries() -> list[list[str]]:
    """Whitespace-split data lines of ai-dictionary.txt, title removed."""
    rows = []
    for line in DICTIONARY.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("#", 1)[0].split())
    return rows


def dictionary_linter_names() -> set[str]:
    names = set()
    for tokens in dictionary_entries():
        for token in tokens[1:]:
            if SPEC_TOKEN.match(token):
                names.update(token.split(",")[1:])
    return names


def test_every_dictionary_linter_exists() -> None:
    names = dictionary_linter_names()
    assert len(names) == 34
    assert names <= set(LINTERS)
    assert not names & DEPRECATED


def test_every_linter_has_vectors() -> None:
    passes: dict[str, int] = {}
    fails: dict[str, int] = {}
    for _, name, verdict, *_ in VECTOR_ROWS:
        assert name in LINTERS, f"vector for unknown linter {name!r}"
        counter = passes if verdict == "PASS" else fails
        counter[name] = counter.get(name, 0) + 1
    for name in LINTERS:
        # yesno accepts exactly two values.
        assert passes.get(name, 0) >= (2 if name == "yesno" else 3), name
        if name not in DEPRECATED:
            assert fails.get(name, 0) >= 3, name


def test_registry_shape() -> None:
    current = set(LINTERS) - DEPRECATED - {"mm", "latlong"}
    assert len(current) == 39
    assert {"hhmm", "iso3166list", "key", "keyoff1", "mmoptss", "yymmddhh"} == DEPRECATED
    assert LINTERS["mm"] is LINTERS["mi"]
    with pytest.raises(TypeError):
        LINTERS["new"] = LINTERS["mi"]  # type: ignore[index]


def test_get_linter() -> None:
    assert get_linter("csum") is LINTERS["csum"]
    with pytest.raises(KeyError, match="unknown GS1 linter 'cusm'"):
        get_linter("cusm")


@pytest.mark.parametrize("name", sorted(DEPRECATED))
def test_deprecated_names_are_noops(name: str) -> None:
    for value in ("", "x", "0" * 90, "\x00"):
        assert LINTERS[name](value) is None


def test_error_codes_registered() -> None:
    assert set(CATALOGUE) >= ERROR_CODES
    vector_codes = {row[3] for row in VECTOR_ROWS if row[3] is not None}
    assert vector_codes <= ERROR_CODES
    for code in ERROR_CODES:
        cls, en, zh = CATALOGUE[code]
        assert issubclass(cls, TraceCodeError)
        assert en
        assert zh
        assert en != zh
        error = make_error(code, position=3, ai="8110")
        assert error.code == code
        assert isinstance(error, cls)
        assert "?" not in format_message(code, "en", position=3)
        assert "{" not in format_message(code, "zh", position=None)


def test_messages_spot_check() -> None:
    assert format_message("ILLEGAL_MONTH") == "month must be 01-12"
    assert format_message("ILLEGAL_MONTH", "zh") == "月份必须为 01-12"
    assert format_message("NOT_ISO3166", ai="422") == (
        "AI (422): not an ISO 3166-1 numeric country code"
    )


# ---------------------------------------------------------------------------------
# Behaviour beyond the vectors
# ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "yy", "full"),
    [
        (2026, 0, 2000),
        (2026, 76, 2076),  # +50 years: same century
        (2026, 77, 1977),  # +51 years: previous century
        (2026, 25, 2025),
        (2080, 31, 2031),  # -49 years: same century
        (2080, 30, 2130),  # -50 years: next century
        (2099, 49, 2149),
        (2000, 50, 2050),
        (2000, 51, 1951),
    ],
)
def test_century_window(monkeypatch: pytest.MonkeyPatch, year: int, yy: int, full: int) -> None:
    monkeypatch.setattr(linters, "_this_year", lambda: year)
    assert linters._full_year(yy) == full


def test_february_29_follows_the_century_window(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(linters, "_this_year", lambda: 2080)
    # In 2080, "00" is 2100, which is not a leap year.
    assert LINTERS["yymmdd"]("000229") == ("ILLEGAL_DAY", 4, 2)
    assert LINTERS["yymmd0"]("000229") == ("ILLEGAL_DAY", 4, 2)
    assert LINTERS["yymmdd"]("040229") is None  # 2104
    monkeypatch.setattr(linters, "_this_year", lambda: 2026)
    assert LINTERS["yymmdd"]("000229") is None  # 2000


def test_real_year_is_used_by_default() -> None:
    assert linters._this_year() >= 2025
    assert LINTERS["yymmdd"]("240229") is None


@pytest.mark.usefixtures("year_2026")
def test_every_valid_date_of_a_leap_and_a_common_year() -> None:
    import datetime

    day = datetime.date(2023, 1, 1)
    while day.year < 2025:
        text = day.strftime("%Y%m%d")
        assert LINTERS["yyyymmdd"](text) is None, text
        assert LINTERS["yymmdd"](text[2:]) is None, text
        day += datetime.timedelta(days=1)
    assert LINTERS["yymmdd"]("230229") == ("ILLEGAL_DAY", 4, 2)


def test_csum_and_csumalpha_use_the_shared_checksum_functions() -> None:
    from tracecode.checksum import gs1_checkpair, gs1_mod10

    body = "0950600013435"
    assert LINTERS["csum"](body + gs1_mod10(body)) is None
    assert (
        LINTERS["csumalpha"]("1987654Ad4X4bL5ttr2310c" + gs1_checkpair("1987654Ad4X4bL5ttr2310c"))
        is None
    )


# ---------------------------------------------------------------------------------
# Robustness: any text gives None or a well-formed result, never an exception
# ---------------------------------------------------------------------------------

TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789", max_size=60),
    st.text(alphabet="0123456789/%=-AZaz ", max_size=40),
)


@pytest.mark.parametrize("name", sorted(LINTERS))
@settings(max_examples=60, deadline=None)
@given(value=TEXT)
def test_linters_never_raise(name: str, value: str) -> None:
    result = LINTERS[name](value)
    if result is None:
        return
    code, position, length = result
    assert code in ERROR_CODES
    assert isinstance(position, int)
    assert isinstance(length, int)
    assert position >= 0
    assert length >= 0
    assert position + length <= len(value)


# ---------------------------------------------------------------------------------
# Code lists
# ---------------------------------------------------------------------------------


def test_code_list_sizes() -> None:
    assert len(_codelists.codes("iso3166-numeric")) == 249
    assert len(_codelists.codes("iso3166-alpha2")) == 249
    assert len(_codelists.codes("iso4217-numeric")) == 179
    assert len(_codelists.codes("aidc-media-types")) == 30
    assert len(_codelists.codes("package-types")) == 431
    assert len(_codelists.iban_lengths()) == 89


def test_code_list_contents() -> None:
    numeric = _codelists.codes("iso3166-numeric")
    assert all(len(c) == 3 and c.isdigit() for c in numeric)
    alpha2 = _codelists.codes("iso3166-alpha2")
    assert all(len(c) == 2 and c.isalpha() and c.isupper() for c in alpha2)
    assert {"156", "344", "446", "158"} <= numeric
    assert {"CN", "HK", "MO", "TW"} <= alpha2
    # Every IBAN country is an ISO 3166 country, except Kosovo's user-assigned XK.
    registry = _codelists.iban_lengths()
    assert set(registry) - alpha2 == {"XK"}
    assert all(15 <= n <= 34 for n in registry.values())
    assert registry["DE"] == 22
    assert registry["MT"] == 31
    assert registry["NO"] == 15


def test_code_lists_are_cached_and_named() -> None:
    assert _codelists.codes("iso4217-numeric") is _codelists.codes("iso4217-numeric")
    for name in _codelists.CODE_LISTS:
        assert _codelists.codes(name)
    with pytest.raises(KeyError):
        _codelists.codes("no-such-list")


def test_code_list_files_have_a_source_header() -> None:
    folder = DICTIONARY.parent / "codelists"
    for name in _codelists.CODE_LISTS:
        text = (folder / f"{name}.txt").read_text(encoding="utf-8")
        assert text.startswith("# ")
        assert "Source:" in text
        assert "Date:" in text


# ---------------------------------------------------------------------------------
# The AI dictionary data file
# ---------------------------------------------------------------------------------


def expand(ais: str) -> list[str]:
    if "-" not in ais:
        return [ais]
    lo, hi = ais.split("-")
    return [str(n).zfill(len(lo)) for n in range(int(lo), int(hi) + 1)]


def parsed_dictionary() -> dict[str, tuple[str, list[str]]]:
    """AI -> (flags, attribute tokens)."""
    table = {}
    for tokens in dictionary_entries():
        flags = "" if SPEC_TOKEN.match(tokens[1]) else tokens[1]
        attrs = [t for t in tokens[1:] if "=" in t or t == "dlpkey"]
        for ai in expand(tokens[0]):
            table[ai] = (flags, attrs)
    return table


def test_dictionary_release_and_counts() -> None:
    text = DICTIONARY.read_text(encoding="utf-8")
    assert "\n# Release: 2026-01-27\n" in text
    assert "Apache" in text
    entries = dictionary_entries()
    table = parsed_dictionary()
    assert len(entries) == 224
    assert len(table) == 541
    assert sum("*" in flags for flags, _ in table.values()) == 337
    assert sum("?" in flags for flags, _ in table.values()) == 525
    dlpkeys = sorted(
        ai for ai, (_, attrs) in table.items() if any(a.startswith("dlpkey") for a in attrs)
    )
    dl_keys = ["00", "01", "253", "255", "401", "402", "414", "415", "417"]
    dl_keys += ["8003", "8004", "8006", "8010", "8013", "8017", "8018"]
    assert dlpkeys == sorted(dl_keys)
    for ai in ("717", "8040", "8041", "8042", "8043"):
        assert ai in table


def test_dictionary_agrees_with_python_stdnum() -> None:
    pytest.importorskip("stdnum")
    import stdnum

    data = Path(stdnum.__file__).parent / "gs1_ai.dat"
    if not data.exists():
        pytest.skip("python-stdnum without gs1_ai.dat")
    theirs: dict[str, bool] = {}
    for line in data.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            for ai in expand(line.split()[0]):
                theirs[ai] = 'fnc1="1"' in line
    ours = parsed_dictionary()
    assert set(ours) == set(theirs)
    # A pre-defined length AI ("*") is exactly one that needs no FNC1 separator.
    assert all(("*" in ours[ai][0]) != theirs[ai] for ai in ours)


def test_docs_table_lists_every_linter() -> None:
    doc = (HERE.parent / "docs" / "gs1-value-checks.md").read_text(encoding="utf-8")
    for name in LINTERS:
        assert f"`{name}`" in doc, name
    for code in ERROR_CODES:
        assert code in doc, code
