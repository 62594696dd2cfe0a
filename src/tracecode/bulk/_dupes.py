"""A duplicate index with bounded memory: a dict in memory, spilled to sorted files.

Keys are 64-bit hashes of canonical serial keys (``hash(key)`` within one run,
or :func:`key_hash` across runs), each
remembered with the position where it was first seen.  Up to ``memory_limit``
keys are kept in a dict; when it is full they are written, sorted, as a new
*run* in a temporary directory (two flat files of 64-bit integers: the hashes in
order and their positions, written in one call each) and the dict is emptied.
Runs are read through memory maps and searched by bisection; when there are more
than ``_MAX_RUNS`` of them they are merged, streaming, into one.  Memory stays
bounded whatever the input size (the dict, plus a fixed 16 MiB Bloom filter of
the spilled keys; the maps are the operating system's page cache).  Lookups of a
batch go to the dict first, then to the Bloom filter, and only the keys it cannot
rule out are searched for in the runs.
"""

from __future__ import annotations

import contextlib
import heapq
import mmap
import os
import shutil
import tempfile
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from types import TracebackType

__all__ = ["DuplicateIndex"]

_MAX_RUNS = 16  # more runs than this are merged into one
_WRITE_BATCH = 1 << 16  # integers per write when merging


class _Run:
    """One spilled run: sorted hashes and their positions, memory-mapped."""

    __slots__ = ("files", "hashes", "maps", "positions")

    def __init__(self, hash_file: str, pos_file: str) -> None:
        self.files = (hash_file, pos_file)
        self.maps: list[mmap.mmap] = []
        views = []
        for name in self.files:
            with open(name, "rb") as fh:
                m = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            self.maps.append(m)
            views.append(memoryview(m).cast("q"))
        self.hashes, self.positions = views

    def __len__(self) -> int:
        return len(self.hashes)

    def find(self, h: int) -> int | None:
        """The position stored with hash ``h``, or None."""
        hashes = self.hashes
        i = bisect_left(hashes, h)
        if i < len(hashes) and hashes[i] == h:
            return int(self.positions[i])
        return None

    def items(self) -> Iterator[tuple[int, int]]:
        return zip(self.hashes, self.positions, strict=True)

    def close(self) -> None:
        self.hashes.release()
        self.positions.release()
        for m in self.maps:
            m.close()
        for name in self.files:
            with contextlib.suppress(OSError):
                os.remove(name)


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
        self._tmp: str | None = None
        self._on_disk = 0
        self._runs: list[_Run] = []
        self._serial = 0

    @property
    def spilled(self) -> bool:
        """True once keys have been written to disk."""
        return self._bloom is not None

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
        if self._bloom is None:  # the common case, all in memory: set operations, in C
            batch = dict(items)
            if len(batch) == len(items) and mem.keys().isdisjoint(batch):
                mem.update(batch)  # no repeat: every key is new
                if len(mem) >= self.memory_limit:
                    self._spill()
                return []
        on_disk: dict[int, int] = {}
        if self._bloom is not None:
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

    def _file(self, kind: str) -> str:
        if self._tmp is None:
            self._tmp = tempfile.mkdtemp(prefix="tracecode-dupes-", dir=self.spill_dir)
        return os.path.join(self._tmp, f"run{self._serial}.{kind}")

    def _write_run(self, hashes: array[int], positions: array[int]) -> None:
        self._serial += 1
        names = (self._file("h"), self._file("p"))
        for name, values in zip(names, (hashes, positions), strict=True):
            with open(name, "wb") as fh:
                values.tofile(fh)
        self._runs.append(_Run(*names))

    def _spill(self) -> None:
        """Write the dict as a new sorted run (two flat files, one write each)."""
        if self._bloom is None:
            self._bloom = _Bloom(self._bloom_log2)
        mem = self._mem
        keys = sorted(mem)
        self._bloom.add_many(keys)
        self._write_run(array("q", keys), array("q", map(mem.__getitem__, keys)))
        self._on_disk += len(keys)
        self._mem = {}
        if len(self._runs) > _MAX_RUNS:
            self._merge()

    def _merge(self) -> None:
        """Merge every run into one, streaming (memory stays bounded)."""
        runs, self._runs = self._runs, []
        self._serial += 1
        names = (self._file("h"), self._file("p"))
        with open(names[0], "wb") as hf, open(names[1], "wb") as pf:
            hashes, positions = array("q"), array("q")
            for h, pos in heapq.merge(*(run.items() for run in runs)):
                hashes.append(h)
                positions.append(pos)
                if len(hashes) >= _WRITE_BATCH:
                    hashes.tofile(hf)
                    positions.tofile(pf)
                    hashes, positions = array("q"), array("q")
            hashes.tofile(hf)
            positions.tofile(pf)
        for run in runs:
            run.close()
        self._runs.append(_Run(*names))

    def _lookup(self, hashes: list[int]) -> dict[int, int]:
        found: dict[int, int] = {}
        for h in hashes:
            for run in self._runs:
                pos = run.find(h)
                if pos is not None:
                    found[h] = pos
                    break
        return found

    def close(self) -> None:
        """Forget everything and delete the spill files."""
        for run in self._runs:
            run.close()
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
