"""The fast paths give exactly what the full engine and the full ranking give.

* ``detect_best`` / ``best_reading`` (what ``tracecode.validate`` uses) pick the same
  scheme, validity, errors and warnings as ``detect()[0]``;
* ``detect()`` itself equals the reference ranking below (the algorithm as it was
  before plans and early stops: every scheme's ``compact`` + hint, full parse);
* ``Scheme.parse`` (fast path for valid fixed-layout codes) equals ``parse_full``;
* ``compact_text`` equals ``compact``;
* ``tracecode.validate`` reports what it reported with the full ranking.

Inputs: codes from every scheme's generator, mutations of them (wrapped in URLs,
spaced, lower-cased, characters replaced, inserted, deleted), GS1 data in every
representation, and arbitrary text.  No timing here: see ``bench/bench_detect.py``.
"""

from __future__ import annotations

import contextlib
import random
import re
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import tracecode
from tracecode import _api, checksum, gs1
from tracecode._chars import is_digits
from tracecode.errors import TraceCodeError
from tracecode.gs1.message import GS1Message
from tracecode.scheme import SchemeCode, _engine, detect, detect_best, get_scheme, schemes
from tracecode.scheme._engine import MAX_INPUT, assemble, compact, parse, parse_full
from tracecode.scheme._engine import _random_value as random_value
from tracecode.scheme._fast import compact_text, normalise, parse_valid, plan_for, text_kind
from tracecode.scheme.detect import (
    GS1_PRIORITY_BARE,
    GS1_PRIORITY_ELEMENT_STRING,
    GS1_PRIORITY_EXPLICIT,
    VALID_BONUS,
    best_reading,
)

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
IDS = [s.id for s in schemes()]
TYPICAL = [
    "81773220288616423835",
    "91110000600037341L",
    "http://www.sdakzw.com/nyzs/10929272000000000000000000000000",
    "https://id.gs1.org/01/09506000134352/10/ABC123/21/XYZ?17=261231",
]


# -- the reference: detection as it was, without plans or early stops -----------------

_WS = " \t\r\n\f\v"
_SYMBOLOGY = re.compile(r"\][A-Za-z][0-9A-Za-z]")
_URL = re.compile(r"[Hh][Tt][Tt][Pp][Ss]?://")
_CONFIDENCE_BONUS = {"confirmed": 2, "partial": 0, "unverified": -2}

#: (score, scheme, reason, valid, code, errors, warnings)
Reading = tuple[int, str, str, bool, Any, tuple[TraceCodeError, ...], tuple[TraceCodeError, ...]]


def _reference_gs1(text: str) -> Reading | None:
    explicit = (
        text.startswith("(")
        or _SYMBOLOGY.match(text) is not None
        or "\x1d" in text
        or (text[:1] == "^" and len(text) > 1)
    )
    is_url = _URL.match(text) is not None
    bare = is_digits(text) and len(text) in (8, 12, 13, 14)
    if bare:
        alg = checksum.get("gs1-mod10")
        if not alg.verify(text):
            try:
                alg.validate(text)
            except TraceCodeError as err:
                return (
                    0,
                    "gs1",
                    "bare GTIN length, but the check digit is wrong",
                    False,
                    None,
                    (err,),
                    (),
                )
        msg = gs1.parse(text, lenient=True)
        score = GS1_PRIORITY_BARE + (VALID_BONUS if msg.valid else 0)
        reason = f"a GTIN-{len(text)} with a valid check digit"
        return (score, "gs1", reason, msg.valid, msg, tuple(msg.errors), ())
    if not (explicit or is_url or (is_digits(text[:2]) and len(text) >= 16)):
        return None
    try:
        msg = gs1.parse(text, lenient=True)
    except TraceCodeError as err:
        if explicit:
            reason = "GS1 syntax, but it cannot be parsed"
            return (GS1_PRIORITY_EXPLICIT, "gs1", reason, False, None, (err,), ())
        return None
    score = GS1_PRIORITY_EXPLICIT + (VALID_BONUS if msg.valid else 0)
    if is_url:
        if not msg.elements:
            return None
        # a Digital Link primary key makes it GS1 data, valid or not (spec/detection.md)
        score = GS1_PRIORITY_EXPLICIT + VALID_BONUS
        return (score, "gs1", "a GS1 Digital Link URI", msg.valid, msg, tuple(msg.errors), ())
    if explicit:
        reason = "GS1 application-identifier syntax"
        return (score, "gs1", reason, msg.valid, msg, tuple(msg.errors), ())
    if not msg.valid or not msg.elements:
        return None
    first = msg.elements[0].entry
    if first is None or first.dlpkey is None:
        return None
    reason = "an unbracketed GS1 element string: identification key first, parses completely"
    return (GS1_PRIORITY_ELEMENT_STRING + VALID_BONUS, "gs1", reason, True, msg, (), ())


def reference_detect(text: str) -> list[Reading]:
    """Every reading, ranked, computed the long way."""
    if len(text) > MAX_INPUT:
        detail = f"limit {MAX_INPUT}"
        raise tracecode.errors.make_error("INPUT_TOO_LONG", position=MAX_INPUT, detail=detail)
    stripped = text.strip(_WS)
    if not stripped:
        raise tracecode.errors.make_error("EMPTY_INPUT")
    found: list[Reading] = []
    g = _reference_gs1(stripped)
    if g is not None:
        found.append(g)
    for scheme in schemes():
        form = compact(scheme, text)
        hint = scheme.detect.hint
        if hint is not None and re.fullmatch(hint, form) is None:
            continue
        bonus = _CONFIDENCE_BONUS[scheme.confidence]
        if any(form.startswith(p) for p in scheme.detect.prefer_prefixes):
            bonus += 5
        base = scheme.detect.priority
        try:
            code = parse_full(scheme, text, lenient=True)
        except TraceCodeError as err:
            found.append((base + bonus, scheme.id, scheme.detect.reason, False, None, (err,), ()))
            continue
        bonus -= 10 * sum(1 for w in code.warnings if w.code != "CHECK_NOT_VERIFIED")
        score = base + bonus + (VALID_BONUS if code.valid else 0)
        found.append(
            (score, scheme.id, scheme.detect.reason, code.valid, code, code.errors, code.warnings)
        )
    found.sort(key=lambda r: (-r[0], r[1]))
    return found


# -- comparable signatures ------------------------------------------------------------


def err_sig(err: BaseException) -> tuple[object, ...]:
    if isinstance(err, TraceCodeError):
        return (type(err).__name__, err.to_dict("en"), err.message("zh"), err.expected, err.found)
    return (type(err).__name__, str(err))


def code_sig(code: object) -> tuple[object, ...]:
    if code is None:
        return (None,)
    if isinstance(code, SchemeCode):
        return (
            "scheme",
            code.scheme,
            code.text,
            code.code,
            code.segments,
            code.checks,
            [err_sig(e) for e in code.errors],
            [err_sig(w) for w in code.warnings],
            code.url,
            code.spec,
        )
    assert isinstance(code, GS1Message)
    return (
        "gs1",
        code.elements,
        code.symbology,
        [err_sig(e) for e in code.errors],
        code.other_query,
    )


def reading_sig(r: Reading) -> tuple[object, ...]:
    score, scheme, reason, valid, code, errors, warnings = r
    return (
        score,
        scheme,
        reason,
        valid,
        code_sig(code),
        [err_sig(e) for e in errors],
        [err_sig(w) for w in warnings],
    )


def candidate_sig(c: Any) -> tuple[object, ...]:
    sig = reading_sig((c.score, c.scheme, c.reason, c.valid, c.code, c.errors, c.warnings))
    return (*sig, c.rank)


def outcome(fn: Any, *args: Any, **kw: Any) -> tuple[str, Any]:
    try:
        return "ok", fn(*args, **kw)
    except (TraceCodeError, TypeError) as err:
        return "raised", err_sig(err)


# -- inputs ---------------------------------------------------------------------------


def generated(scheme_id: str, rng: random.Random) -> str:
    """A valid code of the scheme, optional segments sometimes filled."""
    s = get_scheme(scheme_id)
    check_names = {c.check for c in s.checks}
    values = {
        seg.name: random_value(s, seg, rng)
        for seg in s.segments
        if seg.optional and seg.name not in check_names and rng.random() < 0.5
    }
    if s.check_algorithm == "opaque" and not s.segment(s.checks[0].check).optional:
        seg = s.segment(s.checks[0].check)
        check = "".join(rng.choice(seg.alphabet) for _ in range(seg.max_length))
        return s.generate(values, rng=rng, check=check).code
    return s.generate(values, rng=rng).code


def segment_variant(scheme_id: str, rng: random.Random) -> str:
    """A generated code with one segment value changed, check characters recomputed.

    Enumerated values with a warning (legacy values), values outside a range,
    impossible dates, random values: the codes the fast path must hand over.
    """
    s = get_scheme(scheme_id)
    code = parse_full(s, generated(scheme_id, rng))
    values = {p.name: p.value for p in code.segments}
    seg = s.segment(rng.choice(list(values)))
    old = values[seg.name]
    width = len(old)
    choices = [v.value for v in seg.values]
    if seg.range is not None:
        lo, hi = seg.range
        choices += [
            f"{max(lo - 1, 0):0{width}d}",
            f"{hi + 1:0{width}d}"[-width:],
            f"{lo:0{width}d}",
        ]
    if seg.date is not None:
        choices += ["20231301", "20230230", "19000101", "231301", "230000", "202313"]
    alphabet = seg.alphabet or "abc"
    choices += ["".join(rng.choice(alphabet) for _ in range(width)) for _ in range(3)]
    choices += [old.lower(), old[:-1], old + old[:1]]
    values[seg.name] = rng.choice(choices)
    for rule in s.checks:
        if rule.algorithm == "opaque" or seg.name == rule.check or rng.random() < 0.2:
            continue
        with contextlib.suppress(TraceCodeError, KeyError):
            body = "".join(values[n] for n in rule.body)
            values[rule.check] = checksum.compute(rule.algorithm, body)
    return assemble(s, values)


_POOL = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcz .-/:?#()^]\x1d\n\r\\\u3000５٣：品\x00"


def mutate(text: str, rng: random.Random) -> str:
    """One to three edits of the kind real inputs suffer."""
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(10)
        i = rng.randrange(len(text) + 1)
        if op == 0 and text:  # replace a character
            i = min(i, len(text) - 1)
            text = text[:i] + rng.choice(_POOL) + text[i + 1 :]
        elif op == 1:  # insert one
            text = text[:i] + rng.choice(_POOL) + text[i:]
        elif op == 2 and text:  # delete one
            text = text[:i] + text[i + 1 :]
        elif op == 3:  # wrap in a URL, as scanned from a QR code
            head = rng.choice(["http://www.sdakzw.com/nyzs/", "https://e.cn/a/b/", "HTTP://X.CN/"])
            text = head + text + rng.choice(["", "/", "?batch=1", "#x", "//"])
        elif op == 4:  # display separators and case
            text = " ".join(text[k : k + 4] for k in range(0, len(text), 4))
            text = text.lower() if rng.random() < 0.5 else text.replace(" ", "-")
        elif op == 5:  # surrounding white space
            text = rng.choice([" ", "\t", "\n", "\r\n"]) + text + rng.choice(["", " ", "\n"])
        elif op == 6:  # line breaks written as \n, or CR LF
            text = text.replace("\n", rng.choice(["\\n", "\r\n", "\r"]))
        elif op == 7:  # truncate or repeat
            text = text[: rng.randrange(len(text) + 1)] if rng.random() < 0.5 else text + text
        elif op == 8:  # change a digit
            digits = [k for k, ch in enumerate(text) if ch.isdigit()]
            if digits:
                k = rng.choice(digits)
                text = text[:k] + str((int(text[k]) + rng.randint(1, 9)) % 10) + text[k + 1 :]
        else:  # full-width forms
            text = text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    return text


@st.composite
def scheme_inputs(draw: st.DrawFn) -> str:
    rng = draw(st.randoms(use_true_random=False))
    scheme_id = draw(st.sampled_from(IDS))
    text = generated(scheme_id, rng)
    form = draw(st.integers(0, 6))
    if form == 6:
        text = segment_variant(scheme_id, rng)
    elif form == 1:  # as the last path segment of a URL
        text = rng.choice(["http://www.sdakzw.com/nyzs/", "https://x.cn/q/"]) + text
        text += rng.choice(["", "/", "?a=1", "#f"])
    elif form == 2:
        text = " ".join(text[k : k + 4] for k in range(0, len(text), 4))
        text = text.lower() if rng.random() < 0.5 else text
    elif form == 3:
        text = text.replace("\n", "\\n")
    elif form >= 4:
        text = mutate(text, rng)
    return text


def _mod10(body: str) -> str:
    return checksum.compute("gs1-mod10", body)


@st.composite
def gs1_inputs(draw: st.DrawFn) -> str:
    rng = draw(st.randoms(use_true_random=False))
    length = draw(st.sampled_from([8, 12, 13, 14]))
    prefix = draw(st.sampled_from(["", "869", "0", "69", "8"]))
    body = (prefix + "".join(rng.choice("0123456789") for _ in range(length)))[: length - 1]
    gtin = body + _mod10(body)
    if draw(st.booleans()) and rng.random() < 0.3:
        gtin = gtin[:-1] + str((int(gtin[-1]) + 1) % 10)
    g14 = gtin.zfill(14)
    lot = "".join(rng.choice("ABC123xyz") for _ in range(rng.randint(1, 8)))
    date = f"{rng.randint(0, 40):02d}{rng.randint(0, 13):02d}{rng.randint(0, 31):02d}"
    forms = [
        gtin,
        f"(01){g14}(17){date}(10){lot}",
        f"01{g14}17{date}10{lot}\x1d21{lot}",
        f"01{g14}10{lot}",
        f"]C101{g14}10{lot}",
        f"]d201{g14}17{date}",
        f"^01{g14}",
        f"https://id.gs1.org/01/{g14}/10/{lot}/21/{lot}?17={date}",
        f"HTTPS://ID.GS1.ORG/01/{g14}",
        f"http://example.com/01/{g14}?3103=000123",
        f"https://example.com/x/{lot}",
        f"91{g14}{lot}",
        f"00{g14}{g14[:4]}",
        f"010{g14[:13]}21{lot}",
    ]
    text = draw(st.sampled_from(forms))
    if draw(st.integers(0, 3)) == 0:
        text = mutate(text, rng)
    return text


ARBITRARY = st.one_of(
    st.text(
        alphabet=st.sampled_from(
            list(_POOL + "hHtTpPsS品种名称生产经营者名称单元识别代码追溯网址")
        ),
        max_size=80,
    ),
    st.text(max_size=40),
    st.from_regex(r"[0-9]{5,34}", fullmatch=True),
    st.from_regex(r"[0-9A-Za-z -]{16,22}", fullmatch=True),
)

ANY_INPUT = st.one_of(scheme_inputs(), gs1_inputs(), ARBITRARY)


# -- properties -----------------------------------------------------------------------


def _check_detection(text: str) -> None:
    ref = outcome(reference_detect, text)
    new = outcome(detect, text)
    best = outcome(detect_best, text)
    tup = outcome(best_reading, text)
    assert new[0] == ref[0] == best[0] == tup[0], (text[:200], ref, new)
    if ref[0] == "raised":
        assert new[1] == ref[1] == best[1] == tup[1]
        return
    ref_sigs = [(*reading_sig(r), i + 1) for i, r in enumerate(ref[1])]
    assert [candidate_sig(c) for c in new[1]] == ref_sigs, text
    if not ref_sigs:
        assert best[1] is None and tup[1] is None
        return
    assert candidate_sig(best[1]) == ref_sigs[0]
    assert best[1] == new[1][0]  # the Candidate record itself (scheme, reason, valid, score, rank)
    assert (*reading_sig(tup[1]), 1) == ref_sigs[0]


def _reference_best(text: str) -> Reading | None:
    found = reference_detect(text)
    return found[0] if found else None


def report_sig(r: tracecode.Report) -> tuple[object, ...]:
    return (
        r.input,
        r.valid,
        r.scheme,
        [err_sig(e) for e in r.errors],
        [err_sig(w) for w in r.warnings],
        code_sig(r.code),
        r.profile,
        r.to_dict("zh"),
    )


def _reference_candidate(text: str) -> Any:
    best = _reference_best(text)
    if best is None:
        return None
    return SimpleNamespace(scheme=best[1], valid=best[3], code=best[4], errors=best[5])


def _reference_api() -> contextlib.ExitStack:
    """tracecode.validate/parse as before: the general path, with the reference ranking."""
    stack = contextlib.ExitStack()
    stack.enter_context(mock.patch.object(_api, "_best_reading", _reference_best))
    stack.enter_context(mock.patch.object(_api, "_SCHEME_MODULE", []))  # no plain-call path
    stack.enter_context(mock.patch.object(tracecode.scheme, "detect_best", _reference_candidate))
    return stack


def _check_validate(text: str) -> None:
    new = report_sig(tracecode.validate(text))
    with _reference_api():
        ref = report_sig(tracecode.validate(text))
    assert new == ref, text
    new_parse = outcome(tracecode.parse, text, lenient=True)
    with _reference_api():
        ref_parse = outcome(tracecode.parse, text, lenient=True)
    if new_parse[0] == "ok" and ref_parse[0] == "ok":
        assert code_sig(new_parse[1]) == code_sig(ref_parse[1])
    else:
        assert new_parse == ref_parse


def _check_schemes(text: str) -> None:
    for scheme in schemes():
        full = outcome(parse_full, scheme, text, lenient=True)
        fast = outcome(parse, scheme, text, lenient=True)
        assert fast[0] == full[0], (scheme.id, text)
        if full[0] == "ok":
            assert code_sig(fast[1]) == code_sig(full[1]), (scheme.id, text)
            shortcut = parse_valid(scheme, text)
            if shortcut is not None:  # only ever for valid codes, and the same code
                assert full[1].valid
                assert code_sig(shortcut) == code_sig(full[1])
        else:
            assert fast[1] == full[1]
        strict_full = outcome(parse_full, scheme, text)
        strict = outcome(scheme.parse, text)
        assert strict[0] == strict_full[0]
        if strict[0] == "ok":
            assert code_sig(strict[1]) == code_sig(strict_full[1])
        else:
            assert strict[1] == strict_full[1]
        if len(text) <= MAX_INPUT:
            assert compact_text(plan_for(scheme), text) == compact(scheme, text), scheme.id


@pytest.mark.parametrize("text", TYPICAL)
def test_typical_inputs(text: str) -> None:
    _check_detection(text)
    _check_validate(text)
    _check_schemes(text)
    assert tracecode.validate(text).valid


@SETTINGS
@given(text=scheme_inputs())
@example(text="91350100M000100Y4Z")
@example(text="9135 0100-m000 100y 43")
@example(text="21603101012006010101")
@example(text="01069012345678921012")
@example(text="86900000000010")
@example(text="SC10135010000015")
@example(text="郑单958\\n示例种业有限公司\\nABC123\\nhttps://example.com/t?id=ABC123")
def test_detection_on_scheme_codes(text: str) -> None:
    _check_detection(text)
    _check_validate(text)


@SETTINGS
@given(text=gs1_inputs())
@example(text="6901234567892")
@example(text="6901234567893")
@example(text="(01)09506000134353")
@example(text="]C1")
@example(text="^")
def test_detection_on_gs1_data(text: str) -> None:
    _check_detection(text)
    _check_validate(text)


@SETTINGS
@given(text=ARBITRARY)
@example(text="")
@example(text=" \t\n")
@example(text="\x00")
@example(text="x" * (MAX_INPUT + 1))
@example(text="\\n\\n\\n")
@example(text="a\rb\r\nc\\nd")
def test_detection_on_arbitrary_text(text: str) -> None:
    _check_detection(text)
    _check_validate(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ANY_INPUT)
@example(text="5380512A00101")
@example(text="215010890201500098")
@example(text="2150 1089-0201 5000 98")
@example(text="201906011234500000000001")
@example(text="http://www.sdakzw.com/nyzs/10929272000000000000000000000000/")
@example(text="http://www.sdakzw.com/nyzs/1-0929272000000000000000000000000")
@example(text="MA.156.M0.100761.21234561.Sx00008.M220117.C3")
def test_scheme_parse_fast_path_equals_full_engine(text: str) -> None:
    _check_schemes(text)


URLISH = st.builds(
    lambda head, host, port, tail: head + host + port + tail,
    st.sampled_from(["http://", "HTTPS://", "hTtP://", "ftp://", "http:/", "", " http://"]),
    st.text(alphabet="ab.-1%~_:/ ", max_size=6),
    st.sampled_from(["", ":80", ":123456", ":"]),
    st.text(alphabet="ab0123456789/?#:.%\n\r 品", max_size=40),
)


@settings(max_examples=500, deadline=None)
@given(text=st.one_of(URLISH, ARBITRARY, scheme_inputs()))
def test_normalise_equals_engine(text: str) -> None:
    # text, offsets and URL of every non-line scheme's normal form, as the engine has them
    for scheme in schemes():
        if scheme.layout == "lines":
            continue
        norm = _engine._normalise(scheme, text)
        t, base, url, affine = normalise(plan_for(scheme), text)
        assert (t, url) == (norm.text, norm.url), scheme.id
        if affine:
            assert [base + i for i in range(len(t))] == list(norm.index), scheme.id
        else:
            assert scheme.remove and len(norm.index) == len(t), scheme.id


def test_non_text_input_is_rejected_alike() -> None:
    for bad in (None, 12, b"81773220288616423835"):
        assert outcome(detect, bad)[0] == outcome(detect_best, bad)[0] == "raised"
        for scheme in schemes():
            assert outcome(parse, scheme, bad) == outcome(parse_full, scheme, bad)


def test_plans_score_as_the_ranking_does() -> None:
    from tracecode.scheme import _fast

    assert _fast._VALID_BONUS == VALID_BONUS
    assert _fast._CONFIDENCE_BONUS == _CONFIDENCE_BONUS
    for scheme in schemes():
        plan = plan_for(scheme)
        bonus = _CONFIDENCE_BONUS[scheme.confidence] + (5 if scheme.detect.prefer_prefixes else 0)
        assert plan.upper_bound == scheme.detect.priority + bonus + VALID_BONUS


def test_plans_filter_only_impossible_schemes() -> None:
    # the pre-filter is a necessary condition of the hint matching the compact form
    rng = random.Random(5)
    for scheme_id in IDS:
        plan = plan_for(get_scheme(scheme_id))
        for _ in range(40):
            text = generated(scheme_id, rng)
            for variant in (text, mutate(text, rng), " " + text.lower() + " "):
                stripped = variant.strip(_WS)
                form = compact(get_scheme(scheme_id), variant)
                if plan.hint is not None and plan.hint(form) is not None:
                    assert plan.plausible(stripped), (scheme_id, variant)
                    kind = text_kind(stripped)
                    assert plan.length_fit(len(stripped), kind), (scheme_id, variant)


def test_plans_are_compiled_once_and_dropped_with_their_scheme() -> None:
    from tracecode.scheme import _fast
    from tracecode.scheme._loader import load_scheme_text
    from tracecode.scheme._registry import spec_text

    s = get_scheme("cn.uscc")
    assert plan_for(s) is plan_for(s)
    custom = load_scheme_text(spec_text("schemes", "cn.uscc.toml"), "custom.toml")
    key = id(custom)
    assert plan_for(custom) is not plan_for(s)
    assert key in _fast._PLANS
    del custom
    import gc

    gc.collect()
    assert key not in _fast._PLANS


def test_start_of_digit_strings_remembered_by_length() -> None:
    """detect._start answers ASCII digits by length: the same as working it out."""
    import random

    from tracecode.scheme.detect import _start, _start_any

    rng = random.Random(3)
    for n in range(1, 60):
        for _ in range(4):
            text = "".join(rng.choice("0123456789") for _ in range(n))
            assert _start(text) == _start_any(text) == _start(text)
    for text in ("٣٣٣٣٣٣٣٣٣٣٣٣٣", "１２３４５６７８", " 12345678", "12345678\t"):
        assert _start(text) == _start_any(text)  # not ASCII digits only: worked out
