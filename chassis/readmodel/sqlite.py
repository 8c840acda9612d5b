"""Read models in one SQLite file: documents as JSON text, positions in the same transaction."""
from __future__ import annotations

import json
import sqlite3
import threading
from contextlib import contextmanager
from typing import Sequence

from .base import ReadModelStore, Upsert, check_where, fresh_items, parse_order

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    collection TEXT NOT NULL, key TEXT NOT NULL, body TEXT NOT NULL,
    PRIMARY KEY (collection, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS positions (
    consumer TEXT NOT NULL, source TEXT NOT NULL, position INTEGER NOT NULL,
    PRIMARY KEY (consumer, source)
) WITHOUT ROWID;
"""


def _path(field: str) -> str:
    return f"json_extract(body, '$.{field}')"  # field is a checked identifier: safe to inline


def _column(field: str) -> str:
    return "key" if field == "_id" else _path(field)


def _encode(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


class SqliteReadModelStore(ReadModelStore):
    def __init__(self, path: str):
        self._lock = threading.Lock()  # one connection shared by the service's threads
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)
        self._indexed: set[str] = set()

    # writes

    def apply(self, consumer: str, source: str, position: int, changes: Sequence[Upsert]) -> bool:
        return self.apply_batch(consumer, source, [(position, changes)]) == 1

    def apply_batch(self, consumer: str, source: str, items: Sequence[tuple[int, Sequence[Upsert]]]) -> int:
        with self._lock, self._transaction():
            fresh = fresh_items(self._last_position(consumer, source), items)
            for _, changes in fresh:
                for change in changes:
                    self._upsert(change)
            if fresh:
                self._db.execute(
                    "INSERT INTO positions (consumer, source, position) VALUES (?, ?, ?) "
                    "ON CONFLICT (consumer, source) DO UPDATE SET position = excluded.position",
                    (consumer, source, fresh[-1][0]),
                )
            return len(fresh)

    def _upsert(self, change: Upsert) -> None:
        row = self._db.execute(
            "SELECT body FROM documents WHERE collection = ? AND key = ?", (change.collection, change.key)
        ).fetchone()
        doc = json.loads(row[0]) if row else dict(change.set_on_insert)
        doc.update(change.set)
        for name, amount in change.inc.items():
            doc[name] = doc.get(name, 0) + amount
        for name, value in change.add_to_set.items():
            values = doc.setdefault(name, [])
            if value not in values:
                values.append(value)
        self._db.execute(
            "INSERT INTO documents (collection, key, body) VALUES (?, ?, ?) "
            "ON CONFLICT (collection, key) DO UPDATE SET body = excluded.body",
            (change.collection, change.key, _encode(doc)),
        )

    def drop_consumer(self, consumer: str, collections: Sequence[str]) -> None:
        with self._lock, self._transaction():
            self._db.execute("DELETE FROM positions WHERE consumer = ?", (consumer,))
            self._db.executemany("DELETE FROM documents WHERE collection = ?", [(c,) for c in collections])

    # reads

    def last_position(self, consumer: str, source: str) -> int:
        with self._lock:
            return self._last_position(consumer, source)

    def _last_position(self, consumer: str, source: str) -> int:
        row = self._db.execute(
            "SELECT position FROM positions WHERE consumer = ? AND source = ?", (consumer, source)
        ).fetchone()
        return row[0] if row else 0

    def get(self, collection: str, key: str) -> dict | None:
        with self._lock:
            row = self._db.execute(
                "SELECT body FROM documents WHERE collection = ? AND key = ?", (collection, key)
            ).fetchone()
        return json.loads(row[0]) if row else None

    def find(
        self, collection: str, where: dict | None = None, order_by: str | None = None, limit: int | None = None
    ) -> list[dict]:
        sql, params = self._select("key, body", collection, where)
        order = parse_order(order_by)
        if order:
            field, descending = order
            if field != "_id":
                self._ensure_index(field)
            sql += f" ORDER BY {_column(field)} {'DESC' if descending else 'ASC'}, key"
        else:
            sql += " ORDER BY key"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self._lock:
            rows = self._db.execute(sql, params).fetchall()
        return [{"_id": key, **json.loads(body)} for key, body in rows]

    def count(self, collection: str, where: dict | None = None) -> int:
        sql, params = self._select("count(*)", collection, where)
        with self._lock:
            return self._db.execute(sql, params).fetchone()[0]

    def _select(self, columns: str, collection: str, where: dict | None) -> tuple[str, list]:
        where = check_where(where)
        fields = [field for field in where if field != "_id"]
        # Pin the first filter's index: without ANALYZE statistics SQLite prefers scanning the
        # whole collection by primary key, whatever its size.
        indexed_by = f" INDEXED BY {self._ensure_index(fields[0])}" if fields and "_id" not in where else ""
        sql, params = f"SELECT {columns} FROM documents{indexed_by} WHERE collection = ?", [collection]
        for field, value in where.items():
            sql += f" AND {_column(field)} IS ?"  # IS: None matches a missing field, as in MongoDB
            params.append(value)
        return sql, params

    def _ensure_index(self, field: str) -> str:
        """The index of `field`, made the first time a query filters or sorts on it so lookups
        stay fast at a few hundred thousand documents (its expression is the queries' exactly)."""
        name = f"documents_{field}"
        if field not in self._indexed:
            with self._lock:
                self._db.execute(f"CREATE INDEX IF NOT EXISTS {name} ON documents (collection, {_path(field)})")
                self._indexed.add(field)
        return name

    @contextmanager
    def _transaction(self):
        # IMMEDIATE takes the write lock up front: the position read and the writes cannot
        # interleave with another process writing the same file
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._db.close()

