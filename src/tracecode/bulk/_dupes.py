"""A duplicate index with bounded memory: a dict in memory, spilled to SQLite.

Keys are 64-bit hashes of canonical serial keys (see :func:`key_hash`), each
remembered with the position where it was first seen.  Up to ``memory_limit``
keys are kept in a dict; when it is full they are written, sorted, to an
on-disk SQLite table in a temporary directory and the dict is emptied, so
memory stays bounded whatever the input size.  Lookups of a batch go to the
dict first and to SQLite (one query per batch) for the rest.
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

    def __init__(self, memory_limit: int = 500_000, spill_dir: str | None = None) -> None:
        if memory_limit < 1:
            raise ValueError("memory_limit must be at least 1")
        self.memory_limit = memory_limit
        self.spill_dir = spill_dir
        self._mem: dict[int, int] = {}
        self._db: sqlite3.Connection | None = None
        self._tmp: str | None = None
        self._on_disk = 0

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
        on_disk: dict[int, int] = {}
        if self._db is not None:
            missing = [h for h, _ in items if h not in mem]
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
        db.execute("CREATE TABLE seen (h INTEGER PRIMARY KEY, pos INTEGER NOT NULL)")
        return db

    def _spill(self) -> None:
        if self._db is None:
            self._db = self._connect()
        rows = sorted(self._mem.items())
        self._db.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?)", rows)
        self._db.commit()
        self._on_disk += len(rows)
        self._mem = {}

    def _lookup(self, hashes: list[int]) -> dict[int, int]:
        assert self._db is not None
        found: dict[int, int] = {}
        for i in range(0, len(hashes), _QUERY_BATCH):
            part = hashes[i : i + _QUERY_BATCH]
            marks = ",".join("?" * len(part))
            cur = self._db.execute(f"SELECT h, pos FROM seen WHERE h IN ({marks})", part)
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
        self._on_disk = 0

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
