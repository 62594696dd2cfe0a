"""Generation: every generated code validates; strategies, registries, formats, hierarchy, CLI."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import tracecode
from tracecode import gs1
from tracecode.errors import GenerationError, TraceCodeError
from tracecode.generation import (
    MemoryRegistry,
    RandomSerials,
    SequentialSerials,
    SQLiteRegistry,
    generate,
    pack,
    parse_serial,
    write_aggregation_csv,
    write_epcis,
)
from tracecode.scheme import get_profile, profiles, schemes

DRUG: dict[str, Any] = {"gtin": "06901234567892", "batch": "B1", "expiry": "2027-06-30"}
SPECIAL: dict[str, Any] = {"ai": {"8004": "6901234"}}


def profile_fields(pid: str) -> dict[str, Any]:
    return dict(SPECIAL) if pid == "special-equipment" else dict(DRUG)


def unescape(code: str) -> str:
    return code.replace("\\n", "\n")


# -- every generated code validates -----------------------------------------------------


@pytest.mark.parametrize("pid", [p.id for p in profiles()])
@pytest.mark.parametrize("fmt", ["hri", "element", "dl"])
def test_every_profile_every_format_validates(pid: str, fmt: str) -> None:
    codes = list(generate(pid, 50, format=fmt, **profile_fields(pid)))
    assert len(codes) == 50
    assert len(set(codes)) == 50
    # an element string without a symbology identifier can read as a national code
    # (24 digits); say it is GS1 data, as a scanner's ]d2 would
    scheme = "gs1" if fmt == "element" else None
    for code in codes:
        report = tracecode.validate(code, profile=pid, scheme=scheme)
        assert report.valid, (code, report.errors)
        assert report.scheme == "gs1"


GENERATABLE = [s.id for s in schemes() if s.id not in ("cn.admin-division",)]
OPAQUE = {"cn.drug.trace20", "cn.food.sc"}


@pytest.mark.parametrize("sid", GENERATABLE)
def test_every_scheme_validates_or_refuses_opaque(sid: str) -> None:
    if sid in OPAQUE:
        with pytest.raises(GenerationError) as info:
            generate(sid, 5)
        assert info.value.code == "OPAQUE_CHECK"
        return
    codes = list(generate(sid, 20))
    assert len(set(codes)) == 20
    for code in codes:
        report = tracecode.validate(unescape(code), scheme=sid)
        assert report.valid, (code, report.errors)


def test_opaque_scheme_with_issuer_check() -> None:
    codes = list(generate("cn.drug.trace20", 3, drug_id="8177322", check="3835"))
    assert all(c.startswith("8177322") and c.endswith("3835") and len(c) == 20 for c in codes)


def test_full_drug_code_structure() -> None:
    codes = list(generate("drugs", 100, serial="random:13", **DRUG))
    for code in codes:
        m = gs1.parse(code)
        assert m.ais == ("01", "17", "10", "21")
        assert m["17"] == "270630"
        assert len(m["21"]) == 13 and m["21"].isdigit()


def test_jsonl_records_are_the_unified_model() -> None:
    lines = list(generate("drugs", 5, format="jsonl", **DRUG))
    for line in lines:
        rec = json.loads(line)
        assert rec["scheme"] == "gs1"
        assert rec["product_class"] == "drugs"
        assert rec["product_id"] == {"type": "gtin", "value": "06901234567892"}
        assert rec["batch"] == "B1" and rec["expiry_date"] == "2027-06-30"
        assert tracecode.validate(rec["code"]).valid
        assert tracecode.validate(rec["query_url"]).valid
        assert rec["code"].endswith(rec["serial"])


def test_csv_output(tmp_path: Path) -> None:
    run = generate("food", 4, format="csv", **DRUG)
    out = io.StringIO()
    assert run.write(out) == 4
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [*rows[0]] == ["serial", "hri", "element_string", "digital_link"]
    for row in rows:
        for key in ("hri", "element_string", "digital_link"):
            assert tracecode.validate(row[key]).valid
        assert row["hri"].endswith(row["serial"])


def test_element_string_has_gs_only_where_needed() -> None:
    code = next(iter(generate("gs1", 1, serial="sequential:7", **DRUG)))
    assert code == "(01)06901234567892(17)270630(10)B1(21)7"
    el = next(iter(generate("gs1", 1, format="element", serial="sequential:7", **DRUG)))
    assert el == "01069012345678921727063010B1\x1d217"


def test_escaped_characters_take_the_slow_path_and_still_validate() -> None:
    codes = list(generate("gs1", 200, serial="random:10:cset82", format="dl", **DRUG))
    assert all(tracecode.validate(c).valid for c in codes)
    hri = list(generate("gs1", 200, serial="random:12:()%/", **DRUG))
    for c in hri:
        assert tracecode.validate(c).valid, c


def test_code_objects() -> None:
    msgs = list(generate("drugs", 2, format="code", **DRUG))
    assert all(isinstance(m, gs1.GS1Message) and m.valid for m in msgs)


# -- fields -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [("2027-06-30", "270630"), ("270630", "270630"), ("20270630", "270630"), ("270600", "270600")],
)
def test_date_forms(given: str, expected: str) -> None:
    code = next(iter(generate("gs1", 1, gtin="06901234567892", expiry=given)))
    assert gs1.parse(code)["17"] == expected


def test_date_objects_and_times() -> None:
    code = next(
        iter(
            generate(
                "gs1",
                1,
                gtin="06901234567892",
                production_date=dt.date(2026, 1, 5),
                ai={"7003": "2027-06-30T08:15"},
            )
        )
    )
    m = gs1.parse(code)
    assert m["11"] == "260105" and m["7003"] == "2706300815"


def test_gtin13_is_padded() -> None:
    code = next(iter(generate("gs1", 1, gtin="6901234567892")))
    assert gs1.parse(code)["01"] == "06901234567892"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"gtin": "06901234567893"}, "INCORRECT_CHECK_DIGIT"),
        ({"gtin": "06901234567892", "expiry": "2027-13-01"}, "ILLEGAL_MONTH"),
        ({"gtin": "06901234567892", "batch": "A" * 21}, "AI_DATA_TOO_LONG"),
        ({"gtin": "06901234567892", "colour": "red"}, "GENERATION_FAILED"),
        ({"batch": "A1"}, "REQUIRED_AI_MISSING"),
    ],
)
def test_bad_fields_refused_before_anything_is_issued(kwargs: dict[str, Any], code: str) -> None:
    reg = MemoryRegistry()
    with pytest.raises(TraceCodeError) as info:
        generate("gs1", 10, registry=reg, **kwargs)
    assert info.value.code == code
    assert reg.namespaces() == []


def test_profile_requirements_checked_up_front() -> None:
    with pytest.raises(TraceCodeError) as info:
        generate("drugs", 5, gtin="06901234567892", batch="B1")  # no expiry
    assert info.value.code == "PROFILE_VIOLATION"


def test_profile_requires_random_serials_for_drugs() -> None:
    with pytest.raises(GenerationError):
        generate("drugs", 5, serial="sequential", **DRUG)
    assert "randomi" in " ".join(c.note for c in get_profile("drugs").constraints)


def test_unknown_target() -> None:
    with pytest.raises(TraceCodeError) as info:
        generate("toys", 1)
    assert info.value.code == "UNKNOWN_SCHEME"


# -- serial strategies ------------------------------------------------------------------------


def test_sequential_continues_across_runs() -> None:
    reg = MemoryRegistry()
    a = list(generate("gs1", 3, registry=reg, serial="sequential:5", **DRUG))
    b = list(generate("gs1", 2, registry=reg, serial="sequential:5", **DRUG))
    a, b = [gs1.parse(c)["21"] for c in a], [gs1.parse(c)["21"] for c in b]
    assert a + b == ["5", "6", "7", "8", "9"]


def test_sequential_width_and_fixed_length_sscc() -> None:
    codes = list(generate("sscc", 3, company_prefix="6901234", serial="sequential:42"))
    assert [gs1.parse(c)["00"][8:17] for c in codes] == ["000000042", "000000043", "000000044"]
    assert all(tracecode.validate(c).valid for c in codes)
    with pytest.raises(GenerationError):
        generate("sscc", 1, company_prefix="6901234", serial="random:5")  # wrong length


def test_random_alphabets() -> None:
    for spec, chars in [
        ("random:12:upper-alnum", set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")),
        ("random:12:hex", set("0123456789ABCDEF")),
        ("random:12:XY", set("XY")),
    ]:
        codes = list(generate("gs1", 50, serial=spec, max_guess_probability=1.0, **DRUG))
        serials = [gs1.parse(c)["21"] for c in codes]
        assert all(len(s) == 12 and set(s) <= chars for s in serials)


def test_alphabet_outside_the_field_is_refused() -> None:
    with pytest.raises(GenerationError):
        generate("sscc", 1, company_prefix="6901234", serial="random:9:hex")
    with pytest.raises(GenerationError):
        generate("gs1", 1, serial="random:8:αβγ", **DRUG)
    with pytest.raises(GenerationError):
        generate("gs1", 1, serial="random:21", **DRUG)  # (21) holds at most 20


def test_guess_probability_stated_and_checked() -> None:
    run = generate("drugs", 1000, serial="random:13", **DRUG)
    assert run.guess_probability == pytest.approx(1000 / 10**13)
    assert "guess probability" in run.describe()
    with pytest.raises(GenerationError) as info:
        generate("drugs", 2, serial="random:4", **DRUG)
    assert info.value.code == "GUESS_PROBABILITY_TOO_HIGH"
    assert "10000" in str(info.value)


def test_guess_probability_counts_what_was_issued_before() -> None:
    reg = MemoryRegistry()
    list(generate("gs1", 90, registry=reg, serial="random:6", **DRUG))
    with pytest.raises(GenerationError) as info:
        generate("gs1", 20, registry=reg, serial="random:6", **DRUG)
    assert info.value.code == "GUESS_PROBABILITY_TOO_HIGH"


def test_dense_space_is_filled_exactly_then_exhausted() -> None:
    reg = MemoryRegistry()
    codes = list(
        generate("gs1", 100, registry=reg, serial="random:2", max_guess_probability=1.0, **DRUG)
    )
    assert len(set(codes)) == 100
    with pytest.raises(TraceCodeError) as info:
        list(generate("gs1", 1, registry=reg, serial="random:2", max_guess_probability=1.0, **DRUG))
    assert info.value.code in ("GUESS_PROBABILITY_TOO_HIGH", "SERIAL_SPACE_EXHAUSTED")


def test_supplied_serials() -> None:
    reg = MemoryRegistry()
    codes = list(generate("gs1", 3, registry=reg, serial=["A1", "A2", "A3"], **DRUG))
    assert [gs1.parse(c)["21"] for c in codes] == ["A1", "A2", "A3"]
    with pytest.raises(GenerationError) as info:
        list(generate("gs1", 2, registry=reg, serial=["B1", "A2"], **DRUG))
    assert info.value.code == "SERIAL_ALREADY_ISSUED"
    assert not reg.is_issued(next(iter(reg.namespaces())), "B1")  # the whole batch rolled back
    with pytest.raises(TraceCodeError):
        list(generate("gs1", 1, registry=reg, serial=["bad serial"], **DRUG))
    with pytest.raises(GenerationError):
        list(generate("gs1", 2, registry=reg, serial=["C1", "C1"], **DRUG))
    short = list(generate("gs1", 5, registry=reg, serial=["D1"], **DRUG))
    assert len(short) == 1


def test_serial_prefix_and_other_serial_ais() -> None:
    codes = list(generate("gs1", 5, ai={"21": "L1-"}, serial="sequential:1", **DRUG))
    assert [gs1.parse(c)["21"] for c in codes] == ["L1-1", "L1-2", "L1-3", "L1-4", "L1-5"]
    giai = list(generate("special-equipment", 5, ai={"8004": "6901234"}))
    assert all(gs1.parse(c)["8004"].startswith("6901234") for c in giai)
    grai = list(generate("special-equipment", 5, ai={"8003": "06901234000016"}))
    assert all(tracecode.validate(c, profile="special-equipment").valid for c in grai)


def test_nozeroprefix_field_filtered_not_refused() -> None:
    codes = list(
        generate(
            "gs1",
            300,
            ai={"8010": "6901234ABC"},
            serial_ai="8011",
            serial="random:6",
            max_guess_probability=1.0,
        )
    )
    assert all(not gs1.parse(c)["8011"].startswith("0") for c in codes)
    assert all(tracecode.validate(c).valid for c in codes)


def test_parse_serial_grammar() -> None:
    assert isinstance(parse_serial("random:13"), RandomSerials)
    seq = parse_serial("sequential:0099")
    assert isinstance(seq, SequentialSerials) and seq.width == 4 and seq.start == 99
    for bad in ("random", "random:x", "sequential:x", "shuffle:3", "random:4:A"):
        with pytest.raises(GenerationError):
            parse_serial(bad)


def test_random_serials_are_uniform_enough() -> None:
    serials, _ = RandomSerials(1, "ABCD").draw(40_000, 0)
    counts = {c: serials.count(c) for c in "ABCD"}
    assert all(9_000 < n < 11_000 for n in counts.values()), counts


# -- registries ------------------------------------------------------------------------------


def test_sqlite_registry_persists(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    a = list(generate("gs1", 500, registry=path, serial="random:8", **DRUG))
    b = list(generate("gs1", 500, registry=str(path), serial="random:8", **DRUG))
    assert len(set(a) | set(b)) == 1000
    reg = SQLiteRegistry(path)
    with reg:
        ns = reg.namespaces()[0]
        assert reg.issued_count(ns) == 1000
        assert set(reg.serials(ns)) == {gs1.parse(c)["21"] for c in a + b}
        mode = reg._db.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"


def test_sqlite_collisions_are_redrawn(tmp_path: Path) -> None:
    reg = SQLiteRegistry(tmp_path / "r.db")
    first = reg.reserve("ns", RandomSerials(3, max_guess=1.0), 900)
    second = reg.reserve("ns", RandomSerials(3, max_guess=1.0), 100)
    assert len(set(first) | set(second)) == 1000  # the whole space, no duplicate
    with pytest.raises(GenerationError):
        reg.reserve("ns", RandomSerials(3, max_guess=1.0), 1)
    reg.close()


def test_registry_error_is_structured(tmp_path: Path) -> None:
    with pytest.raises(GenerationError) as info:
        SQLiteRegistry(tmp_path / "no" / "such" / "dir" / "r.db")
    assert info.value.code == "REGISTRY_ERROR"


def test_streaming_reserves_batch_by_batch() -> None:
    reg = MemoryRegistry()
    run = generate("gs1", 10_000, registry=reg, batch_size=1000, **DRUG)
    it = iter(run)
    next(it)
    assert reg.issued_count(run.namespace) == 1000  # only the first batch is reserved
    rest = list(it)
    assert len(rest) == 9_999 and reg.issued_count(run.namespace) == 10_000


# -- packaging hierarchy --------------------------------------------------------------------------


def test_pack_cases_and_pallets_and_exports() -> None:
    units = list(generate("drugs", 23, **DRUG))
    aggs = list(pack(units, case_size=5, pallet_size=2, company_prefix="6901234"))
    cases = [a for a in aggs if a.level == "case"]
    pallets = [a for a in aggs if a.level == "pallet"]
    assert [len(a.children) for a in cases] == [5, 5, 5, 5, 3]
    assert [len(a.children) for a in pallets] == [2, 2, 1]
    ssccs = [a.parent for a in aggs]
    assert len(set(ssccs)) == len(ssccs)
    assert all(tracecode.validate(f"(00){s}").valid for s in ssccs)
    in_cases = [c["21"] for a in cases for c in a.children]
    assert in_cases == [gs1.parse(u)["21"] for u in units]
    assert {c["00"] for p in pallets for c in p.children} == {a.parent for a in cases}

    out = io.StringIO()
    t = dt.datetime(2026, 5, 1, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert write_epcis(aggs, out, event_time=t) == len(aggs)
    doc = json.loads(out.getvalue())
    assert doc["@context"] == ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"]
    assert doc["type"] == "EPCISDocument" and doc["schemaVersion"] == "2.0"
    events = doc["epcisBody"]["eventList"]
    assert len(events) == len(aggs)
    for ev, agg in zip(events, aggs, strict=True):
        assert ev["type"] == "AggregationEvent"
        assert ev["action"] == "ADD" and ev["bizStep"] == "packing"
        assert ev["eventTime"] == "2026-05-01T08:00:00.000+08:00"
        assert ev["eventTimeZoneOffset"] == "+08:00"
        assert ev["parentID"] == f"https://id.gs1.org/00/{agg.parent}"
        assert len(ev["childEPCs"]) == len(agg.children)
        for uri in ev["childEPCs"]:
            assert tracecode.validate(uri).valid
    out = io.StringIO()
    assert write_aggregation_csv(aggs, out) == 23 + 5
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["level", "parent", "child"]
    assert all(tracecode.validate(r[1]).valid and tracecode.validate(r[2]).valid for r in rows[1:])


def test_epc_uris() -> None:
    units = list(generate("gs1", 2, serial=["A/1", "B&2"], **DRUG))
    aggs = list(pack(units, case_size=2, company_prefix="6901234"))
    out = io.StringIO()
    write_epcis(aggs, out, id_form="epc", gcp_length=7)
    ev = json.loads(out.getvalue())["epcisBody"]["eventList"][0]
    assert ev["parentID"] == "urn:epc:id:sscc:6901234.0000000001"
    assert ev["childEPCs"] == [
        "urn:epc:id:sgtin:6901234.056789.A%2F1",
        "urn:epc:id:sgtin:6901234.056789.B%262",
    ]
    with pytest.raises(GenerationError):
        write_epcis(aggs, io.StringIO(), id_form="epc")


def test_pack_sscc_never_reused(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    units = list(generate("gs1", 6, **DRUG))
    a = list(pack(units, case_size=2, company_prefix="6901234", registry=path, reserve=2))
    b = list(pack(units, case_size=2, company_prefix="6901234", registry=path, reserve=2))
    parents = [x.parent for x in a + b]
    assert len(set(parents)) == 6


# -- CLI ------------------------------------------------------------------------------------


def cli_proc(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command, in a new process."""
    return subprocess.run(
        [sys.executable, "-m", "tracecode", "generate", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The command run in this process (fast), captured like a subprocess."""
    from tracecode.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(["generate", *args])
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else 2
    return subprocess.CompletedProcess(args, status, out.getvalue(), err.getvalue())


def test_cli_issue_example(tmp_path: Path) -> None:
    db = tmp_path / "serials.db"
    proc = cli_proc(
        "--profile", "drugs", "--gtin", "06901234567892", "--batch", "B1",
        "--expiry", "2027-06-30", "--count", "200", "--serial", "random:13",
        "--registry", str(db), "--format", "dl", "-o", str(tmp_path / "out.txt"),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    lines = (tmp_path / "out.txt").read_text().splitlines()
    assert len(set(lines)) == 200
    assert all(tracecode.validate(x, profile="drugs").valid for x in lines)
    assert "generated 200 codes" in proc.stderr and "guess probability" in proc.stderr
    with SQLiteRegistry(db) as reg:
        assert reg.issued_count(reg.namespaces()[0]) == 200


def test_cli_every_profile() -> None:
    for p in profiles():
        extra = (
            ["--ai", "8004=6901234"]
            if p.id == "special-equipment"
            else ["--gtin", "06901234567892", "--batch", "B1", "--expiry", "270630"]
        )
        proc = cli("--profile", p.id, "--count", "3", *extra)
        assert proc.returncode == 0, (p.id, proc.stderr)
        for line in proc.stdout.splitlines():
            assert tracecode.validate(line, profile=p.id).valid, (p.id, line)


def test_cli_schemes_and_ai_fields() -> None:
    proc = cli(
        "--scheme", "cn.pesticide.unit", "--ai", "category=1", "--ai", "registration=092927",
        "--ai", "production_type=2", "--ai", "spec=001", "--count", "4", "--format", "jsonl",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    recs = [json.loads(x) for x in proc.stdout.splitlines()]
    assert all(r["scheme"] == "cn.pesticide.unit" and r["valid"] for r in recs)
    assert all(r["code"].startswith("10929272001") for r in recs)
    proc = cli("--scheme", "cn.seed.label", "--count", "2")
    assert proc.returncode == 0
    for line in proc.stdout.splitlines():
        assert tracecode.validate(unescape(line), scheme="cn.seed.label").valid
    proc = cli("--count", "2", "--gtin", "06901234567892", "--ai", "7003=2027-06-30T08:15")
    assert proc.returncode == 0 and "(7003)2706300815" in proc.stdout


def test_cli_sscc_and_aggregation(tmp_path: Path) -> None:
    proc = cli("--scheme", "sscc", "--company-prefix", "6901234", "--count", "3")
    assert proc.stdout.split() == [
        "(00)069012340000000016",
        "(00)069012340000000023",
        "(00)069012340000000030",
    ]
    agg = tmp_path / "agg.jsonld"
    proc = cli(
        "--profile", "drugs", "--gtin", "06901234567892", "--batch", "B1", "--expiry", "270630",
        "--count", "10", "--case-size", "4", "--pallet-size", "2", "--company-prefix", "6901234",
        "--aggregation", str(agg), "--gcp-length", "7", "--registry", str(tmp_path / "r.db"),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    events = json.loads(agg.read_text())["epcisBody"]["eventList"]
    assert [len(e["childEPCs"]) for e in events] == [4, 4, 2, 2, 1]
    assert events[0]["childEPCs"][0].startswith("urn:epc:id:sgtin:6901234.056789.")
    proc = cli(
        "--gtin", "06901234567892", "--count", "5", "--case-size", "2",
        "--company-prefix", "6901234", "--aggregation", str(agg), "--aggregation-format", "csv",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert agg.read_text().count("\n") == 1 + 5


def test_cli_errors() -> None:
    proc = cli("--profile", "drugs", "--gtin", "06901234567893", "--count", "1")
    assert proc.returncode == 1 and "INCORRECT_CHECK_DIGIT" in proc.stderr
    proc = cli("--profile", "toys", "--count", "1")
    assert proc.returncode == 2
    proc = cli("--gtin", "06901234567892", "--count", "1", "--serial", "random")
    assert proc.returncode == 1 and "random:LEN" in proc.stderr
    proc = cli("--gtin", "06901234567892", "--count", "1", "--format", "xml")
    assert proc.returncode == 2


def test_cli_progress_and_csv(tmp_path: Path) -> None:
    proc = cli(
        "--gtin", "06901234567892", "--count", "3000", "--batch-size", "1000", "--progress",
        "--format", "csv",
    )  # fmt: skip
    assert proc.returncode == 0
    assert "100.0%" in proc.stderr and "3,000/3,000" in proc.stderr
    assert proc.stdout.splitlines()[0] == "serial,hri,element_string,digital_link"
    assert len(proc.stdout.splitlines()) == 3001


def test_cli_epc_uris_from_a_gcp_table(tmp_path: Path) -> None:
    table = tmp_path / "gcp.txt"
    table.write_text("# prefix length\n690 7\n6901234 7\n")
    agg = tmp_path / "agg.jsonld"
    proc = cli(
        "--gtin", "06901234567892", "--count", "2", "--case-size", "2", "--serial", "sequential",
        "--company-prefix", "6901234", "--aggregation", str(agg), "--gcp-table", str(table),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    event = json.loads(agg.read_text())["epcisBody"]["eventList"][0]
    assert event["parentID"] == "urn:epc:id:sscc:6901234.0000000001"
    assert event["childEPCs"] == [
        "urn:epc:id:sgtin:6901234.056789.1",
        "urn:epc:id:sgtin:6901234.056789.2",
    ]


def test_cli_usage_errors() -> None:
    assert cli("--gtin", "06901234567892", "--count", "1", "--ai", "17").returncode == 2
    assert cli("--gtin", "06901234567892", "--count", "1", "--case-size", "2").returncode == 2
    assert cli("--gtin", "06901234567892", "--count", "-1").returncode == 2
    proc = cli("--gtin", "06901234567892", "--count", "1", "--registry", "/no/such/dir/r.db")
    assert proc.returncode == 2 and "REGISTRY_ERROR" in proc.stderr
