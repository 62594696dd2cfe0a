"""Property tests: any profile, any strategy, any format: unique codes that validate."""

from __future__ import annotations

import string
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracecode
from tracecode import gs1
from tracecode.generation import ALPHABETS, MemoryRegistry, generate
from tracecode.scheme import profiles

PROFILES = [p.id for p in profiles()]
GS1_ALPHABETS = ["digits", "upper", "upper-alnum", "alnum", "hex", "unambiguous", "cset39",
                 "cset82", "cset82-safe"]  # fmt: skip
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)

batch = st.text(alphabet=string.ascii_uppercase + string.digits + "-", min_size=1, max_size=20)
date = st.dates(min_value=__import__("datetime").date(2000, 1, 1),
                max_value=__import__("datetime").date(2049, 12, 31))  # fmt: skip


@st.composite
def strategy_specs(draw: Any, max_length: int = 20) -> tuple[str, int]:
    """A serial spec and the number of codes it can safely make under the 1e-4 rule."""
    if draw(st.booleans()):
        start = draw(st.integers(min_value=0, max_value=10**9))
        pad = draw(st.booleans())
        text = str(start).zfill(len(str(start)) + 2) if pad else str(start)
        return f"sequential:{text}", 40
    name = draw(st.sampled_from(GS1_ALPHABETS))
    size = len(ALPHABETS[name])
    length = draw(st.integers(min_value=1, max_value=max_length))
    room = int(size**length * 1e-4)
    if room < 1:
        length = 1
        while int(size**length * 1e-4) < 40:
            length += 1
        room = 40
    return f"random:{length}:{name}", min(room, 40)


@SETTINGS
@given(
    pid=st.sampled_from(PROFILES),
    spec=strategy_specs(),
    lot=batch,
    expiry=date,
    fmt=st.sampled_from(["hri", "dl", "jsonl", "csv", "element"]),
    data=st.data(),
)
def test_profiles_and_strategies_always_give_valid_unique_codes(
    pid: str, spec: tuple[str, int], lot: str, expiry: Any, fmt: str, data: Any
) -> None:
    serial, room = spec
    if pid == "drugs" and serial.startswith("sequential"):
        serial = "random:13"
    count = data.draw(st.integers(min_value=1, max_value=room))
    fields: dict[str, Any] = {"gtin": "06901234567892", "batch": lot, "expiry": expiry}
    if pid == "special-equipment":
        fields = {"ai": {"8004": "6901234"}}
        if serial.startswith("random"):
            n = int(serial.split(":")[1])
            if n > 23:  # (8004) holds 30 characters, 7 are the company prefix
                serial = "random:20:" + serial.split(":")[2]
    reg = MemoryRegistry()
    run = generate(pid, count, serial=serial, registry=reg, format=fmt, **fields)
    lines = list(run)
    if fmt == "csv":
        assert run.header is not None
    assert len(lines) == count
    assert len(set(lines)) == count
    codes = lines
    if fmt == "jsonl":
        import json

        codes = [json.loads(x)["code"] for x in lines]
    elif fmt == "csv":
        import csv
        import io

        codes = [row[1] for row in csv.reader(io.StringIO("\n".join(lines)))]
    scheme = "gs1" if fmt == "element" else None
    for code in codes:
        report = tracecode.validate(code, profile=pid, scheme=scheme)
        assert report.valid, (serial, code, report.errors)
    assert reg.issued_count(run.namespace) == count


@SETTINGS
@given(spec=strategy_specs(max_length=9), start=st.integers(min_value=0, max_value=5))
def test_sscc_strategies(spec: tuple[str, int], start: int) -> None:
    serial, room = spec
    # an SSCC with a 7-digit prefix has 9 serial digits
    if serial.startswith("random"):
        serial, room = "random:9", 40
    else:
        serial = "sequential:" + serial.split(":")[1][-8:]
    codes = list(generate("sscc", room, company_prefix="6901234", extension=str(start),
                          serial=serial))  # fmt: skip
    assert len(set(codes)) == room
    for c in codes:
        assert tracecode.validate(c).valid
        assert gs1.parse(c)["00"].startswith(f"{start}6901234")
