"""The read-model store contract: what a projection may do to its documents.

A projection consumes an ordered stream (`source`) and updates documents. Each update is written
together with the stream position it came from, so a redelivered or replayed event changes
nothing: effects happen exactly once even though delivery is at least once.
"""
from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, Sequence

RESERVED_FIELDS = frozenset({"_id", "_pos"})
_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def check_field(name: str) -> str:
    """Field names are plain identifiers: they are safe in a JSON path and never a Mongo path."""
    if not isinstance(name, str) or not _FIELD.fullmatch(name):
        raise ValueError(f"read-model field name {name!r} must be an identifier (letters, digits, _)")
    return name


@dataclass(frozen=True)
class Upsert:
    """One document change; the document is created when missing."""

    collection: str
    key: str
    set: dict[str, Any] = field(default_factory=dict)  # values JSON-able (datetimes as ISO strings)
    inc: dict[str, int | float] = field(default_factory=dict)  # a missing field counts as 0
    add_to_set: dict[str, Any] = field(default_factory=dict)  # appended to the list unless present
    set_on_insert: dict[str, Any] = field(default_factory=dict)  # written only when created

    def __post_init__(self):
        seen: set[str] = set()
        for part in (self.set, self.inc, self.add_to_set, self.set_on_insert):
            for name in part:
                if check_field(name) in RESERVED_FIELDS or name in seen:
                    # MongoDB refuses two operators on one field; refuse it on every backend alike
                    raise ValueError(f"field {name!r} is reserved or changed twice in one Upsert")
                seen.add(name)


class ReadModelStore(ABC):
    """Documents (JSON-able dicts keyed by a string id, in named collections) plus the last
    position applied per (consumer, source)."""

    @abstractmethod
    def apply(self, consumer: str, source: str, position: int, changes: Sequence[Upsert]) -> bool:
        """Apply `changes` and record `position`, atomically. False, and no change, when
        `position` is not above the last one applied for (consumer, source)."""

    @abstractmethod
    def apply_batch(self, consumer: str, source: str, items: Sequence[tuple[int, Sequence[Upsert]]]) -> int:
        """`apply` for several positions in order, in one write where the backend allows.
        Returns how many positions were applied (duplicates and older ones are skipped)."""

    @abstractmethod
    def last_position(self, consumer: str, source: str) -> int:
        """The last position applied for (consumer, source); 0 when none."""

    @abstractmethod
    def get(self, collection: str, key: str) -> dict | None:
        """The document without internal fields (nor `_id`), or None."""

    @abstractmethod
    def find(
        self, collection: str, where: dict | None = None, order_by: str | None = None, limit: int | None = None
    ) -> list[dict]:
        """Documents whose top-level fields equal every `where` value, each with "_id": key.
        `order_by` is a field name, "-name" for descending; ties are broken by key."""

    @abstractmethod
    def count(self, collection: str, where: dict | None = None) -> int:
        """How many documents `find` would return without a limit."""

    @abstractmethod
    def drop_consumer(self, consumer: str, collections: Sequence[str]) -> None:
        """Forget `consumer`'s positions and empty `collections`, for a full rebuild."""

    @abstractmethod
    def close(self) -> None: ...


def fresh_items(last: int, items: Sequence[tuple[int, Sequence[Upsert]]]) -> list[tuple[int, Sequence[Upsert]]]:
    """The items of a batch still to apply: positions above `last` and above every earlier item."""
    fresh = []
    for position, changes in items:
        if position > last:
            fresh.append((position, changes))
            last = position
    return fresh


def check_where(where: dict | None) -> dict:
    where = where or {}
    for name, value in where.items():
        if name != "_id":
            check_field(name)
        if isinstance(value, (dict, list)):
            raise TypeError(f"read-model filter on {name!r} must be a plain value, not {type(value).__name__}")
    return where


def parse_order(order_by: str | None) -> tuple[str, bool] | None:
    """("field", descending) from "field" or "-field"."""
    if order_by is None:
        return None
    name = order_by.removeprefix("-")
    return (name if name == "_id" else check_field(name)), order_by.startswith("-")
