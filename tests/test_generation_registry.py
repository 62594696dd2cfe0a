"""Registries under stress: kill -9 mid-batch and restart, two processes at once, PostgreSQL.

The PostgreSQL tests start a throw-away server themselves (``initdb`` + ``pg_ctl`` from
Debian's ``postgresql`` package, run as the ``postgres`` user when the tests run as
root, since PostgreSQL refuses to run as root) and skip, saying why, where none can
be started.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tracecode import gs1
from tracecode.generation import SQLiteRegistry, generate, open_registry
from tracecode.generation._serials import RandomSerials

GTIN = "06901234567892"
NS = f"gs1:01:{GTIN}:21"
BASE = ["--gtin", GTIN, "--batch", "B1", "--expiry", "270630", "-q", "--no-progress"]


def cli_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "tracecode", "generate", *BASE, *args]


def serials_of(lines: list[str]) -> list[str]:
    return [gs1.parse(x)["21"] for x in lines]


def complete_lines(data: bytes) -> list[str]:
    """Lines fully written before a kill (a torn last line was never handed out)."""
    text = data.decode()
    return text.split("\n")[:-1] if text else []


def read_lines(proc: subprocess.Popen[bytes], n: int) -> list[str]:
    assert proc.stdout is not None
    out: list[str] = []
    while len(out) < n:
        line = proc.stdout.readline()
        if not line:
            break
        out.append(line.decode().rstrip("\n"))
    return out


# -- SQLite: kill -9 and restart --------------------------------------------------------------


def test_sigkill_mid_batch_then_restart_never_reissues(tmp_path: Path) -> None:
    """Kill the generator at several points mid-run, restart, and prove no serial repeats.

    A small serial space (5 digits) makes collisions between the runs frequent, so the
    registry, not luck, is what keeps serials unique.
    """
    db = str(tmp_path / "serials.db")
    handed_out: list[str] = []
    for cycle, (lines, delay) in enumerate([(1500, 0.0), (2300, 0.013), (900, 0.041)]):
        proc = subprocess.Popen(
            cli_cmd(
                "--count", "40000", "--serial", "random:5", "--max-guess-probability", "1",
                "--batch-size", "300", "--registry", db,
            ),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        got = read_lines(proc, lines)
        assert len(got) == lines, proc.stderr.read() if proc.stderr else b""
        time.sleep(delay)  # let it run on into the next reservation
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.stdout is not None
        got += complete_lines(proc.stdout.read())
        proc.wait()
        assert proc.returncode == -signal.SIGKILL, f"cycle {cycle} finished before the kill"
        handed_out += got
    # restart and run to completion
    done = subprocess.run(
        cli_cmd("--count", "5000", "--serial", "random:5", "--max-guess-probability", "1",
                "--batch-size", "300", "--registry", db),
        capture_output=True,
        check=True,
    )  # fmt: skip
    handed_out += done.stdout.decode().splitlines()
    serials = serials_of(handed_out)
    assert len(serials) == len(set(serials)), "a serial was issued twice"
    with SQLiteRegistry(db) as reg:
        recorded = set(reg.serials(NS))
        assert set(serials) <= recorded  # everything printed is on record: never issued again
        assert reg.issued_count(NS) == len(recorded)
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


_IN_TX_CHILD = textwrap.dedent(
    """
    import sys, time
    from tracecode.generation import open_registry
    from tracecode.generation._serials import RandomSerials

    class Stall(RandomSerials):
        calls = 0
        def draw(self, n, cursor):
            Stall.calls += 1
            if Stall.calls == 1:  # a batch with a duplicate forces a second round
                got, cursor = super().draw(n - 1, cursor)
                return got + got[:1], cursor
            print("IN-TRANSACTION", flush=True)
            time.sleep(120)
            return super().draw(n, cursor)

    reg = open_registry(sys.argv[1])
    ns = sys.argv[2]
    first = reg.reserve(ns, RandomSerials(12), 1000)
    print("\\n".join(first), flush=True)
    reg.reserve(ns, Stall(12), 1000)  # killed inside this transaction
    """
)


def kill_inside_a_reservation(spec: str, ns: str) -> list[str]:
    """Run the child above, kill it inside its second reservation; return the first's serials."""
    proc = subprocess.Popen(
        [sys.executable, "-c", _IN_TX_CHILD, spec, ns],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    first = read_lines(proc, 1000)
    marker = read_lines(proc, 1)
    assert marker == ["IN-TRANSACTION"], proc.stderr.read() if proc.stderr else b""
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return first


def check_rolled_back(reg: Any, ns: str, first: list[str]) -> None:
    # the killed transaction had inserted 999 serials: all rolled back
    assert reg.issued_count(ns) == 1000
    assert set(reg.serials(ns)) == set(first)
    more = reg.reserve(ns, RandomSerials(12), 1000)  # nothing is left locked
    assert not set(more) & set(first)
    assert reg.issued_count(ns) == 2000


def test_sigkill_inside_a_reservation_rolls_it_back(tmp_path: Path) -> None:
    db = str(tmp_path / "serials.db")
    first = kill_inside_a_reservation(db, "ns")
    with SQLiteRegistry(db, timeout=5) as reg:
        check_rolled_back(reg, "ns", first)


# -- SQLite: two processes on one file ------------------------------------------------------------


@pytest.mark.parametrize("serial", ["random:5", "sequential"])
def test_two_processes_on_one_registry(tmp_path: Path, serial: str) -> None:
    db = str(tmp_path / "serials.db")
    SQLiteRegistry(db).close()  # create the file before the race
    args = ["--count", "15000", "--serial", serial, "--max-guess-probability", "1"]
    procs = [
        subprocess.Popen(
            cli_cmd(*args, "--batch-size", "250", "--registry", db),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (_, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err.decode()
    lines = [x for out, _ in outs for x in out.decode().splitlines()]
    serials = serials_of(lines)
    assert len(serials) == 30000
    assert len(set(serials)) == 30000, "two processes issued the same serial"
    if serial == "sequential":
        assert sorted(map(int, serials)) == list(range(1, 30001))
    with SQLiteRegistry(db) as reg:
        assert reg.issued_count(NS) == 30000


def test_threads_share_a_memory_registry() -> None:
    import threading

    reg = open_registry(None)
    results: list[list[str]] = []

    def work() -> None:
        results.append(list(generate("gs1", 3000, gtin=GTIN, registry=reg, serial="random:6",
                                     max_guess_probability=1, batch_size=100)))  # fmt: skip

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    serials = serials_of([c for r in results for c in r])
    assert len(serials) == len(set(serials)) == 9000


# -- PostgreSQL -----------------------------------------------------------------------------------


def _pg_bin() -> str | None:
    found = shutil.which("initdb")
    if found:
        return os.path.dirname(os.path.realpath(found))
    cands = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(cands[-1]) if cands else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    """A PostgreSQL server of our own in a temporary directory (unix socket only)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("PostgreSQL tests need psycopg 3 (pip install 'psycopg[binary]')")
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL tests need initdb/pg_ctl (Debian package postgresql)")
    prefix: list[str] = []
    owner: Any = None
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root: use the postgres user
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' user to run the server")
        runuser = shutil.which("runuser")
        prefix = [runuser, "-u", "postgres", "--"] if runuser else ["su", "postgres", "-c"]
    base = tempfile.mkdtemp(prefix="tracecode-pg-")
    if owner is not None:
        os.chown(base, owner.pw_uid, owner.pw_gid)
    data = os.path.join(base, "data")
    port = _free_port()

    def run(*cmd: str) -> subprocess.CompletedProcess[str]:
        if prefix and prefix[-1] == "-c":
            return subprocess.run(
                [*prefix, " ".join(cmd)], capture_output=True, text=True, check=False
            )
        return subprocess.run([*prefix, *cmd], capture_output=True, text=True, check=False)

    init = run(f"{bindir}/initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync")
    if init.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"initdb failed: {init.stderr.strip()[:300]}")
    opts = f"-p {port} -k {base} -c listen_addresses='' -c fsync=off"
    start = run(f"{bindir}/pg_ctl", "-D", data, "-o", opts, "-l", f"{base}/log", "-w", "start")
    if start.returncode != 0:
        log = (
            Path(base, "log").read_text(errors="replace")[-500:]
            if Path(base, "log").exists()
            else ""
        )
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"PostgreSQL did not start: {start.stderr.strip()[:300]} {log}")
    try:
        yield f"postgresql://postgres@/postgres?host={base}&port={port}"
    finally:
        run(f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


def test_postgres_registry_basics(pg_url: str) -> None:
    reg = open_registry(pg_url)
    assert reg.kind == "postgresql"
    try:
        a = reg.reserve("pg-basic", RandomSerials(3, max_guess=1.0), 900)
        b = reg.reserve("pg-basic", RandomSerials(3, max_guess=1.0), 100)
        assert len(set(a) | set(b)) == 1000  # the whole space, no duplicate
        assert reg.issued_count("pg-basic") == 1000
        assert reg.is_issued("pg-basic", a[0])
        assert set(reg.serials("pg-basic")) == set(a) | set(b)
        with pytest.raises(Exception) as info:
            reg.reserve("pg-basic", RandomSerials(3, max_guess=1.0), 1)
        assert getattr(info.value, "code", "") in (
            "SERIAL_SPACE_EXHAUSTED",
            "GUESS_PROBABILITY_TOO_HIGH",
        )
        assert reg.issued_count("pg-basic") == 1000  # the failed reservation left nothing
        codes = list(generate("drugs", 500, gtin=GTIN, batch="B1", expiry="270630",
                              registry=reg, format="dl"))  # fmt: skip
        import tracecode

        assert all(tracecode.validate(c, profile="drugs").valid for c in codes)
        assert reg.issued_count(NS) == 500
        supplied = list(generate("gs1", 2, gtin=GTIN, registry=reg, serial=["S1", "S2"]))
        assert len(supplied) == 2
        with pytest.raises(Exception) as info:
            list(generate("gs1", 1, gtin=GTIN, registry=reg, serial=["S2"]))
        assert getattr(info.value, "code", "") == "SERIAL_ALREADY_ISSUED"
    finally:
        reg.close()


def test_postgres_two_processes_and_sigkill(pg_url: str) -> None:
    ns_args = ["--namespace", "pg-race", "--serial", "random:5", "--max-guess-probability", "1"]
    # one process killed mid-run...
    victim = subprocess.Popen(
        cli_cmd(*ns_args, "--count", "30000", "--batch-size", "200", "--registry", pg_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    handed_out = read_lines(victim, 1200)
    assert len(handed_out) == 1200, victim.stderr.read() if victim.stderr else b""
    # ...while two others run at once on the same registry
    racers = [
        subprocess.Popen(
            cli_cmd(*ns_args, "--count", "8000", "--batch-size", "250", "--registry", pg_url),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    time.sleep(0.05)
    os.kill(victim.pid, signal.SIGKILL)
    assert victim.stdout is not None
    handed_out += complete_lines(victim.stdout.read())
    victim.wait()
    for p in racers:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()
        handed_out += out.decode().splitlines()
    serials = serials_of(handed_out)
    assert len(serials) == len(set(serials)), "a serial was issued twice"
    with open_registry(pg_url) as reg:
        recorded = set(reg.serials("pg-race"))
        assert set(serials) <= recorded
        assert reg.issued_count("pg-race") == len(recorded)


def test_postgres_sigkill_inside_a_reservation(pg_url: str) -> None:
    first = kill_inside_a_reservation(pg_url, "pg-in-tx")
    with open_registry(pg_url) as reg:
        # the server rolls the dead connection's transaction back (a reservation
        # of the namespace waits for its row lock until then)
        check_rolled_back(reg, "pg-in-tx", first)
