"""Serial registries: where issued serials are recorded so that none is issued twice.

Every registry has one operation that matters, :meth:`SerialRegistry.reserve`:
in **one transaction** it proposes serials from a strategy, keeps those never
issued in the namespace, records them and commits, and only then returns
them.  A serial returned by ``reserve`` is recorded durably; a serial not
recorded is never returned.  A crash therefore loses at most serials that
were reserved but not yet printed ("burned": never issued again), and never
hands out a serial twice.

* :class:`MemoryRegistry` — a dict of sets, for tests and one-off runs.
* :class:`SQLiteRegistry` — an SQLite file (WAL, ``synchronous=FULL``,
  ``BEGIN IMMEDIATE``): safe across restarts, ``kill -9`` and several
  processes on one machine.
* :class:`~tracecode.generation._postgres.PostgresRegistry` — the same on
  PostgreSQL for several machines (``postgresql://...``).

>>> from tracecode.generation import SequentialSerials
>>> reg = MemoryRegistry()
>>> reg.reserve("demo", SequentialSerials(), 3)
['1', '2', '3']
>>> reg.reserve("demo", SequentialSerials(), 2)
['4', '5']
>>> reg.issued_count("demo"), reg.is_issued("demo", "2")
(5, True)
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tracecode.errors import make_error
from tracecode.generation._serials import SerialStrategy

__all__ = [
    "MemoryRegistry",
    "SQLiteRegistry",
    "SerialRegistry",
    "open_registry",
]

#: how many rounds of proposals a reservation tries before giving up
MAX_ROUNDS = 64


class SerialRegistry:
    """Base class: the reservation loop over a store's primitive operations.

    Subclasses implement ``_begin`` (start a write transaction that excludes
    other writers of the namespace and return ``(ns_id, cursor, issued)``),
    ``_insert`` (record serials, return those that were new), ``_finish``
    (store the cursor and count, commit) and ``_abort`` (roll back).
    """

    #: short name of the store, e.g. ``"sqlite"``
    kind = ""

    def reserve(self, namespace: str, strategy: SerialStrategy, count: int) -> list[str]:
        """Reserve ``count`` new serials of ``namespace`` in one transaction and return them.

        Raises ``GUESS_PROBABILITY_TOO_HIGH`` when the namespace would become
        too dense for a random strategy, ``SERIAL_SPACE_EXHAUSTED`` when no
        new serial can be found, ``SERIAL_ALREADY_ISSUED`` for a supplied
        serial issued before.  Nothing is recorded when it raises.
        """
        if count <= 0:
            return []
        ns_id, cursor, issued = self._begin(namespace)
        try:
            self._check_density(strategy, issued + count)
            out: list[str] = []
            taken: set[str] | None = None
            rounds = 0
            while len(out) < count:
                rounds += 1
                if rounds > MAX_ROUNDS:
                    raise make_error(
                        "SERIAL_SPACE_EXHAUSTED",
                        field="serial",
                        detail=f"namespace {namespace!r}: {issued} issued",
                    )
                need = count - len(out)
                want = need
                space = getattr(strategy, "space", None)
                if rounds > 1 and space is not None and strategy.redraw:
                    # a dense space: propose more, keep those not yet issued
                    free = space - issued - len(out)
                    if free < need:
                        raise make_error(
                            "SERIAL_SPACE_EXHAUSTED",
                            field="serial",
                            detail=f"namespace {namespace!r}: {issued + len(out)} of {space}",
                        )
                    want = min(need * space // free * 2 + 16, 10 * need + 100_000)
                proposed, cursor = strategy.draw(want, cursor)
                if not proposed:
                    break  # a supply ran out: return what there is
                if taken is not None:  # later rounds: never propose twice in one reservation
                    proposed = [x for x in proposed if x not in taken]
                if want > need:
                    old = self._existing(ns_id, proposed)
                    proposed = [x for x in dict.fromkeys(proposed) if x not in old][:need]
                new = self._insert(ns_id, proposed)  # new ones, each once, in order
                if len(new) < len(proposed) and not strategy.redraw:
                    raise self._refused(namespace, proposed, new)
                out.extend(new)
                if len(out) < count:
                    taken = set(out)
            self._finish(ns_id, cursor, len(out))
        except BaseException:
            self._abort()
            raise
        return out

    @staticmethod
    def _refused(namespace: str, proposed: list[str], new: list[str]) -> Exception:
        newset = set(new)
        seen: set[str] = set()
        dup = proposed[0]
        for x in proposed:
            if x not in newset or x in seen:
                dup = x
                break
            seen.add(x)
        return make_error(
            "SERIAL_ALREADY_ISSUED", field="serial", found=dup, detail=f"namespace {namespace!r}"
        )

    @staticmethod
    def _check_density(strategy: SerialStrategy, total: int) -> None:
        p = strategy.guess_probability(total)
        limit = getattr(strategy, "max_guess", None)
        if p is not None and limit is not None and p > limit:
            raise make_error(
                "GUESS_PROBABILITY_TOO_HIGH",
                field="serial",
                detail=f"{total} serials in a space of {strategy.space}: "  # type: ignore[attr-defined]
                f"guess probability {p:.3g} > {limit:.3g}; use longer serials or a larger alphabet",
            )

    # -- queries ---------------------------------------------------------------------
    def issued_count(self, namespace: str) -> int:
        """How many serials were issued in ``namespace``."""
        raise NotImplementedError

    def is_issued(self, namespace: str, serial: str) -> bool:
        """True when ``serial`` was issued in ``namespace``."""
        raise NotImplementedError

    def serials(self, namespace: str) -> Iterator[str]:
        """Every serial issued in ``namespace`` (in no particular order)."""
        raise NotImplementedError

    def namespaces(self) -> list[str]:
        """Every namespace that has a record."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the store (connections, files)."""

    def __enter__(self) -> SerialRegistry:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- primitives ----------------------------------------------------------------------
    def _begin(self, namespace: str) -> tuple[Any, int, int]:
        raise NotImplementedError

    def _insert(self, ns_id: Any, serials: list[str]) -> list[str]:
        raise NotImplementedError

    def _existing(self, ns_id: Any, serials: list[str]) -> set[str]:
        """Those of ``serials`` already issued (inside the reservation's transaction)."""
        raise NotImplementedError

    def _finish(self, ns_id: Any, cursor: int, added: int) -> None:
        raise NotImplementedError

    def _abort(self) -> None:
        raise NotImplementedError


class MemoryRegistry(SerialRegistry):
    """Issued serials in memory: unique within this process only (tests, one-off runs)."""

    kind = "memory"

    def __init__(self) -> None:
        self._issued: dict[str, set[str]] = {}
        self._cursor: dict[str, int] = {}
        self._lock = threading.Lock()
        self._pending: list[list[str]] = []
        self._ns = ""

    def _begin(self, namespace: str) -> tuple[Any, int, int]:
        self._lock.acquire()
        self._pending = []
        self._ns = namespace
        issued = self._issued.setdefault(namespace, set())
        return namespace, self._cursor.get(namespace, 0), len(issued)

    def _insert(self, ns_id: Any, serials: list[str]) -> list[str]:
        issued = self._issued[ns_id]
        if issued.isdisjoint(serials):
            before = len(issued)
            issued.update(serials)
            new = serials if len(issued) - before == len(serials) else list(dict.fromkeys(serials))
        else:
            new = list(dict.fromkeys(x for x in serials if x not in issued))
            issued.update(new)
        self._pending.append(new)
        return new

    def _existing(self, ns_id: Any, serials: list[str]) -> set[str]:
        issued = self._issued[ns_id]
        return {x for x in serials if x in issued}

    def _finish(self, ns_id: Any, cursor: int, added: int) -> None:
        self._cursor[ns_id] = cursor
        self._pending = []
        self._lock.release()

    def _abort(self) -> None:
        issued = self._issued.get(self._ns, set())
        for new in self._pending:
            issued.difference_update(new)
        self._pending = []
        if self._lock.locked():
            self._lock.release()

    def issued_count(self, namespace: str) -> int:
        return len(self._issued.get(namespace, ()))

    def is_issued(self, namespace: str, serial: str) -> bool:
        return serial in self._issued.get(namespace, ())

    def serials(self, namespace: str) -> Iterator[str]:
        return iter(list(self._issued.get(namespace, ())))

    def namespaces(self) -> list[str]:
        return sorted(self._issued)


_SQLITE_SCHEMA = """
CREATE TABLE IF NOT EXISTS namespaces(
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    cursor TEXT NOT NULL DEFAULT '0',
    issued INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS batches(
    id INTEGER PRIMARY KEY,
    ns INTEGER NOT NULL REFERENCES namespaces(id),
    count INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL,
    host TEXT,
    pid INTEGER
);
CREATE TABLE IF NOT EXISTS serials(
    ns INTEGER NOT NULL,
    serial TEXT NOT NULL,
    batch INTEGER NOT NULL,
    PRIMARY KEY (ns, serial)
) WITHOUT ROWID;
"""


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class SQLiteRegistry(SerialRegistry):
    """Issued serials in an SQLite file: survives restarts, kill -9 and parallel processes.

    The database runs in WAL mode with ``synchronous=FULL``: a reservation is
    one ``BEGIN IMMEDIATE`` transaction (other writers wait, up to ``timeout``
    seconds), durable when ``reserve`` returns.  The file must be on a local
    disk of the machine (WAL needs shared memory): for several machines use
    PostgreSQL.

    >>> import tempfile, os
    >>> from tracecode.generation import RandomSerials
    >>> path = os.path.join(tempfile.mkdtemp(), "serials.db")
    >>> with SQLiteRegistry(path) as reg:
    ...     got = reg.reserve("gtin:09506000134352", RandomSerials(13), 1000)
    ...     len(set(got)), reg.issued_count("gtin:09506000134352")
    (1000, 1000)
    """

    kind = "sqlite"

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 60.0) -> None:
        self.path = Path(path)
        try:
            self._db = sqlite3.connect(
                str(self.path), timeout=timeout, isolation_level=None, check_same_thread=False
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA cache_size=-131072")
            self._db.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
            self._db.executescript("BEGIN IMMEDIATE;" + _SQLITE_SCHEMA + "COMMIT;")
            self._json = _has_json(self._db)
        except sqlite3.Error as exc:
            raise make_error("REGISTRY_ERROR", detail=f"{path}: {exc}") from exc
        self._batch = 0
        self._host = socket.gethostname()

    def _begin(self, namespace: str) -> tuple[Any, int, int]:
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            row = db.execute(
                "SELECT id, cursor, issued FROM namespaces WHERE name=?", (namespace,)
            ).fetchone()
            if row is None:
                cur = db.execute("INSERT INTO namespaces(name) VALUES (?)", (namespace,))
                row = (cur.lastrowid, "0", 0)
            ns_id, cursor, issued = row
            cur = db.execute(
                "INSERT INTO batches(ns, created, host, pid) VALUES (?, ?, ?, ?)",
                (ns_id, _now(), self._host, os.getpid()),
            )
            self._batch = int(cur.lastrowid or 0)
        except sqlite3.Error as exc:
            self._abort()
            raise make_error("REGISTRY_ERROR", detail=f"{self.path}: {exc}") from exc
        return ns_id, int(cursor), int(issued)

    def _insert(self, ns_id: Any, serials: list[str]) -> list[str]:
        if not serials:
            return []
        db = self._db
        before = db.total_changes
        ordered = sorted(serials)  # B-tree locality: far fewer pages touched
        try:
            if self._json:
                db.execute(
                    "INSERT OR IGNORE INTO serials(ns, serial, batch) "
                    "SELECT ?, value, ? FROM json_each(?)",
                    (ns_id, self._batch, json.dumps(ordered)),
                )
            else:  # pragma: no cover - SQLite built without JSON
                db.executemany(
                    "INSERT OR IGNORE INTO serials(ns, serial, batch) VALUES (?, ?, ?)",
                    ((ns_id, s, self._batch) for s in ordered),
                )
            added = db.total_changes - before
            if added == len(serials):
                return serials
            old = self._lookup(ns_id, ordered, self._batch)
        except sqlite3.Error as exc:
            raise make_error("REGISTRY_ERROR", detail=f"{self.path}: {exc}") from exc
        return list(dict.fromkeys(x for x in serials if x not in old))

    def _lookup(self, ns_id: Any, serials: list[str], not_batch: int) -> set[str]:
        old: set[str] = set()
        for i in range(0, len(serials), 500):
            part = serials[i : i + 500]
            marks = ",".join("?" * len(part))
            old.update(
                r[0]
                for r in self._db.execute(
                    f"SELECT serial FROM serials WHERE ns=? AND batch<>? AND serial IN ({marks})",
                    (ns_id, not_batch, *part),
                )
            )
        return old

    def _existing(self, ns_id: Any, serials: list[str]) -> set[str]:
        try:
            return self._lookup(ns_id, serials, -1)
        except sqlite3.Error as exc:
            raise make_error("REGISTRY_ERROR", detail=f"{self.path}: {exc}") from exc

    def _finish(self, ns_id: Any, cursor: int, added: int) -> None:
        db = self._db
        try:
            db.execute(
                "UPDATE namespaces SET cursor=?, issued=issued+? WHERE id=?",
                (str(cursor), added, ns_id),
            )
            db.execute("UPDATE batches SET count=? WHERE id=?", (added, self._batch))
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._abort()
            raise make_error("REGISTRY_ERROR", detail=f"{self.path}: {exc}") from exc

    def _abort(self) -> None:
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")

    def issued_count(self, namespace: str) -> int:
        row = self._db.execute(
            "SELECT issued FROM namespaces WHERE name=?", (namespace,)
        ).fetchone()
        return int(row[0]) if row else 0

    def is_issued(self, namespace: str, serial: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM serials JOIN namespaces ON namespaces.id=serials.ns "
            "WHERE namespaces.name=? AND serials.serial=?",
            (namespace, serial),
        ).fetchone()
        return row is not None

    def serials(self, namespace: str) -> Iterator[str]:
        row = self._db.execute("SELECT id FROM namespaces WHERE name=?", (namespace,)).fetchone()
        if row is None:
            return iter(())
        cur = self._db.execute("SELECT serial FROM serials WHERE ns=?", (row[0],))
        return (r[0] for r in cur)

    def namespaces(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT name FROM namespaces ORDER BY name")]

    def close(self) -> None:
        self._db.close()

    def __repr__(self) -> str:
        return f"SQLiteRegistry({str(self.path)!r})"


def _has_json(db: sqlite3.Connection) -> bool:
    try:
        db.execute("SELECT count(*) FROM json_each('[1]')").fetchone()
    except sqlite3.Error:  # pragma: no cover
        return False
    return True


def open_registry(spec: SerialRegistry | str | os.PathLike[str] | None) -> SerialRegistry:
    """A registry from a path, a ``postgresql://`` URL, ``":memory:"`` or a registry.

    ``None`` gives a new :class:`MemoryRegistry`.

    >>> open_registry(None).kind, open_registry(":memory:").kind
    ('memory', 'memory')
    """
    if isinstance(spec, SerialRegistry):
        return spec
    if spec is None or str(spec) in (":memory:", "memory"):
        return MemoryRegistry()
    text = os.fspath(spec)
    if text.startswith(("postgresql://", "postgres://")):
        from tracecode.generation._postgres import PostgresRegistry

        return PostgresRegistry(text)
    return SQLiteRegistry(text)
