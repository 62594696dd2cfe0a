"""The serial registry on PostgreSQL (psycopg 3), for several machines of a line or plant.

The same tables as the SQLite registry, prefixed ``tracecode_``.  A
reservation is one transaction: the namespace row is locked
(``SELECT ... FOR UPDATE``, so reservations of one namespace queue up
across machines), serials are inserted with ``ON CONFLICT DO NOTHING
RETURNING`` so the primary key on ``(ns, serial)`` decides which are new,
and the transaction commits before any serial is returned.  Durability is
the server's (``synchronous_commit``); a lost connection rolls back.
"""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import Iterator
from typing import Any

from tracecode.errors import make_error
from tracecode.generation._registry import SerialRegistry

__all__ = ["PostgresRegistry"]

_LOCK_KEY = 0x7472_6163_6563  # pg_advisory_xact_lock key for schema creation ("tracec")

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS tracecode_namespaces(
        id BIGSERIAL PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        cursor NUMERIC NOT NULL DEFAULT 0,
        issued BIGINT NOT NULL DEFAULT 0)""",
    """CREATE TABLE IF NOT EXISTS tracecode_batches(
        id BIGSERIAL PRIMARY KEY,
        ns BIGINT NOT NULL REFERENCES tracecode_namespaces(id),
        count INTEGER NOT NULL DEFAULT 0,
        created TIMESTAMPTZ NOT NULL DEFAULT now(),
        host TEXT,
        pid INTEGER)""",
    """CREATE TABLE IF NOT EXISTS tracecode_serials(
        ns BIGINT NOT NULL,
        serial TEXT NOT NULL,
        batch BIGINT NOT NULL,
        PRIMARY KEY (ns, serial))""",
)


class PostgresRegistry(SerialRegistry):
    """Issued serials in PostgreSQL: one registry for every machine of a plant.

    ``url`` is a libpq connection URI, e.g. ``postgresql://user@host/db``.
    Needs ``psycopg`` 3 (``pip install 'psycopg[binary]'``).
    """

    kind = "postgresql"

    def __init__(self, url: str, *, connect_timeout: int = 10) -> None:
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise make_error(
                "REGISTRY_ERROR",
                detail="PostgreSQL registry needs psycopg: pip install 'psycopg[binary]'",
            ) from exc
        self._errors: tuple[type[BaseException], ...] = (psycopg.Error,)
        self.url = url
        try:
            self._conn: Any = psycopg.connect(
                url, autocommit=False, connect_timeout=connect_timeout
            )
            with self._conn.transaction():
                self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
                for stmt in _SCHEMA:
                    self._conn.execute(stmt)
        except psycopg.Error as exc:
            raise make_error("REGISTRY_ERROR", detail=f"{_redact(url)}: {exc}") from exc
        self._batch = 0
        self._host = socket.gethostname()

    def _fail(self, exc: BaseException) -> Exception:
        return make_error("REGISTRY_ERROR", detail=f"{_redact(self.url)}: {exc}")

    def _begin(self, namespace: str) -> tuple[Any, int, int]:
        c = self._conn
        try:
            c.execute(
                "INSERT INTO tracecode_namespaces(name) VALUES (%s) ON CONFLICT (name) DO NOTHING",
                (namespace,),
            )
            ns_id, cursor, issued = c.execute(
                "SELECT id, cursor, issued FROM tracecode_namespaces WHERE name=%s FOR UPDATE",
                (namespace,),
            ).fetchone()
            self._batch = c.execute(
                "INSERT INTO tracecode_batches(ns, host, pid) VALUES (%s, %s, %s) RETURNING id",
                (ns_id, self._host, os.getpid()),
            ).fetchone()[0]
        except self._errors as exc:
            self._abort()
            raise self._fail(exc) from exc
        return ns_id, int(cursor), int(issued)

    def _insert(self, ns_id: Any, serials: list[str]) -> list[str]:
        if not serials:
            return []
        try:
            rows = self._conn.execute(
                "INSERT INTO tracecode_serials(ns, serial, batch) "
                "SELECT %s, s, %s FROM unnest(%s::text[]) AS s "
                "ON CONFLICT (ns, serial) DO NOTHING RETURNING serial",
                (ns_id, self._batch, sorted(serials)),
            ).fetchall()
        except self._errors as exc:
            raise self._fail(exc) from exc
        if len(rows) == len(serials):
            return serials
        new = {r[0] for r in rows}
        return list(dict.fromkeys(s for s in serials if s in new))

    def _existing(self, ns_id: Any, serials: list[str]) -> set[str]:
        try:
            rows = self._conn.execute(
                "SELECT serial FROM tracecode_serials WHERE ns=%s AND serial = ANY(%s::text[])",
                (ns_id, serials),
            ).fetchall()
        except self._errors as exc:
            raise self._fail(exc) from exc
        return {r[0] for r in rows}

    def _finish(self, ns_id: Any, cursor: int, added: int) -> None:
        c = self._conn
        try:
            c.execute(
                "UPDATE tracecode_namespaces SET cursor=%s, issued=issued+%s WHERE id=%s",
                (cursor, added, ns_id),
            )
            c.execute("UPDATE tracecode_batches SET count=%s WHERE id=%s", (added, self._batch))
            c.commit()
        except self._errors as exc:
            self._abort()
            raise self._fail(exc) from exc

    def _abort(self) -> None:
        with contextlib.suppress(*self._errors):
            self._conn.rollback()

    def _query(self, sql: str, params: tuple[Any, ...]) -> list[Any]:
        try:
            rows: list[Any] = self._conn.execute(sql, params).fetchall()
            self._conn.rollback()
        except self._errors as exc:
            self._abort()
            raise self._fail(exc) from exc
        return rows

    def issued_count(self, namespace: str) -> int:
        rows = self._query("SELECT issued FROM tracecode_namespaces WHERE name=%s", (namespace,))
        return int(rows[0][0]) if rows else 0

    def is_issued(self, namespace: str, serial: str) -> bool:
        rows = self._query(
            "SELECT 1 FROM tracecode_serials s JOIN tracecode_namespaces n ON n.id=s.ns "
            "WHERE n.name=%s AND s.serial=%s",
            (namespace, serial),
        )
        return bool(rows)

    def serials(self, namespace: str) -> Iterator[str]:
        rows = self._query(
            "SELECT s.serial FROM tracecode_serials s JOIN tracecode_namespaces n ON n.id=s.ns "
            "WHERE n.name=%s",
            (namespace,),
        )
        return (r[0] for r in rows)

    def namespaces(self) -> list[str]:
        return [
            r[0] for r in self._query("SELECT name FROM tracecode_namespaces ORDER BY name", ())
        ]

    def close(self) -> None:
        self._conn.close()

    def __repr__(self) -> str:
        return f"PostgresRegistry({_redact(self.url)!r})"


def _redact(url: str) -> str:
    """The URL without its password.

    >>> _redact("postgresql://u:secret@db/x")
    'postgresql://u:***@db/x'
    """
    head, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    cred, _, host = rest.rpartition("@")
    if ":" in cred:
        cred = cred.split(":", 1)[0] + ":***"
    return f"{head}://{cred}@{host}"
