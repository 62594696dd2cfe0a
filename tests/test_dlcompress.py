"""Tests of tracecode.gs1.dlcompress: GS1 Digital Link compression.

Cross-checked against the PyPI package gs1-compression (import name ``gs1``),
a Python port of GS1's JavaScript compression prototype.  Known defects of that
package are avoided where they would make a comparison meaningless:

* its decoder turns a variable-length numeric value into binary digits
  (``"{0:b}".format(...)`` in decode_binary_value), so data with AIs such as
  (30), (3922) or (8011) is only compared in the direction package -> tracecode;
* its decoder drops leading zeros of a text value sent as a number (e.g. a
  serial ``0012`` comes back as ``12``);
* its encoder crashes with ``use_optimizations=True`` whenever a code applies
  (TABLE_OPT holds lists where dicts are expected), so optimised data is only
  compared in the direction tracecode -> package;
* its encoder crashes on an empty variable-length numeric value (``int('')``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal, getcontext
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracecode._chars import CSET39, CSET64, CSET82, DIGITS
from tracecode.errors import TraceCodeError
from tracecode.gs1 import dlcompress
from tracecode.gs1.dictionary import get_dictionary
from tracecode.gs1.dlcompress import (
    Part,
    ai_format,
    compress,
    decompress,
    derive_parts,
    is_compressed_segment,
    length_bits,
    parse_tables,
    text_encoding,
    value_bits,
)

gs1_utils = pytest.importorskip("gs1.utils")
gs1_build = pytest.importorskip("gs1.compress.build_compressed_gs1_digital_link")
gs1_unbuild = pytest.importorskip("gs1.decompress.binary_to_gs1_ai_array")
gs1_constants = pytest.importorskip("gs1.constants")

Pairs = Sequence[tuple[str, str]]
HEX_UPPER = "0123456789ABCDEF"
HEX_LOWER = "0123456789abcdef"
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- the reference package, wrapped ------------------------------------------------------


def their_compress(pairs: Pairs, other: Pairs = ()) -> str:
    binary = gs1_build.compress_gs1_ai_array_to_binary(dict(pairs), False, dict(other))
    return str(gs1_utils.binary_to_base64(binary))


def their_decompress(segment: str) -> tuple[dict[str, str], dict[str, str]]:
    out = gs1_unbuild.decompress_binary_to_gs1_array(gs1_utils.base64_to_str(segment))
    ais = {k: v for k, v in out.items() if k.isdigit()}
    return ais, {k: v for k, v in out.items() if not k.isdigit()}


def canonical(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(pairs)


# --- worked examples -----------------------------------------------------------------------

# From the gs1-compression README (https://pypi.org/project/gs1-compression/):
# https://id.gs1.org/ARHKVAdpQg is https://id.gs1.org/01/09780345418913 and
# https://id.gs1.org/gtin/9421902960055/lot/2010005828/ser/xyz1234 compresses,
# without optimisation, to https://id.gs1.org/AREjalurbiAUO-cgohCz45Z67b8A.
WORKED = [
    ([("01", "09780345418913")], "ARHKVAdpQg"),
    (
        [("01", "09421902960055"), ("10", "2010005828"), ("21", "xyz1234")],
        "AREjalurbiAUO-cgohCz45Z67b8A",
    ),
]


@pytest.mark.parametrize(("pairs", "segment"), WORKED)
def test_worked_examples(pairs: list[tuple[str, str]], segment: str) -> None:
    assert compress(pairs, optimise=False) == segment
    assert decompress(segment) == (pairs, [])
    assert is_compressed_segment(segment)


def test_bit_layout_by_hand() -> None:
    # AI 01 as nibbles 0000 0001, then 9780345418913 in 47 bits, padded to 60 bits.
    bits = "00000001" + format(9780345418913, "047b")
    bits += "0" * (-len(bits) % 6)
    assert compress([("01", "09780345418913")]) == "".join(
        CSET64[int(bits[i : i + 6], 2)] for i in range(0, len(bits), 6)
    )
    # AI 10 "XYZ": nibbles 0001 0000, encoding 011 (base64), length 00011 in 5 bits
    # (X..20), then 6 bits a character.
    bits = "00010000" + "011" + "00011" + "".join(format(CSET64.index(c), "06b") for c in "XYZ")
    bits += "0" * (-len(bits) % 6)
    expected = "".join(CSET64[int(bits[i : i + 6], 2)] for i in range(0, len(bits), 6))
    assert compress([("10", "XYZ")]) == expected


def test_optimisation_codes() -> None:
    gtin = ("01", "09421902960055")
    # GTIN + batch + serial + expiry: one code (1A) instead of four AIs.
    full = [gtin, ("10", "ABC123"), ("21", "xyz"), ("17", "251231")]
    short = compress(full)
    assert len(short) < len(compress(full, optimise=False))
    assert short.startswith("Gh")  # 0001 1010 = code 1A
    assert decompress(short)[0] == [gtin, ("10", "ABC123"), ("21", "xyz"), ("17", "251231")]
    # A tie between 0B (01+10) and 0C (01+21) goes to the earlier code.
    assert decompress(compress([gtin, ("10", "A"), ("21", "B")]))[0][:2] == [gtin, ("10", "A")]
    # The code covering more AI digits wins: 2D (01+3103) over 0B (01+10).
    assert decompress(compress([gtin, ("10", "A"), ("3103", "000189")]))[0] == [
        gtin,
        ("3103", "000189"),
        ("10", "A"),
    ]


# --- helpers and tables --------------------------------------------------------------------


def test_value_bits_matches_exact_formula() -> None:
    getcontext().prec = 60
    log2_10 = Decimal(10).ln() / Decimal(2).ln()
    for n in range(300):
        exact = math.ceil(Decimal(n) * log2_10 + Decimal("0.01"))
        assert value_bits(n) == exact, n
    for n in range(1, 60):  # enough bits for every n-digit number
        assert value_bits(n) >= (10**n - 1).bit_length()


def test_length_bits_matches_formula() -> None:
    for m in range(1, 2000):
        # ceil(log2(m) + 0.01), exactly: the least b with 2**(b - 0.01) >= m
        expected = next(b for b in range(20) if Fraction(b) - Fraction(1, 100) >= _log2(m))
        assert length_bits(m) == expected, m


def _log2(m: int) -> Fraction:
    # log2 is exact for powers of two; otherwise any value strictly between the
    # neighbouring integers gives the same ceiling.
    if m & (m - 1) == 0:
        return Fraction(m.bit_length() - 1)
    return Fraction(m.bit_length() - 1) + Fraction(1, 2)


def test_text_encoding_prefers_the_smallest() -> None:
    assert text_encoding("0099") == 0
    assert text_encoding("00FF") == 2
    assert text_encoding("00ff") == 1
    assert text_encoding("Aa-_9") == 3
    assert text_encoding("a+b") == 4
    assert text_encoding("") == 4


def test_optimisation_table_equals_reference() -> None:
    ours = dlcompress.get_tables().optimisations
    theirs = {k: tuple(v) for k, v in gs1_constants.TABLE_OPT.items()}
    assert list(ours.items()) == list(theirs.items())


def _layout(parts: tuple[Part, ...]) -> list[tuple[bool, bool, int]]:
    # What decides the bits: kind, fixed or not, and the length or length-field width.
    return [(p.numeric, p.fixed, p.size if p.fixed else length_bits(p.size)) for p in parts]


def test_formats_agree_with_reference_table_f() -> None:
    d = get_dictionary()
    compared = 0
    for ai, spec in gs1_constants.TABLE_F.items():
        if ai not in d:
            continue
        theirs = tuple(Part(c["E"] == "N", "L" in c, int(c.get("L") or c["M"])) for c in spec)
        parts = ai_format(ai)
        assert parts is not None
        assert _layout(parts) == _layout(theirs), ai
        compared += 1
    assert compared == len(gs1_constants.TABLE_F)


def test_ai_lengths_agree_with_reference_table_p() -> None:
    lengths = dlcompress._ai_lengths()
    for prefix, size in gs1_constants.TABLE_P.items():
        if prefix in lengths:
            assert lengths[prefix] == size, prefix
    # and every AI of the dictionary has the length its first two digits say
    assert all(lengths[ai[:2]] == len(ai) for ai in get_dictionary())


def test_every_dictionary_ai_has_a_layout() -> None:
    for ai, entry in get_dictionary().items():
        parts = ai_format(ai)
        assert parts, ai
        assert sum(p.size for p in parts) >= entry.max_length or ai == "8007", ai


def test_derive_parts_rules() -> None:
    class C:
        def __init__(self, spec: str) -> None:
            self.optional = spec.startswith("[")
            spec = spec.strip("[]")
            self.type = spec[0]
            if ".." in spec:
                self.min, self.max = 1, int(spec[3:])
            else:
                self.min = self.max = int(spec[1:])

    def layout(spec: str) -> list[str]:
        return [p.spec() for p in derive_parts([C(s) for s in spec.split()])]

    assert layout("N1 N13 [X..16]") == ["N14", "X..16"]  # 8003
    assert layout("N14 N4") == ["N18"]  # 8006
    assert layout("N6 N2 [N2] [N2]") == ["N8", "N..4"]  # 8008
    assert layout("N3 [N3] [N3] [N3] [N3]") == ["N3", "N..12"]  # 423
    assert layout("N13 [N..12]") == ["N13", "N..12"]  # 255
    assert layout("N3 N..15") == ["N3", "N..15"]  # 3910
    assert layout("X2 X..28") == ["X..30"]  # 7230
    assert layout("N1 X1 X1 X1") == ["N1", "X3"]  # 7040
    assert layout("N6 [X1]") == ["N6", "X..1"]  # 4330


def test_bundled_tables_parse() -> None:
    tables = dlcompress.get_tables()
    assert tables.release == "prototype-2020"
    assert [p.spec() for p in tables.formats["8007"]] == ["X..31"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[optimisations]\n0B\n", "nothing follows"),
        ("[optimisations]\nF0 01 10\n", "bad optimisation code"),
        ("[optimisations]\n0B 01 1\n", "bad AI"),
        ("[optimisations]\n0B 01 01\n", "repeated"),
        ("[optimisations]\n0B 01 10\n0B 01 21\n", "given twice"),
        ("[formats]\n8007 Q..3\n", "bad part"),
        ("[formats]\n800-81 N1\n", "bad AI or AI range"),
        ("[formats]\n81-80 N1\n", "empty AI range"),
        ("[other]\n", "unknown section"),
        ("0B 01 10\n", "outside a section"),
    ],
)
def test_bad_tables(text: str, message: str) -> None:
    with pytest.raises(TraceCodeError) as info:
        parse_tables(text)
    assert info.value.code == "SPEC_SYNTAX"
    assert message in (info.value.detail or "")


# --- realistic data, cross-checked -----------------------------------------------------------

GTIN = "09506000134352"
REALISTIC: list[tuple[list[tuple[str, str]], list[tuple[str, str]]]] = [
    ([("01", GTIN)], []),
    ([("01", GTIN), ("10", "ABC123"), ("21", "12345"), ("17", "261231")], []),
    ([("01", GTIN), ("10", "abc-123_X"), ("21", "Ser!al*1"), ("15", "250101")], []),
    ([("01", GTIN), ("22", "2A"), ("10", "0abcdef"), ("21", "9F00")], []),
    ([("01", GTIN), ("3103", "000189"), ("7003", "2512312359")], []),
    ([("01", GTIN), ("11", "240101"), ("16", "240601"), ("91", "internal")], []),
    ([("00", "106141412345678908")], []),
    ([("00", "106141412345678908"), ("400", "PO-1234"), ("403", "ROUTE66")], []),
    ([("414", "9521321000010"), ("254", "32a%b")], []),
    ([("417", "9521321000010")], []),
    ([("8004", "95213210001"), ("8017", "952132100001234567")], []),
    ([("8003", "09521321000018AB-12")], []),
    ([("8003", "09521321000018")], []),
    ([("8018", "952132100001234567")], []),
    ([("8006", "095213210000180102"), ("10", "L1"), ("21", "S1")], []),
    ([("253", "9521321000010ABC"), ("8010", "A1B2"), ("240", "x")], []),
    ([("414", "9521321000010"), ("7007", "250101250105"), ("8008", "2501011230")], []),
    ([("01", GTIN), ("4330", "002000"), ("7240", "Protocol-1")], []),
    ([("01", GTIN), ("21", "1")], [("k1", "v1"), ("utm_source", "QR code & more")]),
    ([("01", GTIN)], [("a-b_C", "0123"), ("x", "")]),
]

# AIs whose values the reference decoder cannot return (variable-length numeric
# parts, empty optional parts) -- compared only in the direction package -> tracecode.
REALISTIC_ONE_WAY: list[list[tuple[str, str]]] = [
    [("01", GTIN), ("30", "12"), ("3922", "1234")],
    [("8010", "CP-1"), ("8011", "123")],
    [("8017", "952132100001234567"), ("8019", "42")],
    [("255", "9521321000010123")],
    [("01", GTIN), ("21", "0012")],  # leading zeros of a numeric-looking serial
    [("01", GTIN), ("242", "7"), ("7004", "12")],
]


def _is_safe_for_their_decoder(pairs: Pairs, other: Pairs = ()) -> bool:
    for ai, value in pairs:
        parts = ai_format(ai)
        assert parts is not None
        pos = 0
        for part in parts:
            piece = value[pos : pos + part.size] if part.fixed else value[pos:]
            pos += len(piece)
            if part.numeric and not part.fixed:
                return False
            if not part.numeric and len(piece) > 1 and piece.isdigit() and piece[0] == "0":
                return False
    return all(not (len(v) > 1 and v.isdigit() and v[0] == "0") for _, v in other)


@pytest.mark.parametrize(("pairs", "other"), REALISTIC)
def test_realistic_cross_check(pairs: list[tuple[str, str]], other: list[tuple[str, str]]) -> None:
    ours = compress(pairs, optimise=False, other=other)
    if all(ai in gs1_constants.TABLE_F for ai, _ in pairs):
        assert ours == their_compress(pairs, other), "byte-identical with the reference"
        assert decompress(their_compress(pairs, other)) == (canonical(pairs), other)
    if _is_safe_for_their_decoder(pairs, other) and all(
        ai in gs1_constants.TABLE_F for ai, _ in pairs
    ):
        for optimise in (False, True):
            segment = compress(pairs, optimise=optimise, other=other)
            assert their_decompress(segment) == (dict(pairs), dict(other))
    for optimise in (False, True):
        got_pairs, got_other = decompress(compress(pairs, optimise=optimise, other=other))
        assert sorted(got_pairs) == sorted(pairs)
        assert got_other == other


@pytest.mark.parametrize("pairs", REALISTIC_ONE_WAY)
def test_realistic_one_way(pairs: list[tuple[str, str]]) -> None:
    theirs = their_compress(pairs)
    assert compress(pairs, optimise=False) == theirs
    assert decompress(theirs) == (canonical(pairs), [])
    assert sorted(decompress(compress(pairs))[0]) == sorted(pairs)


def test_empty_optional_numeric_part() -> None:
    # 255 without its optional serial: an empty N..12 is a 4-bit length 0 and
    # one 0 bit (the standard's formula gives one bit for zero digits).
    segment = compress([("255", "9521321000010")])
    assert decompress(segment) == ([("255", "9521321000010")], [])
    assert decompress(compress([("7007", "250101")])) == ([("7007", "250101")], [])


def test_leading_zeros_survive() -> None:
    for serial in ("0", "00", "0012", "000000000000000000001"[:20]):
        pairs = [("01", GTIN), ("21", serial)]
        assert decompress(compress(pairs, optimise=False))[0] == pairs
    assert decompress(compress([("30", "0007")]))[0] == [("30", "0007")]


def test_order_of_input_does_not_matter() -> None:
    a = [("01", GTIN), ("10", "B1"), ("21", "S1"), ("17", "260101"), ("3103", "000500")]
    assert compress(a) == compress(list(reversed(a)))


# --- generated data ----------------------------------------------------------------------------

_ALPHABETS = [DIGITS, HEX_UPPER, HEX_LOWER, CSET64, CSET82]


def _charset(ai: str) -> str:
    types = {c.type for c in get_dictionary()[ai].components}
    if "Y" in types:
        return CSET39
    if "Z" in types:
        return CSET64
    return CSET82


@st.composite
def ai_value(draw: st.DrawFn, ai: str, *, allow_empty: bool = True) -> str:
    parts = ai_format(ai)
    assert parts is not None
    base = _charset(ai)
    out = []
    for part in parts:
        if part.fixed:
            lo = hi = part.size
        else:
            lo, hi = (0 if allow_empty else 1), part.size
        if part.numeric:
            alphabet = DIGITS
        else:
            alphabet = "".join(c for c in draw(st.sampled_from(_ALPHABETS)) if c in base) or base
        out.append(draw(st.text(alphabet, min_size=lo, max_size=hi)))
    return "".join(out)


@st.composite
def ai_data(draw: st.DrawFn, ais: list[str], *, allow_empty: bool = True) -> list[tuple[str, str]]:
    chosen = draw(st.lists(st.sampled_from(ais), min_size=1, max_size=6, unique=True))
    return [(ai, draw(ai_value(ai, allow_empty=allow_empty))) for ai in chosen]


# AIs both implementations know; 8007 is limited to the prototype's 24 characters there.
_COMMON = sorted(ai for ai in gs1_constants.TABLE_F if ai in get_dictionary() and ai != "8007")
_ALL = sorted(get_dictionary())
# AIs more likely to meet optimisation codes
_OPT_AIS = sorted({ai for seq in dlcompress.get_tables().optimisations.values() for ai in seq})

other_pairs = st.lists(
    st.tuples(
        st.text(CSET64, min_size=1, max_size=20).filter(lambda k: not k.isdigit()),
        st.one_of(
            st.text(st.sampled_from([chr(i) for i in range(0x20, 0x7F)]), max_size=40),
            st.text(DIGITS, max_size=20),
        ),
    ),
    max_size=3,
    unique_by=lambda kv: kv[0],
)


@FAST
@given(ai_data(_COMMON, allow_empty=False), other_pairs)
def test_their_compress_our_decompress(
    pairs: list[tuple[str, str]], other: list[tuple[str, str]]
) -> None:
    theirs = their_compress(pairs, other)
    assert compress(pairs, optimise=False, other=other) == theirs
    assert decompress(theirs) == (canonical(pairs), other)


@FAST
@given(
    st.one_of(ai_data(_COMMON, allow_empty=False), ai_data(_OPT_AIS, allow_empty=False)),
    other_pairs,
    st.booleans(),
)
def test_our_compress_their_decompress(
    pairs: list[tuple[str, str]], other: list[tuple[str, str]], optimise: bool
) -> None:
    if not _is_safe_for_their_decoder(pairs, other):
        pairs = [(ai, v) for ai, v in pairs if _is_safe_for_their_decoder([(ai, v)])] or [
            ("01", GTIN)
        ]
        other = [(k, v) for k, v in other if _is_safe_for_their_decoder([], [(k, v)])]
    assert their_decompress(compress(pairs, optimise=optimise, other=other)) == (
        dict(pairs),
        dict(other),
    )


@FAST
@given(st.one_of(ai_data(_ALL), ai_data(_OPT_AIS)), other_pairs, st.booleans())
def test_round_trip(
    pairs: list[tuple[str, str]], other: list[tuple[str, str]], optimise: bool
) -> None:
    segment = compress(pairs, optimise=optimise, other=other)
    assert set(segment) <= set(CSET64)
    assert is_compressed_segment(segment) or segment.isdigit()
    got, got_other = decompress(segment)
    assert sorted(got) == sorted(pairs)
    assert got_other == other
    # decompressing and compressing again gives the same text
    assert compress(got, optimise=optimise, other=got_other) == segment


# --- malformed input -----------------------------------------------------------------------------


def _attempt(
    segment: str,
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]] | TraceCodeError:
    try:
        return decompress(segment)
    except TraceCodeError as e:
        return e


def _expect_invalid(segment: str) -> TraceCodeError:
    with pytest.raises(TraceCodeError) as info:
        decompress(segment)
    assert info.value.code == "DL_INVALID_COMPRESSION"
    return info.value


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_arbitrary_text_never_crashes(text: str) -> None:
    got = _attempt(text)
    if isinstance(got, TraceCodeError):
        assert got.code == "DL_INVALID_COMPRESSION"
        assert got.position is not None
        assert 0 <= got.position <= max(len(text) - 1, 0)


@settings(max_examples=1000, deadline=None)
@given(st.text(CSET64, max_size=60))
def test_arbitrary_base64_never_crashes(text: str) -> None:
    got = _attempt(text)
    if isinstance(got, TraceCodeError):
        assert got.code == "DL_INVALID_COMPRESSION"
        assert got.position is not None
        assert 0 <= got.position < max(len(text), 1)
        assert not is_compressed_segment(text)
    else:
        # whatever decodes re-encodes to the same data
        pairs, other = got
        assert sorted(decompress(compress(pairs, optimise=False, other=other))[0]) == sorted(pairs)


@pytest.mark.parametrize(("pairs", "other"), REALISTIC)
def test_truncated_segments_are_rejected(
    pairs: list[tuple[str, str]], other: list[tuple[str, str]]
) -> None:
    # The format has no length field or terminator: a cut that falls on an
    # element boundary (followed only by zero bits) leaves valid, shorter data.
    segment = compress(pairs, other=other)
    full_pairs, full_other = decompress(segment)
    for end in range(len(segment)):
        got = _attempt(segment[:end])
        if isinstance(got, TraceCodeError):
            assert got.code == "DL_INVALID_COMPRESSION"
            assert got.position is not None
            assert 0 <= got.position < max(end, 1)
        else:
            got_pairs, got_other = got
            assert (got_pairs, got_other) != (full_pairs, full_other)
            if got_other:
                assert got_pairs == full_pairs
                assert got_other == full_other[: len(got_other)]
            else:
                assert got_pairs == full_pairs[: len(got_pairs)]


def test_empty_and_bad_characters() -> None:
    assert _expect_invalid("").position == 0
    assert _expect_invalid("ARHK=VAdpQg").position == 4
    assert _expect_invalid("ARHK VAdpQg").position == 4
    assert _expect_invalid("ARHK/VAdpQg").position == 4
    assert _expect_invalid("ＡRHKVAdpQg").position == 0


def _segment(bits: str) -> str:
    bits += "0" * (-len(bits) % 6)
    return "".join(CSET64[int(bits[i : i + 6], 2)] for i in range(0, len(bits), 6))


def test_structural_errors() -> None:
    gtin_bits = format(9780345418913, "047b")
    # AI prefix 04 is unassigned
    assert "no AI starts with 04" in (_expect_invalid(_segment("00000100" + "0" * 60)).detail or "")
    # a 4-digit AI with a hex nibble: 31 0A
    assert "not all digits" in (
        _expect_invalid(_segment("0011000100001010" + "0" * 30)).detail or ""
    )
    # reserved optimisation code D0
    assert "code D0" in (_expect_invalid(_segment("11010000" + "1" * 20)).detail or "")
    # a 14-digit number over 99999999999999
    e = _expect_invalid(_segment("00000001" + "1" * 47))
    assert "more than 14 digits" in (e.detail or "")
    assert e.ai == "01"
    # AI 01 twice
    assert "more than once" in (
        _expect_invalid(_segment(("00000001" + gtin_bits) * 2)).detail or ""
    )
    # non-zero padding
    good = "00000001" + gtin_bits  # 55 bits -> 5 padding bits
    assert _segment(good) == "ARHKVAdpQg"
    assert "padding" in (_expect_invalid(_segment(good + "1")).detail or "")
    # AI 10 with length 21 > 20
    e = _expect_invalid(_segment("00010000" + "011" + "10101" + "0" * 126))
    assert "exceeds 20" in (e.detail or "")
    # encoding indicator 101
    assert "encoding indicator" in (
        _expect_invalid(_segment("00010000" + "101" + "00001" + "0" * 7)).detail or ""
    )
    # a control character in an AI value (7-bit ASCII 0x0A)
    assert "control" in (
        _expect_invalid(_segment("00010000" + "100" + "00001" + "0001010")).detail or ""
    )
    # an all-digit non-GS1 key ("1" = 110101)
    bits = "1111" + "0000001" + "110101" + "000" + "0000000"
    assert "all digits" in (_expect_invalid(_segment(bits)).detail or "")
    # an empty non-GS1 key
    assert "empty" in (
        _expect_invalid(_segment("1111" + "0000000" + "000" + "0" * 7 + "0" * 8)).detail or ""
    )


def test_padding_of_up_to_eight_zero_bits_is_accepted() -> None:
    # The prototype stops reading when 8 or fewer bits remain, so an extra "A"
    # (6 zero bits) after 2 padding bits still decodes; after 5 it does not.
    segment = compress([("11", "240101")])  # 8 + 20 bits: 2 padding bits
    assert decompress(segment + "A") == ([("11", "240101")], [])
    assert decompress("ARHKVAdpQg") == ([("01", "09780345418913")], [])  # 5 padding bits
    _expect_invalid("ARHKVAdpQgA")


def test_is_compressed_segment() -> None:
    assert is_compressed_segment("ARHKVAdpQg")
    for seg in (
        "",
        "01",
        "8004",
        "09780345418913",
        "gtin",
        "ARHKVAdpQg=",
        "ARHK/VAdpQg",
        "ARHKVAdp",
    ):
        assert not is_compressed_segment(seg), seg


# --- what compress refuses ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pairs", "other", "code"),
    [
        ([("9", "1")], [], "UNKNOWN_AI"),
        ([("04", "1")], [], "UNKNOWN_AI"),
        ([("01", GTIN), ("01", GTIN)], [], "DL_DUPLICATE_AI"),
        ([("01", "0950600013435")], [], "AI_DATA_TOO_SHORT"),
        ([("01", "095060001343521")], [], "AI_DATA_TOO_LONG"),
        ([("01", "0950600013435A")], [], "INVALID_CHARACTER"),
        ([("01", "0950600013435٣")], [], "NON_ASCII_DIGIT"),
        ([("10", "A" * 21)], [], "AI_DATA_TOO_LONG"),
        ([("10", "é")], [], "INVALID_CHARACTER"),
        ([("10", "a\nb")], [], "INVALID_CHARACTER"),
        ([("8007", "GB" + "1" * 30)], [], "AI_DATA_TOO_LONG"),
        ([("01", GTIN)], [("", "v")], "EMPTY_INPUT"),
        ([("01", GTIN)], [("a.b", "v")], "INVALID_CHARACTER"),
        ([("01", GTIN)], [("k" * 128, "v")], "TOO_LONG"),
        ([("01", GTIN)], [("k", "v" * 128)], "TOO_LONG"),
        ([("01", GTIN)], [("k", "ü")], "INVALID_CHARACTER"),
        ([("01", GTIN)], [("123", "v")], "INVALID_FORMAT"),
    ],
)
def test_compress_rejects(
    pairs: list[tuple[str, str]], other: list[tuple[str, str]], code: str
) -> None:
    with pytest.raises(TraceCodeError) as info:
        compress(pairs, other=other)
    assert info.value.code == code


def test_iban_up_to_31_characters() -> None:
    iban = "GB" + "1" * 29
    assert decompress(compress([("8007", iban)]))[0] == [("8007", iban)]
