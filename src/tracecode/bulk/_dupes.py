"""A duplicate index with bounded memory: a dict in memory, spilled to SQLite.

Keys are 64-bit hashes of canonical serial keys (``hash(key)`` within one run,
or :func:`key_hash` across runs), each
remembered with the position where it was first seen.  Up to ``memory_limit``
keys are kept in a dict; when it is full they are written, sorted, as a new
run (an SQLite table, appended in key order) in a temporary directory and the
dict is emptied; every 8 runs of one size are merged into one, so
memory stays bounded whatever the input size (the dict, plus a fixed 16 MiB
Bloom filter of the spilled keys, plus SQLite's 32 MiB page cache).  Lookups
of a batch go to the dict first, then to the Bloom filter, and only the keys
it cannot rule out go to SQLite (a few queries per batch).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable
from types import TracebackType

__all__ = ["DuplicateIndex"]

_QUERY_BATCH = 900  # stays below SQLite's smallest host-parameter limit (999)
_FAN_IN = 8  # runs of one size merged into one run of the next size


class _Bloom:
    """A fixed-size Bloom filter over 64-bit hashes (2 probes from disjoint hash bits).

    It only ever says "maybe" or "certainly not": it spares the SQLite lookup
    for the keys that were never spilled, which are nearly all of them.  With
    the default 2**27 bits (16 MiB), 10 million keys give about 2 % false
    "maybe" answers, each costing one indexed lookup, never a wrong result.
    """

    __slots__ = ("bits", "mask", "shift")

    def __init__(self, log2_bits: int) -> None:
        self.bits = bytearray(1 << (log2_bits - 3))
        self.mask = (1 << log2_bits) - 1
        self.shift = 64 - log2_bits  # the second probe uses the top bits of the hash

    def add_many(self, hashes: list[int]) -> None:
        bits, mask, shift = self.bits, self.mask, self.shift
        for h in hashes:
            a = h & mask
            bits[a >> 3] |= 1 << (a & 7)
            a = (h >> shift) & mask
            bits[a >> 3] |= 1 << (a & 7)

    def maybe(self, hashes: list[int]) -> list[int]:
        """Return the hashes that may have been added."""
        bits, mask, shift = self.bits, self.mask, self.shift
        out = []
        for h in hashes:
            a = h & mask
            if bits[a >> 3] & (1 << (a & 7)):
                a = (h >> shift) & mask
                if bits[a >> 3] & (1 << (a & 7)):
                    out.append(h)
        return out


class DuplicateIndex:
    """Remember keys with where they were first seen; report repeats.

    >>> idx = DuplicateIndex(memory_limit=2)
    >>> idx.check([(11, 1), (22, 2), (11, 3)])
    [(3, 1)]
    >>> idx.spilled  # the batch filled memory: the keys went to disk
    True
    >>> idx.check([(33, 4), (22, 5), (44, 6), (33, 7)])
    [(5, 2), (7, 4)]
    >>> idx.distinct
    4
    >>> idx.close()
    """

    def __init__(
        self, memory_limit: int = 1_000_000, spill_dir: str | None = None, bloom_log2: int = 27
    ) -> None:
        if memory_limit < 1:
            raise ValueError("memory_limit must be at least 1")
        self.memory_limit = memory_limit
        self.spill_dir = spill_dir
        self._bloom_log2 = bloom_log2
        self._bloom: _Bloom | None = None
        self._mem: dict[int, int] = {}
        self._db: sqlite3.Connection | None = None
        self._tmp: str | None = None
        self._on_disk = 0
        self._runs: list[tuple[str, int]] = []
        self._serial = 0

    @property
    def spilled(self) -> bool:
        """True once keys have been written to disk."""
        return self._db is not None

    @property
    def distinct(self) -> int:
        """How many distinct keys have been seen."""
        return self._on_disk + len(self._mem)

    def check(self, items: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """Add ``(hash, position)`` pairs in order; return ``(position, first_position)``.

        One pair is returned for every item whose hash was seen before
        (earlier in this batch or in an earlier one), in input order.
        """
        items = list(items)
        mem = self._mem
        if self._db is None:  # the common case, all in memory: set operations, in C
            batch = dict(items)
            if len(batch) == len(items) and mem.keys().isdisjoint(batch):
                mem.update(batch)  # no repeat: every key is new
                if len(mem) >= self.memory_limit:
                    self._spill()
                return []
        on_disk: dict[int, int] = {}
        if self._db is not None:
            assert self._bloom is not None
            missing = self._bloom.maybe([h for h, _ in items if h not in mem])
            if missing:
                on_disk = self._lookup(missing)
        out: list[tuple[int, int]] = []
        for h, pos in items:
            first = mem.get(h)
            if first is None:
                first = on_disk.get(h)
            if first is not None:
                out.append((pos, first))
            else:
                mem[h] = pos
        if len(mem) >= self.memory_limit:  # at most one batch over the limit
            self._spill()
        return out

    def _connect(self) -> sqlite3.Connection:
        self._tmp = tempfile.mkdtemp(prefix="tracecode-dupes-", dir=self.spill_dir)
        db = sqlite3.connect(os.path.join(self._tmp, "seen.sqlite"))
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("PRAGMA cache_size=-32768")  # 32 MiB of page cache at most
        db.execute("PRAGMA temp_store=FILE")
        return db

    def _new_run(self, level: int) -> str:
        assert self._db is not None
        self._serial += 1
        name = f"run{self._serial}"
        self._db.execute(f"CREATE TABLE {name} (h INTEGER PRIMARY KEY, pos INTEGER NOT NULL)")
        self._runs.append((name, level))
        return name

    def _spill(self) -> None:
        """Write the dict as a new sorted run (an append, not random B-tree inserts)."""
        if self._db is None:
            self._db = self._connect()
            self._bloom = _Bloom(self._bloom_log2)
        mem, bloom, db = self._mem, self._bloom, self._db
        assert bloom is not None
        keys = sorted(mem)
        bloom.add_many(keys)
        name = self._new_run(0)
        rows = zip(keys, map(mem.__getitem__, keys), strict=True)  # tuples made in C
        db.executemany(f"INSERT INTO {name} VALUES (?, ?)", rows)
        db.commit()
        self._on_disk += len(keys)
        self._mem = {}
        self._compact()

    def _compact(self) -> None:
        """Merge every ``_FAN_IN`` runs of one level into one run of the next (size-tiered)."""
        db = self._db
        assert db is not None
        while True:
            levels: dict[int, list[str]] = {}
            for name, level in self._runs:
                levels.setdefault(level, []).append(name)
            full = [lv for lv, names in levels.items() if len(names) >= _FAN_IN]
            if not full:
                return
            level = min(full)
            parts = levels[level]
            self._runs = [(n, lv) for n, lv in self._runs if n not in parts]
            merged = self._new_run(level + 1)
            union = " UNION ALL ".join(f"SELECT h, pos FROM {n}" for n in parts)
            db.execute(f"INSERT INTO {merged} SELECT h, pos FROM ({union}) ORDER BY h")
            for n in parts:
                db.execute(f"DROP TABLE {n}")
            db.commit()

    def _lookup(self, hashes: list[int]) -> dict[int, int]:
        assert self._db is not None
        found: dict[int, int] = {}
        for i in range(0, len(hashes), _QUERY_BATCH):
            part = hashes[i : i + _QUERY_BATCH]
            marks = ",".join("?" * len(part))
            for name, _ in self._runs:
                cur = self._db.execute(f"SELECT h, pos FROM {name} WHERE h IN ({marks})", part)
                found.update(cur.fetchall())
        return found

    def close(self) -> None:
        """Forget everything and delete the spill files."""
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None
        self._mem = {}
        self._bloom = None
        self._on_disk = 0
        self._runs = []

    def __enter__(self) -> DuplicateIndex:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __del__(self) -> None:  # pragma: no cover - best effort cleanup
        with contextlib.suppress(Exception):
            self.close()
