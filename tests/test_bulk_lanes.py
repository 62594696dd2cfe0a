"""Learned shapes (bulk/_lanes.py) give exactly the full path's verdict, or hand over."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracecode
from tracecode.bulk._engine import JobSpec, process_chunk
from tracecode.bulk._keys import code_key
from tracecode.bulk._lanes import Lanes
from tracecode.checksum import gs1_mod10

GS = "\x1d"


def gtin(body: str) -> str:
    return body + gs1_mod10(body)


G1 = gtin("0950600013435")
G2 = gtin("0690000000001")

#: valid lines of several shapes: element strings, Digital Link URIs, scheme codes
SEEDS = [
    f"01{G1}1726010110ABC123{GS}21XYZ0001",
    f"01{G1}10LOT7{GS}21S1",
    f"01{G2}21ABC{GS}10L1",
    f"00{gtin('10614141123456789')}",
    f"01{G1}310300012317271231{GS}21X",
    f"https://id.gs1.org/01/{G1}/10/ABC123/21/XYZ0001?17=260101",
    f"https://example.com/a/b/01/{G2}/21/S-1.x_y",
    f"https://id.gs1.org/01/{G1}?17=260101&linkType=gs1:pip",
    f"https://id.gs1.org/01/{G1}/21/Q1?3103=000123&17=270101",
    "81773220288616423835",
    "91110000600037341L",
    "91350100M000100Y43",
    "5380512A00101",
    "86900000000010",
    "215010890201500098",
    "SC10135010000015",
    "10929272000000000000000000000000",
    "201906011234500000000001",
    "350100",
    "MA.156.M0.100761.21234561.Sx00008.M220117.L20220117.D20220118.E220130.V220117.C3",
    "https://example.com/aqxxm/370112345?batch=20240101",
]


def full(text: str) -> tuple[bool, str | None, list[dict[str, object]], str | None]:
    r = tracecode.validate(text)
    key = code_key(r.code) if r.valid and r.code is not None else None
    return r.valid, r.scheme, [w.to_dict() for w in r.warnings], key


@pytest.fixture(scope="module")
def lanes() -> Lanes:
    found = Lanes()
    for text in SEEDS:
        report = tracecode.validate(text)
        assert report.valid, (text, report.errors)
        found.learn(text, report)
        found.learn(text, report)  # a shape is compiled the second time it is seen
    return found


def test_seeds_learned(lanes: Lanes) -> None:
    learned = [t for t in SEEDS if lanes.verdict(t) is not None]
    # every GS1 seed with GS or a URI and the fixed-layout schemes are learned
    assert len(learned) >= 10, learned
    for text in learned:
        valid, scheme, warnings, key = full(text)
        v = lanes.verdict(text)
        assert v is not None
        assert (True, v[0], [w.to_dict() for w in v[1]], v[2]) == (valid, scheme, warnings, key)


ALPHABET = "0123456789AZaz-._~%/?&=#;: \\" + GS + "\u3000１"


def _mutants(seed: str, rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        chars = list(seed)
        for _ in range(rng.randint(1, 3)):
            op = rng.random()
            i = rng.randrange(len(chars) + 1)
            if op < 0.6 and i < len(chars):
                chars[i] = rng.choice(ALPHABET)
            elif op < 0.8:
                chars.insert(i, rng.choice(ALPHABET))
            elif chars and i < len(chars):
                del chars[i]
        out.append("".join(chars))
    return out


def test_mutants_match_the_full_path(lanes: Lanes) -> None:
    rng = random.Random(5)
    accepted = 0
    for seed in SEEDS:
        for text in _mutants(seed, rng, 300):
            v = lanes.verdict(text)
            if v is None:
                continue
            accepted += 1
            valid, scheme, warnings, key = full(text)
            assert valid, text
            assert (v[0], [w.to_dict() for w in v[1]], v[2]) == (scheme, warnings, key), text
    assert accepted > 200  # the lanes did take many mutants (digit changes that stay valid)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.sampled_from(SEEDS),
    edits=st.lists(
        st.tuples(st.integers(0, 200), st.sampled_from(list(ALPHABET))), min_size=1, max_size=4
    ),
)
def test_any_edit_is_the_full_path_or_handed_over(
    lanes: Lanes, seed: str, edits: list[tuple[int, str]]
) -> None:
    chars = list(seed)
    for i, ch in edits:
        chars[i % len(chars)] = ch
    text = "".join(chars)
    v = lanes.verdict(text)
    if v is not None:
        valid, scheme, warnings, key = full(text)
        assert valid
        assert (v[0], [w.to_dict() for w in v[1]], v[2]) == (scheme, warnings, key)


def _chunk(spec: JobSpec, lines: list[str]) -> tuple[object, ...]:
    res = process_chunk(spec, 1, [(t + "\n").encode() for t in lines])
    return res.records, res.invalid, res.schemes, res.errors, res.warnings, res.keys


@pytest.mark.parametrize("output", ["jsonl", "csv", "text"])
def test_chunk_records_identical_with_and_without_shapes(output: str) -> None:
    rng = random.Random(11)
    lines: list[str] = []
    for _ in range(6):
        for seed in SEEDS:
            lines.append(seed)
            lines.extend(_mutants(seed, rng, 20))
    rng.shuffle(lines)
    with_shapes = JobSpec(output=output, shapes=True)
    without = JobSpec(output=output, shapes=False)
    # twice: the second pass runs with every shape already learned
    for _ in range(2):
        assert _chunk(with_shapes, lines) == _chunk(without, lines)


def test_shapes_not_used_with_options() -> None:
    """Only plain validation (no scheme, profile or separators) uses learned shapes."""
    from tracecode.bulk._engine import _lanes_for

    assert _lanes_for(JobSpec()) is not None
    assert _lanes_for(JobSpec(shapes=False)) is None
    assert _lanes_for(JobSpec(scheme="gs1")) is None
    assert _lanes_for(JobSpec(profile="drug")) is None
    assert _lanes_for(JobSpec(separators=("|",))) is None
    assert _lanes_for(JobSpec(associations=False)) is None


def test_escaped_line_break_goes_the_full_way() -> None:
    spec = JobSpec()
    text = f"01{G1}10AB\\n{GS}21X"
    assert _chunk(spec, [SEEDS[0], text]) == _chunk(JobSpec(shapes=False), [SEEDS[0], text])


def test_wins_ranks_like_best_reading() -> None:
    from tracecode.scheme.detect import start, wins

    order = start("81773220288616423835")[2]
    assert [step[:2] for step in order] == [
        (1055, "cn.drug.trace20"),
        (1035, "gs1"),
        (1030, "cn.equipment.reg20"),
    ]
    assert wins(order, "cn.drug.trace20", 1055)
    assert wins(order, "cn.drug.trace20", 1035)  # a tie goes to the smaller scheme id
    assert not wins(order, "cn.drug.trace20", 1034)  # the GS1 reading could outrank it
    assert not wins(order, "gs1", 1035)  # cn.drug.trace20 could outrank it
    assert not wins(order, "cn.uscc", 2000)  # not a step of this order


def test_error_templates_render_exactly() -> None:
    from tracecode.bulk._engine import _error_item, _error_json
    from tracecode.errors import TraceCodeError, make_error, raw

    cases = [
        make_error("CHECK_NOT_VERIFIED", position=16, scheme="s", field="check", found="12"),
        make_error(
            "INVALID_VALUE", position=3, field="seg", expected=raw("one of \ue000"), found="AB"
        ),
        make_error("CHECK_NOT_VERIFIED", position=0, field="x", found="A", detail="note \ue000"),
        make_error("INCORRECT_CHECK_DIGIT", ai="01", expected="2", found='"3\\?'),
        TraceCodeError("X", found=5),  # type: ignore[arg-type]
    ]
    for e in cases * 2:  # the second time from the template cache
        for lang in ("en", "zh"):
            assert _error_json(e, lang) == _error_item(e, lang)


def test_foreign_dictionary_entry_leaves_the_parser_alone() -> None:
    """check_value with another dictionary's entry must not change default parsing."""
    import attrs

    from tracecode.gs1.dictionary import get_dictionary
    from tracecode.gs1.parse import check_value

    entry = get_dictionary()["21"]
    short = attrs.evolve(entry.components[0], max=3)
    narrow = attrs.evolve(entry, components=(short,))  # AI (21) of at most 3 characters
    assert check_value(narrow, "UVWXYZ") is not None  # too long for the narrow entry
    text = f"01{G1}21UVWXYZ"
    assert tracecode.validate(text).valid  # the bundled dictionary is still used
    assert check_value(entry, "UVWXYZ") is None


def test_shapes_seen_once_are_not_compiled() -> None:
    """Input where every line has a shape of its own compiles no regex."""
    lanes = Lanes()
    for i in range(300):
        text = f"https://id.gs1.org/01/{G1}?x{i}=1"  # a non-AI parameter: part of the shape
        lanes.learn(text, tracecode.validate(text))
    assert lanes._uris.shapes == []
    text = f"https://id.gs1.org/01/{G1}?x1=1"
    lanes.learn(text, tracecode.validate(text))  # looked at again later: one in 64 lines
    for _ in range(64):
        lanes.learn(text, tracecode.validate(text))
    assert len(lanes._uris.shapes) == 1
