"""Read-model stores: the documents projections write, with exactly-once effects.

`build_read_model_store(settings.resolved_read_model_url)` picks the backend from the URL.
"""
from __future__ import annotations

from .base import ReadModelStore, Upsert
from .mongo import MongoReadModelStore
from .sqlite import SqliteReadModelStore

__all__ = ["MongoReadModelStore", "ReadModelStore", "SqliteReadModelStore", "Upsert", "build_read_model_store"]

_SQLITE = "sqlite:///"


def build_read_model_store(url: str) -> ReadModelStore:
    """`sqlite:///relative.sqlite` or `sqlite:////absolute.sqlite` (SQLAlchemy style), or
    `mongodb://...` / `mongodb+srv://...` with the database in the path (default "wcso")."""
    if url.startswith(_SQLITE) and len(url) > len(_SQLITE):
        return SqliteReadModelStore(url[len(_SQLITE) :])
    if url.startswith(("mongodb://", "mongodb+srv://")):
        return MongoReadModelStore(url)
    raise ValueError(
        f"WCSO_READ_MODEL_URL={url!r} is not a read-model store URL: use sqlite:///path/to/file.sqlite, "
        "mongodb://host/database or mongodb+srv://host/database"
    )
