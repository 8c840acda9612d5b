"""Read models in MongoDB, exactly once without multi-document transactions.

A standalone server has no transactions, so every document carries its own guard:
`_pos.<consumer|source>` is the last position applied to it. A change is an upsert whose filter
requires the guard to be below the change's position; when it is not, the filter misses, the
upsert tries to insert an existing `_id` and the server answers E11000: the document already
has the change. The consumer's position is recorded last, with `$max`, so a crash between the
two writes replays the batch and the guards skip what was already written.
"""
from __future__ import annotations

from typing import Any, Sequence

from pymongo import MongoClient, UpdateOne
from pymongo.errors import BulkWriteError

from .base import ReadModelStore, Upsert, check_where, fresh_items, parse_order

DUPLICATE_KEY = 11000
POSITIONS = "_positions"
_MAX_RACE_RETRIES = 5


def guard_key(consumer: str, source: str) -> str:
    """The `_pos` field of (consumer, source): escaped so it is one field name, never a path."""
    return f"{_escape(consumer)}|{_escape(source)}"


def _escape(name: str) -> str:
    return name.replace("%", "%25").replace(".", "%2E").replace("$", "%24").replace("|", "%7C")


class MongoReadModelStore(ReadModelStore):
    def __init__(self, client_or_url: MongoClient | str, database: str | None = None):
        self._owns_client = isinstance(client_or_url, str)
        self._client = MongoClient(client_or_url) if self._owns_client else client_or_url
        # without a name, the database in the URL path, else "wcso"
        self._db = self._client[database] if database else self._client.get_default_database("wcso")

    # writes

    def apply(self, consumer: str, source: str, position: int, changes: Sequence[Upsert]) -> bool:
        return self.apply_batch(consumer, source, [(position, changes)]) == 1

    def apply_batch(self, consumer: str, source: str, items: Sequence[tuple[int, Sequence[Upsert]]]) -> int:
        fresh = fresh_items(self.last_position(consumer, source), items)
        if not fresh:
            return 0
        self.write_documents(consumer, source, fresh)
        self._db[POSITIONS].update_one(
            {"_id": guard_key(consumer, source)},
            {"$max": {"position": fresh[-1][0]}, "$set": {"consumer": consumer, "source": source}},
            upsert=True,
        )
        return len(fresh)

    def write_documents(self, consumer: str, source: str, items: Sequence[tuple[int, Sequence[Upsert]]]) -> None:
        """The document half of `apply_batch`, without recording the position; safe to repeat."""
        guard = f"_pos.{guard_key(consumer, source)}"
        by_collection: dict[str, list[tuple[str, int, dict]]] = {}
        for position, changes in items:
            for (collection, key), update in _merge(changes).items():
                update.setdefault("$set", {})[guard] = position
                by_collection.setdefault(collection, []).append((key, position, update))
        for collection, writes in by_collection.items():
            self._write(self._db[collection], guard, writes)

    def _write(self, collection, guard: str, writes: list[tuple[str, int, dict]]) -> None:
        # Unordered is one round trip that survives skips; when a batch changes one document at
        # several positions the server must apply them in order, so the batch goes ordered.
        ordered = len({key for key, _, _ in writes}) < len(writes)
        retries = 0
        while writes:
            ops = [UpdateOne({"_id": key, guard: {"$not": {"$gte": pos}}}, update, upsert=True) for key, pos, update in writes]
            try:
                collection.bulk_write(ops, ordered=ordered)
                return
            except BulkWriteError as error:
                failed = error.details["writeErrors"]
                if any(e["code"] != DUPLICATE_KEY for e in failed):
                    raise
                # E11000 on our upsert means "already applied", unless another writer inserted the
                # document between our miss and our insert: check the guard, redo only those.
                missed = [writes[e["index"]] for e in failed]
                redo = [w for w in missed if not self._applied(collection, guard, w[0], w[1])]
                rest = writes[failed[-1]["index"] + 1 :] if ordered else []  # ordered stops at the error
                retries += bool(redo)
                if retries > _MAX_RACE_RETRIES:
                    raise
                writes = redo + rest

    @staticmethod
    def _applied(collection, guard: str, key: str, position: int) -> bool:
        return collection.count_documents({"_id": key, guard: {"$gte": position}}, limit=1) == 1

    def drop_consumer(self, consumer: str, collections: Sequence[str]) -> None:
        self._db[POSITIONS].delete_many({"consumer": consumer})
        for name in collections:
            self._db[name].delete_many({})  # delete, not drop: indexes made for the queries stay

    # reads

    def last_position(self, consumer: str, source: str) -> int:
        row = self._db[POSITIONS].find_one({"_id": guard_key(consumer, source)})
        return row["position"] if row else 0

    def get(self, collection: str, key: str) -> dict | None:
        return self._db[collection].find_one({"_id": key}, {"_id": False, "_pos": False})

    def find(
        self, collection: str, where: dict | None = None, order_by: str | None = None, limit: int | None = None
    ) -> list[dict]:
        sort = [("_id", 1)]
        order = parse_order(order_by)
        if order:
            field, descending = order
            sort = [(field, -1 if descending else 1)] + ([] if field == "_id" else sort)
        cursor = self._db[collection].find(check_where(where), {"_pos": False}, sort=sort)
        if limit is not None:
            cursor = cursor.limit(limit)
        return list(cursor)

    def count(self, collection: str, where: dict | None = None) -> int:
        return self._db[collection].count_documents(check_where(where))

    def close(self) -> None:
        if self._owns_client:
            self._client.close()


def _merge(changes: Sequence[Upsert]) -> dict[tuple[str, str], dict[str, Any]]:
    """One update document per document: a second upsert of one `_id` at the same position
    would find its guard already set and be skipped."""
    updates: dict[tuple[str, str], dict[str, Any]] = {}
    for change in changes:
        update = updates.setdefault((change.collection, change.key), {})
        if change.set:
            update.setdefault("$set", {}).update(change.set)
        if change.set_on_insert:
            update.setdefault("$setOnInsert", {}).update(change.set_on_insert)
        for name, amount in change.inc.items():
            incs = update.setdefault("$inc", {})
            incs[name] = incs.get(name, 0) + amount
        for name, value in change.add_to_set.items():
            values = update.setdefault("$addToSet", {}).setdefault(name, {"$each": []})["$each"]
            if value not in values:
                values.append(value)
    return updates
