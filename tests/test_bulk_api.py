"""tracecode.validate_many and the pieces of the bulk engine."""

from __future__ import annotations

import csv
import io
import itertools
import json
import pathlib
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracecode
from tracecode.bulk import DuplicateIndex, key_hash, serial_key, validate_many, validate_values
from tracecode.bulk._engine import JobSpec, ordered_map, process_chunk, render_csv, render_jsonl
from tracecode.bulk._summary import Summary

MIXED = [
    "(01)09506000134352(17)261231(10)ABC123(21)XYZ",
    "(01)09506000134353",
    "",
    "hello",
    "https://id.gs1.org/01/09506000134352/21/A?17=261231",
    "0109506000134352\x1d21ABC",
    "81773220288616423835",
    "91110000600037341L",
    "(00)106141411234567897",
    "６９０１２３４５６７８９２",
]


def test_validate_many_matches_validate_in_order() -> None:
    items = MIXED * 30
    expected = [tracecode.validate(x).to_dict() for x in items]
    for jobs in (1, 2):
        got = [r.to_dict() for r in validate_many(items, jobs=jobs, chunk_size=7)]
        assert got == expected


def test_validate_many_is_the_top_level_name() -> None:
    assert tracecode.validate_many is validate_many


def test_validate_many_is_lazy_and_bounded() -> None:
    def endless() -> itertools.count[int]:
        return itertools.count()

    codes = (f"(01)09506000134352(21){i}" for i in endless())
    first = list(itertools.islice(validate_many(codes, chunk_size=10), 25))
    assert [r.input for r in first][-1] == "(01)09506000134352(21)24"
    codes = (f"(01)09506000134352(21){i}" for i in endless())
    gen = validate_many(codes, jobs=2, chunk_size=10)
    assert all(r.valid for r in itertools.islice(gen, 50))
    gen.close()  # stops the pool


def test_validate_many_items_of_any_kind() -> None:
    reports = list(validate_many([None, b"(01)09506000134352", b"\xff", 12, "x"]))
    assert [r.valid for r in reports] == [False, True, False, False, False]
    assert reports[0].errors[0].code == "EMPTY_INPUT"
    assert reports[2].errors[0].code == "INPUT_ENCODING"
    assert reports[3].errors[0].code == "INVALID_FORMAT"
    assert reports[1].code is not None  # in-process: the parsed code is kept
    assert next(iter(validate_many(["(01)09506000134352"], jobs=2))).code is None


def test_validate_many_unknown_scheme_raises_at_once() -> None:
    with pytest.raises(tracecode.TraceCodeError) as info:
        validate_many(["x"], scheme="no.such.scheme")
    assert info.value.code == "UNKNOWN_SCHEME"


def test_validate_many_duplicates() -> None:
    codes = [f"(01)09506000134352(21)S{i % 20}" for i in range(60)]
    for jobs in (1, 2):
        reports = list(
            validate_many(codes, duplicates=True, duplicates_memory=3, chunk_size=8, jobs=jobs)
        )
        flagged = [i for i, r in enumerate(reports) if r.warnings]
        assert flagged == list(range(20, 60))
        assert all(r.valid for r in reports)
        assert reports[45].warnings[0].code == "DUPLICATE_CODE"
        assert "item 5" in str(reports[45].warnings[0])


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("(01)09506000134352(21)A(10)B", "gs1:01=09506000134352;21=A"),
        ("(00)106141411234567897", "gs1:00=106141411234567897"),
        ("(8004)9506000134A", "gs1:8004=9506000134A"),
        ("(8003)09506000134352", None),  # GRAI without its serial component
        ("(8003)09506000134352S1", "gs1:8003=09506000134352S1"),
        ("(01)09506000134352(10)B", None),
        ("(01)09506000134353(21)A", None),  # invalid: no key
        ("hello", None),
        ("81773220288616423835", "cn.drug.trace20:81773220288616423835"),
        ("91110000600037341L", None),  # an enterprise code names no item
    ],
)
def test_serial_key(text: str, key: str | None) -> None:
    assert serial_key(tracecode.validate(text)) == key


def test_duplicate_index_against_a_set() -> None:
    rng = random.Random(5)
    values = [rng.randrange(2000) - 1000 for _ in range(5000)]
    first: dict[int, int] = {}
    expected = []
    for pos, v in enumerate(values):
        if v in first:
            expected.append((pos, first[v]))
        else:
            first[v] = pos
    with DuplicateIndex(memory_limit=64) as idx:
        got = []
        for start in range(0, len(values), 333):
            batch = [(v, start + i) for i, v in enumerate(values[start : start + 333])]
            got.extend(idx.check(batch))
        assert idx.spilled and idx.distinct == len(first)
    assert got == expected


def test_key_hash_is_stable() -> None:
    assert key_hash("gs1:00=106141411234567897") == key_hash("gs1:00=106141411234567897")
    assert key_hash("a") != key_hash("b")


def test_validate_values_jobs() -> None:
    one = validate_values(MIXED * 5, keys=True)
    two = validate_values(MIXED * 5, keys=True, jobs=2, chunk_size=3)
    assert one == two
    assert one.valid[0] is True and one.error_code[1] == "INCORRECT_CHECK_DIGIT"
    assert len(one.serial_key) == len(MIXED) * 5


def test_ordered_map_window_and_order() -> None:
    out = list(ordered_map(_square, 3, ((i,) for i in range(50)), jobs=2, window=2))
    assert out == [3 * i * i for i in range(50)]


def _square(k: int, i: int) -> int:
    return k * i * i


def test_summary_render() -> None:
    s = Summary(jobs=2)
    s.add(10, 3, {"gs1": 9, None: 1}, {"UNRECOGNISED": 1, "INCORRECT_CHECK_DIGIT": 2}, {})
    s.finish()
    text = s.render()
    assert "10 lines" in text and "2 jobs" in text and "INCORRECT_CHECK_DIGIT" in text


lines_st = st.text(st.characters(blacklist_characters="\n"), max_size=60)


@settings(max_examples=150, deadline=None)
@given(st.lists(lines_st, max_size=5))
def test_rendering_matches_the_reference(lines: list[str]) -> None:
    """Fast-path records equal ``json.dumps(report.to_dict())`` and the csv module's rows."""
    spec_j = JobSpec(output="jsonl")
    spec_c = JobSpec(output="csv")
    raw = [ln.encode("utf-8", "surrogatepass") for ln in lines]
    got_j = process_chunk(spec_j, 1, raw).records
    got_c = process_chunk(spec_c, 1, raw).records
    for text, rj, rc in zip(lines, got_j, got_c, strict=True):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            continue  # lone surrogates are undecodable bytes: covered by the CLI tests
        rep = tracecode.validate(text.replace("\\n", "\n"))
        d = rep.to_dict()
        d["input"] = text
        assert rj == json.dumps(d, ensure_ascii=False) + "\n"
        assert rj == render_jsonl(text, rep, spec_j, 1)
        buf = io.StringIO()
        first = d["errors"][0] if d["errors"] else {}
        pos = first.get("position")
        csv.writer(buf, lineterminator="\n").writerow(
            [text, "true" if d["valid"] else "false", d["scheme"] or "",
             first.get("code", ""), "" if pos is None else pos, first.get("message", "")]
        )  # fmt: skip
        assert rc == buf.getvalue() == render_csv(text, rep, spec_c, 1)


def test_errors_json_matches_to_dict() -> None:
    from tracecode.bulk._engine import _errors_json
    from tracecode.errors import make_error

    errs = (
        make_error("INCORRECT_CHECK_DIGIT", position=13, ai="01", expected="2", found="3"),
        make_error("CHECK_NOT_VERIFIED", position=16, field="check", scheme="cn.drug.trace20"),
        make_error("EMPTY_INPUT"),
        make_error("AI_DATA_TOO_LONG", position=2, length=5, ai="10", detail='"quoted" \\ 码'),
    )
    for lang in ("en", "zh"):
        assert _errors_json(errs, lang) == json.dumps(
            [e.to_dict(lang) for e in errs], ensure_ascii=False
        )
    rep = tracecode.validate("81773220288616423835")
    assert rep.valid and rep.warnings
    spec = JobSpec(output="jsonl", line_numbers=True)
    expected = {**rep.to_dict(), "line": 7}
    assert render_jsonl(rep.input, rep, spec, 7) == json.dumps(expected, ensure_ascii=False) + "\n"


def test_duplicate_index_runs_and_merges_match_a_dict(tmp_path: pathlib.Path) -> None:
    """Spilled runs (and their merge) report exactly the repeats a plain dict finds."""

    from tracecode.bulk._dupes import _MAX_RUNS, DuplicateIndex

    rng = random.Random(9)
    pool = [rng.getrandbits(64) - 2**63 for _ in range(600)]
    first: dict[int, int] = {}
    expected: list[tuple[int, int]] = []
    got: list[tuple[int, int]] = []
    with DuplicateIndex(memory_limit=10, spill_dir=str(tmp_path)) as idx:
        pos = 0
        for _ in range(60):
            batch = []
            for _ in range(25):
                pos += 1
                h = rng.choice(pool)
                batch.append((h, pos))
                if h in first:
                    expected.append((pos, first[h]))
                else:
                    first[h] = pos
            got.extend(idx.check(batch))
            assert len(idx._runs) <= _MAX_RUNS + 1
        assert idx.spilled and idx.distinct == len(first)
    assert got == expected
    assert not any(tmp_path.iterdir())  # the spill files are gone
