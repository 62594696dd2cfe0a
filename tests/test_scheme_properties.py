"""Hypothesis: generate -> parse -> format round trips for every scheme and profile."""

from __future__ import annotations

import random
import string
from importlib import resources

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracecode import checksum, gs1
from tracecode.errors import SpecError, TraceCodeError
from tracecode.scheme import get_profile, get_scheme, profiles, record_from_gs1, schemes
from tracecode.scheme._engine import _random_value
from tracecode.scheme._loader import load_scheme_text

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
IDS = [s.id for s in schemes()]


def _build(scheme_id: str, rng: random.Random, with_optional: bool) -> str:
    s = get_scheme(scheme_id)
    values = {}
    for seg in s.segments:
        if (
            seg.optional
            and with_optional
            and rng.random() < 0.7
            and seg.name not in {c.check for c in s.checks}
        ):
            values[seg.name] = _random_value(s, seg, rng)
    if s.check_algorithm == "opaque" and not s.segment(s.checks[0].check).optional:
        seg = s.segment(s.checks[0].check)
        check = "".join(rng.choice(seg.alphabet) for _ in range(seg.max_length))
        return s.generate(values, rng=rng, check=check).code
    return s.generate(values, rng=rng).code


@pytest.mark.parametrize("scheme_id", IDS)
@SETTINGS
@given(rng=st.randoms(use_true_random=False), with_optional=st.booleans())
def test_generate_parse_format_round_trip(
    scheme_id: str, rng: random.Random, with_optional: bool
) -> None:
    s = get_scheme(scheme_id)
    text = _build(scheme_id, rng, with_optional)
    code = s.parse(text)
    assert code.valid
    assert code.code == text
    shown = s.format(code)
    again = s.parse(shown)
    assert again.code == text
    assert again.segments == code.segments
    assert s.compact(shown) == text
    assert s.validate(text) == text
    warnings = {w.code for w in code.warnings}
    assert warnings <= {"CHECK_NOT_VERIFIED"}, warnings
    rec = code.to_dict()
    assert rec["scheme"] == scheme_id and rec["valid"] is True


@pytest.mark.parametrize("scheme_id", IDS)
@SETTINGS
@given(rng=st.randoms(use_true_random=False), data=st.data())
def test_single_substitution(scheme_id: str, rng: random.Random, data: st.DataObject) -> None:
    """Any changed character gives a result or a TraceCodeError; a public check catches it."""
    s = get_scheme(scheme_id)
    text = _build(scheme_id, rng, False)
    code = s.parse(text)
    i = data.draw(st.integers(0, len(text) - 1))
    ch = data.draw(st.characters(codec="utf-8"))
    mutated = text[:i] + ch + text[i + 1 :]
    try:
        result = s.parse(mutated, lenient=True)
    except TraceCodeError:
        return
    if ch == text[i] or s.check_algorithm in ("none", "opaque"):
        return
    main = s.checks[0]
    covered = [seg for seg in code.segments if seg.name in (*main.body, main.check)]
    for seg in covered:
        if seg.start is not None and seg.start <= i < seg.start + len(seg.value):
            alphabet = s.segment(seg.name).alphabet
            if ch in alphabet and s.compact(mutated) == mutated:
                # GS1 mod 10 and GB 32100 mod 31 detect every single substitution
                assert not result.valid, (text, mutated)


def _gs1_value(ai: str, rng: random.Random) -> str:
    digits = string.digits
    if ai == "01":
        body = "0690" + "".join(rng.choice(digits) for _ in range(9))
        return body + checksum.get("gs1-mod10").compute(body)
    if ai in ("10", "21"):
        return "".join(
            rng.choice(string.ascii_uppercase + digits) for _ in range(rng.randint(1, 20))
        )
    if ai in ("11", "13", "15", "17"):
        return f"{rng.randint(20, 35):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    if ai == "8003":
        body = "0690" + "".join(rng.choice(digits) for _ in range(9))
        serial = "".join(rng.choice(digits) for _ in range(rng.randint(1, 16)))
        return body + checksum.get("gs1-mod10").compute(body) + serial
    if ai == "8004":
        return "6901234" + "".join(rng.choice(digits) for _ in range(rng.randint(1, 20)))
    if ai == "422":
        return "156"
    if ai.startswith("310"):
        return "".join(rng.choice(digits) for _ in range(6))
    raise KeyError(ai)


def _can_generate(ai: str) -> bool:
    try:
        _gs1_value(ai, random.Random(0))
    except KeyError:
        return False
    return True


@pytest.mark.parametrize("profile_id", [p.id for p in profiles()])
@SETTINGS
@given(rng=st.randoms(use_true_random=False))
def test_profile_round_trip(profile_id: str, rng: random.Random) -> None:
    p = get_profile(profile_id)
    ais = [rng.choice(group) for group in p.required_ais]
    for ai in p.optional_ais:
        measure = ai.startswith("310") and any(a.startswith("310") for a in ais)
        if _can_generate(ai) and ai not in ais and not measure and rng.random() < 0.5:
            ais.append(ai)
    hri = "".join(f"({ai}){_gs1_value(ai, rng)}" for ai in ais)
    msg = gs1.parse(hri, associations=False)
    assert p.check(msg) == []
    assert gs1.parse(msg.hri(), associations=False) == msg
    rec = record_from_gs1(msg, p)
    assert rec.product_class == profile_id
    # dropping a required AI is reported, naming it
    group = rng.choice(p.required_ais)
    kept = "".join(f"({e.ai}){e.value}" for e in msg.elements if e.ai not in group)
    if kept:
        problems = p.check(gs1.parse(kept, associations=False))
        assert any(e.code == "PROFILE_VIOLATION" and group[0] in str(e) for e in problems)
    # every accepted national scheme's generated codes satisfy the profile
    for sid in p.accepted_schemes:
        if sid == "gs1":
            continue
        text = _build(sid, rng, False)
        assert p.check(get_scheme(sid).parse(text)) == []


SPEC_FILES = sorted(
    f.name
    for f in (resources.files("tracecode") / "spec" / "schemes").iterdir()
    if f.name.endswith(".toml")
)


@pytest.mark.parametrize("name", SPEC_FILES)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_fuzzed_scheme_files_raise_only_spec_errors(name: str, data: st.DataObject) -> None:
    text = (resources.files("tracecode") / "spec" / "schemes" / name).read_text(encoding="utf-8")
    lines = text.splitlines()
    i = data.draw(st.integers(0, len(lines) - 1))
    how = data.draw(st.sampled_from(["drop", "replace", "truncate", "value"]))
    if how == "drop":
        lines.pop(i)
    elif how == "replace":
        lines[i] = data.draw(st.text(max_size=30))
    elif how == "truncate":
        lines[i] = lines[i][: data.draw(st.integers(0, len(lines[i])))]
    elif "=" in lines[i]:
        key = lines[i].split("=", 1)[0]
        value = data.draw(st.sampled_from(["1", "true", '""', "[]", "{}", '"x"', "[1, 2]", "-5"]))
        lines[i] = f"{key}= {value}"
    try:
        load_scheme_text("\n".join(lines), name)
    except SpecError as err:
        assert err.code == "SPEC_SYNTAX" and name in str(err)


@pytest.mark.parametrize("scheme_id", IDS)
@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=120))
def test_arbitrary_text_gives_result_or_trace_code_error(scheme_id: str, text: str) -> None:
    s = get_scheme(scheme_id)
    assert isinstance(s.is_valid(text), bool)
    try:
        code = s.parse(text, lenient=True)
    except TraceCodeError:
        return
    if code.valid:
        assert s.validate(text) == code.code
