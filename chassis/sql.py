"""A small shared SQL helper for the chassis' own tables (relay positions, person keys, access log).

The event stores belong to eventsourcing; these few tables sit beside them, in a SQLite file under
the data folder by default or in the same PostgreSQL database in production. Statements are
written once with `?` placeholders and translated for psycopg.
"""
from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Sequence

from chassis.settings import Settings


# One advisory-lock key for all WCSO schema creation on a PostgreSQL database.
SCHEMA_LOCK_KEY = 0x5C50_0001


@contextmanager
def schema_lock(settings: Settings) -> Iterator[None]:
    """Serialises table creation across processes. A service and its relay (and every other service)
    start together and create their tables if missing; concurrent DDL on PostgreSQL fails ("duplicate
    key … pg_type", "tuple concurrently updated"), so each process creates its tables in turn."""
    if settings.event_store != "postgres":
        yield
        return
    import psycopg

    with psycopg.connect(settings.postgres_url, autocommit=True) as connection:
        connection.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK_KEY,))
        try:
            yield
        finally:
            connection.execute("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK_KEY,))


class SqlDatabase:
    def __init__(self, connection: Any, paramstyle: str):
        self._connection = connection
        self._paramstyle = paramstyle
        self._lock = threading.RLock()

    @classmethod
    def for_settings(cls, settings: Settings, sqlite_name: str) -> "SqlDatabase":
        """PostgreSQL when the event stores are there; otherwise a SQLite file `<data>/<sqlite_name>.sqlite`."""
        if settings.event_store == "postgres":
            import psycopg

            return cls(psycopg.connect(settings.postgres_url, autocommit=False), "format")
        if settings.event_store == "memory":
            return cls.sqlite(":memory:")
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        return cls.sqlite(settings.data_dir / f"{sqlite_name}.sqlite")

    @classmethod
    def sqlite(cls, path: Path | str) -> "SqlDatabase":
        connection = sqlite3.connect(str(path), check_same_thread=False, timeout=30, isolation_level=None)
        if str(path) != ":memory:":
            connection.execute("PRAGMA journal_mode=WAL")
        return cls(connection, "qmark")

    def _sql(self, statement: str) -> str:
        return statement.replace("?", "%s") if self._paramstyle == "format" else statement

    @contextmanager
    def transaction(self) -> Iterator["SqlDatabase"]:
        with self._lock:
            if self._paramstyle == "qmark":
                self._connection.execute("BEGIN IMMEDIATE")
                try:
                    yield self
                except BaseException:
                    self._connection.execute("ROLLBACK")
                    raise
                self._connection.execute("COMMIT")
            else:
                with self._connection.transaction():
                    yield self

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        with self._lock:
            if self._paramstyle == "qmark":
                self._connection.execute(statement, params)
            else:
                with self._connection.transaction():
                    self._connection.execute(self._sql(statement), params)

    def query(self, statement: str, params: Sequence[Any] = ()) -> list[tuple]:
        with self._lock:
            if self._paramstyle == "qmark":
                return self._connection.execute(statement, params).fetchall()
            with self._connection.transaction():
                return self._connection.execute(self._sql(statement), params).fetchall()

    def close(self) -> None:
        with self._lock:
            self._connection.close()
