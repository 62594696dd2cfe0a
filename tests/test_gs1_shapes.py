"""The parser's learned shapes (gs1/_shapes.py) give exactly what the full parser gives."""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracecode
from tracecode import TraceCodeError
from tracecode.checksum import gs1_mod10
from tracecode.gs1 import parse, parse_element_string, parse_hri
from tracecode.gs1._shapes import FREE_SHAPES, HITS_PER_SHAPE, ShapeBook

#: the parser module (``tracecode.gs1.parse`` is also the name of its function)
PARSER: Any = importlib.import_module("tracecode.gs1.parse")

GS = "\x1d"


def gtin(body: str) -> str:
    return body + gs1_mod10(body)


G1 = gtin("0950600013435")
G2 = gtin("0690000000001")

#: valid element strings of several shapes; some are prefixes of others, some share
#: their first elements, one has a superfluous GS after a pre-defined length
SEEDS = [
    f"01{G1}1726010110ABC123{GS}21XYZ0001",
    f"01{G1}1726010110ABC123",
    f"01{G1}10LOT7{GS}21S1",
    f"01{G1}10LOT7",
    f"01{G2}21ABC{GS}10L1",
    f"01{G2}{GS}21ABC",
    f"00{gtin('10614141123456789')}",
    f"01{G1}310300012317271231{GS}21X",
    f"01{G1}17271231{GS}21X",
    f"01{G1}11251231{GS}10B{GS}305{GS}21S",
    f"01{G1}3012{GS}10B",
    f"01{G1}240ABC-1/2{GS}21X",
    f"01{G1}422156{GS}10L",
    f"01{G1}70032512011230{GS}10L",
    f"8004{gtin('095060001343')}ABC",
    f"414{gtin('950600013435')}254A1",
    "11251231",  # a GTIN's length: a bare GTIN is read before any element string
]
#: the same as bracketed data, and some with brackets in their data
HRI_SEEDS = [parse(t).hri() for t in SEEDS if t != "11251231"] + [
    f"(01){G1}(10)AB)C(21)X)Y",
    f"(01){G1}(10)AB\\(C(21)X",
    f"(01){G1}(10)A\\(B",
    f"(01){G1}(17)271231(10)L(21)S",
]
#: Digital Link URIs: literal but for their AI values (one with an escape: the full way)
URI_SEEDS = [
    f"https://id.gs1.org/01/{G1}/10/ABC123/21/XYZ0001?17=260101",
    f"https://id.gs1.org/01/{G1}/10/ABC123",
    f"https://example.com/a/b/01/{G2}/21/S-1.x_y",
    f"https://id.gs1.org/01/{G1}?17=260101&linkType=gs1:pip",
    f"HTTP://id.gs1.org/01/{G1}/21/Q1?3103=000123&17=270101",
    f"https://id.gs1.org/414/{gtin('950600013435')}/254/A1",
    f"https://id.gs1.org/01/{G1}/10/A%2FB",
]
ALL_SEEDS = SEEDS + HRI_SEEDS + URI_SEEDS


def outcome(fn: Callable[[str], Any], text: str) -> tuple[object, ...]:
    try:
        m = fn(text)
    except TraceCodeError as err:
        return ("raised", type(err).__name__, err.code, err.position, str(err))
    return (
        "parsed",
        [(e.ai, e.value, e.position) for e in m.elements],
        m.symbology,
        [(e.code, e.position, str(e)) for e in m.errors],
        m.other_query,
    )


@contextmanager
def book(learn: bool, free: int = 1000) -> Iterator[ShapeBook]:
    """The parser's shape books emptied; ``learn=False`` is the full parser alone.

    ``free`` shapes are compiled without earning their place (the bundled parser's
    budget is tested on its own).
    """
    books = [PARSER._SHAPES, PARSER._HRI_SHAPES, PARSER._URI_SHAPES]
    saved = [b.free for b in books], PARSER._LEARN_SHAPES
    for b in books:
        b.clear()
        b.free = free
    PARSER._LEARN_SHAPES = learn
    try:
        yield PARSER._SHAPES
    finally:
        for b, f in zip(books, saved[0], strict=True):
            b.clear()
            b.free = f
        PARSER._LEARN_SHAPES = saved[1]


def hri_book() -> ShapeBook:
    return PARSER._HRI_SHAPES  # type: ignore[no-any-return]


def uri_book() -> ShapeBook:
    return PARSER._URI_SHAPES  # type: ignore[no-any-return]


ENTRY_POINTS: list[tuple[str, Callable[[str], Any]]] = [
    ("parse", parse),
    ("lenient", lambda t: parse(t, lenient=True)),
    ("no associations", lambda t: parse(t, associations=False)),
    ("]d2", lambda t: parse("]d2" + t)),
    ("leading GS", lambda t: parse(GS + t)),
    ("element string", parse_element_string),
    ("separator |", lambda t: parse(t.replace(GS, "|"), separators="|")),
    ("bracketed", parse_hri),
    ("bracketed, no associations", lambda t: parse_hri(t, associations=False)),
    ("zero-suppressed GTINs", lambda t: parse(t, zero_suppressed_gtin=True)),
    ("]Q1", lambda t: parse("]Q1" + t)),
]


def reference(texts: list[str]) -> dict[tuple[str, str], tuple[object, ...]]:
    with book(learn=False) as b:
        out = {(name, t): outcome(fn, t) for t in texts for name, fn in ENTRY_POINTS}
        assert not b.shapes
    return out


def learned() -> ShapeBook:
    b = PARSER._SHAPES
    for seed in ALL_SEEDS:
        parse(seed)
        parse(seed)  # compiled at the second sighting
    return b  # type: ignore[no-any-return]


def test_seeds_are_valid_and_learned() -> None:
    with book(learn=True) as b:
        learned()
        assert len(b.shapes) == len(SEEDS) - 1  # all but the one of a GTIN's length
        # one per AI sequence, but data with an escaped bracket goes the full way
        plain = [t for t in HRI_SEEDS if "\\(" not in t]
        assert len(hri_book().shapes) == len({parse(t).ais for t in plain})
        before = b.hits, hri_book().hits, uri_book().hits
        for seed in ALL_SEEDS:
            assert parse(seed).valid
        assert b.hits - before[0] == len(SEEDS) - 1
        assert hri_book().hits - before[1] == len(plain)
        unescaped = [t for t in URI_SEEDS if "%" not in t]
        assert len(uri_book().shapes) == len(unescaped)
        assert uri_book().hits - before[2] == len(unescaped)


ALPHABET = "0123456789AZaz-._~%/?&=#;: \\|^()" + GS + "\x00\u3000１٣"


def mutants(rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        chars = list(rng.choice(ALL_SEEDS))
        for _ in range(rng.randint(1, 3)):
            op = rng.random()
            i = rng.randrange(len(chars) + 1)
            if op < 0.5 and i < len(chars):
                chars[i] = rng.choice("0123456789")  # mostly still valid: shapes take these
            elif op < 0.7 and i < len(chars):
                chars[i] = rng.choice(ALPHABET)
            elif op < 0.85:
                chars.insert(i, rng.choice(ALPHABET))
            elif chars and i < len(chars):
                del chars[i]
        out.append("".join(chars))
    return out


def test_mutants_parse_as_without_shapes() -> None:
    texts = ALL_SEEDS + mutants(random.Random(11), 2500)
    expected = reference(texts)
    with book(learn=True) as b:
        learned()
        hits = b.hits, hri_book().hits, uri_book().hits
        for t in texts:
            for name, fn in ENTRY_POINTS:
                assert outcome(fn, t) == expected[name, t], (name, t)
        # the shapes did take many of them
        assert b.hits - hits[0] > 500
        assert hri_book().hits - hits[1] > 500
        assert uri_book().hits - hits[2] > 200


def test_validate_reports_the_same_with_shapes() -> None:
    texts = ALL_SEEDS + mutants(random.Random(12), 300)
    with book(learn=False):
        expected = [tracecode.validate(t).to_dict() for t in texts]
    with book(learn=True):
        learned()
        assert [tracecode.validate(t).to_dict() for t in texts] == expected


@settings(max_examples=300, deadline=None)
@given(
    seed=st.sampled_from(ALL_SEEDS),
    edits=st.lists(
        st.tuples(st.integers(0, 200), st.sampled_from(list(ALPHABET))), min_size=1, max_size=4
    ),
)
def test_any_edit_parses_as_without_shapes(seed: str, edits: list[tuple[int, str]]) -> None:
    chars = list(seed)
    for i, ch in edits:
        chars[i % len(chars)] = ch
    text = "".join(chars)
    with book(learn=False):
        expected = [outcome(fn, text) for _, fn in ENTRY_POINTS]
    with book(learn=True):
        learned()
        assert [outcome(fn, text) for _, fn in ENTRY_POINTS] == expected


def test_a_shape_is_compiled_at_its_second_sighting_only() -> None:
    with book(learn=True) as b:
        text = f"01{G1}10ABC{GS}21XYZ"
        parse(text)
        assert not b.shapes
        parse(text)
        assert len(b.shapes) == 1
        other = f"01{G2}10Q{GS}21R"
        assert parse(other).hri() == f"(01){G2}(10)Q(21)R"
        assert b.hits == 1


def test_shapes_off_learns_nothing() -> None:
    with book(learn=False) as b:
        for _ in range(3):
            parse(f"01{G1}10ABC{GS}21XYZ")
        assert not b.shapes and b.hits == 0


def _diverse(rng: random.Random) -> str:
    """An element string whose AI order is random: its structure seldom repeats."""
    pool = [
        ("10", "".join(rng.choice("ABC123") for _ in range(rng.randint(1, 8))), True),
        ("21", "".join(rng.choice("XYZ789") for _ in range(rng.randint(1, 8))), True),
        ("17", "271231", False),
        ("11", "250101", False),
        ("30", str(rng.randint(1, 99)), True),
        ("240", "A" * rng.randint(1, 5), True),
        ("422", "156", True),
        ("3103", "000123", False),
    ]
    rng.shuffle(pool)
    parts = [("01", G1, False), *pool[: rng.randint(2, 7)]]
    out = ""
    for i, (ai, value, fnc1) in enumerate(parts):
        out += ai + value + (GS if fnc1 and i < len(parts) - 1 else "")
    return out


def test_compiling_is_budgeted_on_input_without_repeated_structure() -> None:
    rng = random.Random(3)
    texts = [_diverse(rng) for _ in range(3000)]
    with book(learn=True, free=FREE_SHAPES) as b:
        for t in texts:
            assert parse(t).valid
        assert b.compiled <= FREE_SHAPES + b.hits // HITS_PER_SHAPE
        assert len(b.shapes) == b.compiled <= 32
    expected = reference(texts[:300])
    with book(learn=True, free=FREE_SHAPES):
        for t in texts:
            parse(t)
        for t in texts[:300]:
            for name, fn in ENTRY_POINTS:
                assert outcome(fn, t) == expected[name, t], (name, t)


@pytest.mark.parametrize("count", [1, 2, 5, 32])
def test_many_shapes_share_one_regex(count: int) -> None:
    """Every learned shape is found again through the one tree-shaped regex."""
    rng = random.Random(count)
    seen: dict[str, None] = {}
    while len(seen) < count:
        seen[_diverse(rng)] = None
    texts = list(seen)
    with book(learn=True) as b:
        for t in texts:
            parse(t)
            parse(t)
        assert len(b.shapes) == count
        before = b.hits
        for t in texts:
            assert outcome(parse, t)[0] == "parsed"
        assert b.hits - before == count


def test_threads_learning_and_reading_agree_with_the_full_parser() -> None:
    """Shapes are learned while other threads read the book: every result still agrees."""
    import sys
    import threading

    rng = random.Random(9)
    texts = [_diverse(rng) for _ in range(400)] + ALL_SEEDS * 20 + mutants(rng, 400)
    expected = reference(texts)
    failures: list[str] = []

    def work(order: list[str]) -> None:
        for t in order:
            if outcome(parse, t) != expected["parse", t]:
                failures.append(t)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often
    try:
        with book(learn=True, free=FREE_SHAPES):
            orders = [random.Random(k).sample(texts, len(texts)) for k in range(4)]
            threads = [threading.Thread(target=work, args=(o,)) for o in orders]
            for th in threads:
                th.start()
            for th in threads:
                th.join()
    finally:
        sys.setswitchinterval(interval)
    assert not failures, failures[:5]


def test_learn_shapes_switches_and_forgets() -> None:
    from tracecode.gs1.parse import learn_shapes

    text = f"01{G1}10ABC{GS}21XYZ"
    with book(learn=True) as b:
        parse(text)
        parse(text)
        assert b.shapes
        learn_shapes(False)
        assert not b.shapes and not hri_book().shapes and not uri_book().shapes
        for _ in range(3):
            parse(text)
        assert not b.shapes
        learn_shapes(True)
        for _ in range(2):
            parse(text)
        assert b.shapes
