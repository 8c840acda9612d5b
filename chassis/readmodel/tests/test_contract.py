"""One contract, run against every read-model store backend.

Backends: SQLite in a temporary file, and MongoDB: the real server at WCSO_MONGO_URL when set
(one throw-away database per test), otherwise mongomock. mongomock is a stand-in written in
Python: passing here does not prove how a real server behaves (atomicity of each upsert,
E11000 on an upsert whose filter misses, unordered bulk semantics), so run the suite with
WCSO_MONGO_URL before trusting a change to mongo.py. What mongomock 4.3 was checked to do:
`bulk_write` with `UpdateOne(upsert=True)`, `$not: {$gte}` matching a missing field, and a
BulkWriteError with code 11000 when the filter misses an existing `_id`, all as a server does.
What it cannot do: accept pymongo >= 4.10's `sort` argument for UpdateOne inside bulk_write
(a TypeError), so the fixture below patches that argument away when it is unset.
"""
import inspect
import os
import uuid

import mongomock
import pymongo
import pytest
from pymongo.errors import BulkWriteError

from chassis.readmodel import (
    MongoReadModelStore,
    SqliteReadModelStore,
    Upsert,
    build_read_model_store,
)
from chassis.readmodel.mongo import guard_key

MONGO_URL = os.environ.get("WCSO_MONGO_URL")


@pytest.fixture
def mongo_store(monkeypatch):
    if MONGO_URL:
        client, database = pymongo.MongoClient(MONGO_URL), f"wcso_test_{uuid.uuid4().hex}"
    else:
        _patch_mongomock_bulk_sort(monkeypatch)
        client, database = mongomock.MongoClient(), "wcso"
    store = MongoReadModelStore(client, database)
    yield store
    client.drop_database(database)
    client.close()


def _patch_mongomock_bulk_sort(monkeypatch):
    builder = mongomock.collection.BulkOperationBuilder
    if "sort" in inspect.signature(builder.add_update).parameters:
        return
    add_update = builder.add_update

    def without_sort(self, *args, sort=None, **kwargs):
        assert sort is None, "mongomock cannot sort an update"
        return add_update(self, *args, **kwargs)

    monkeypatch.setattr(builder, "add_update", without_sort)


@pytest.fixture(params=["sqlite", "mongo"])
def store(request, tmp_path):
    if request.param == "mongo":
        yield request.getfixturevalue("mongo_store")
        return
    store = SqliteReadModelStore(str(tmp_path / "read.sqlite"))
    yield store
    store.close()


def complaint(key, position, district="LKO", **extra):
    return Upsert(
        "complaints",
        key,
        set={"district": district, "status": "open", **extra},
        set_on_insert={"first_seen": position},
    )


def tally(district, n=1):
    return Upsert("tallies", district, inc={"complaints": n})


def test_apply_sets_incs_add_to_set_and_set_on_insert(store):
    assert store.apply("c", "s", 1, [Upsert("d", "k", set={"a": 1}, inc={"n": 2}, add_to_set={"tags": "x"}, set_on_insert={"created": 1})])
    assert store.apply("c", "s", 2, [Upsert("d", "k", set={"a": 2}, inc={"n": 3}, add_to_set={"tags": "x"}, set_on_insert={"created": 2})])
    assert store.apply("c", "s", 3, [Upsert("d", "k", add_to_set={"tags": "y"}, inc={"f": 0.5})])
    assert store.get("d", "k") == {"a": 2, "n": 5, "tags": ["x", "y"], "created": 1, "f": 0.5}
    assert store.get("d", "missing") is None
    assert store.last_position("c", "s") == 3


def test_several_changes_to_one_document_in_one_position(store):
    changes = [tally("LKO"), tally("LKO", 2), Upsert("tallies", "LKO", set={"name": "Lucknow"}), tally("AGR")]
    assert store.apply("c", "s", 1, changes)
    assert store.get("tallies", "LKO") == {"complaints": 3, "name": "Lucknow"}
    assert store.get("tallies", "AGR") == {"complaints": 1}


def test_duplicate_position_is_skipped(store):
    assert store.apply("c", "s", 1, [tally("LKO")])
    assert not store.apply("c", "s", 1, [tally("LKO")])
    assert store.get("tallies", "LKO") == {"complaints": 1}


def test_older_position_is_skipped(store):
    assert store.apply("c", "s", 5, [tally("LKO")])
    assert not store.apply("c", "s", 4, [tally("LKO"), tally("AGR")])
    assert store.get("tallies", "LKO") == {"complaints": 1}
    assert store.get("tallies", "AGR") is None
    assert store.last_position("c", "s") == 5


def test_positions_are_per_consumer_and_source(store):
    assert store.last_position("c", "s") == 0
    assert store.apply("c", "s", 7, [tally("LKO")])
    assert store.apply("c", "other-source", 1, [tally("LKO")])
    assert store.apply("other.consumer", "s", 1, [tally("LKO")])  # a dot must not become a path
    assert store.get("tallies", "LKO") == {"complaints": 3}
    assert (store.last_position("c", "s"), store.last_position("c", "other-source")) == (7, 1)
    assert store.last_position("other.consumer", "s") == 1


def test_apply_batch_skips_duplicates_and_applies_in_order(store):
    assert store.apply("c", "s", 2, [tally("LKO")])
    items = [
        (1, [tally("LKO")]),  # older than the last applied
        (2, [tally("LKO")]),  # already applied
        (3, [tally("LKO"), complaint("x", 3, status="open")]),
        (3, [tally("LKO")]),  # duplicate inside the batch
        (4, [tally("LKO"), complaint("x", 4, status="closed")]),  # same document again: order matters
    ]
    assert store.apply_batch("c", "s", items) == 2
    assert store.get("tallies", "LKO") == {"complaints": 3}
    assert store.get("complaints", "x") == {"district": "LKO", "status": "closed", "first_seen": 3}
    assert store.last_position("c", "s") == 4
    assert store.apply_batch("c", "s", items) == 0
    assert store.apply_batch("c", "s", []) == 0


def test_find_where_order_by_and_limit(store):
    store.apply_batch("c", "s", [
        (1, [complaint("a", 1, "LKO", rank=3)]),
        (2, [complaint("b", 2, "AGR", rank=1)]),
        (3, [complaint("c", 3, "LKO", rank=2, status="closed")]),
        (4, [complaint("d", 4, "LKO", rank=1)]),
    ])
    assert [d["_id"] for d in store.find("complaints")] == ["a", "b", "c", "d"]
    assert [d["_id"] for d in store.find("complaints", {"district": "LKO"}, order_by="rank")] == ["d", "c", "a"]
    assert [d["_id"] for d in store.find("complaints", {"district": "LKO"}, order_by="-rank", limit=2)] == ["a", "c"]
    assert [d["_id"] for d in store.find("complaints", {"district": "LKO", "status": "open"})] == ["a", "d"]
    assert [d["_id"] for d in store.find("complaints", {"missing": None}, order_by="-_id", limit=1)] == ["d"]
    assert store.find("complaints", {"_id": "b"}) == [
        {"_id": "b", "district": "AGR", "status": "open", "rank": 1, "first_seen": 2}
    ]
    assert store.find("complaints", {"district": "VNS"}) == []
    assert store.find("nothing") == []


def test_count(store):
    store.apply("c", "s", 1, [complaint("a", 1, "LKO"), complaint("b", 1, "AGR"), complaint("c", 1, "LKO")])
    assert store.count("complaints") == 3
    assert store.count("complaints", {"district": "LKO"}) == 2
    assert store.count("complaints", {"district": "LKO", "status": "closed"}) == 0
    assert store.count("nothing") == 0


def test_filters_refuse_paths_and_documents(store):
    with pytest.raises(ValueError):
        store.find("complaints", {"a.b": 1})
    with pytest.raises(TypeError):
        store.count("complaints", {"a": {"$gt": 1}})
    with pytest.raises(ValueError):
        store.find("complaints", order_by="a; DROP TABLE documents")


def test_drop_consumer_resets_positions_and_documents(store):
    store.apply("c", "s", 3, [tally("LKO"), complaint("a", 3)])
    store.apply("c", "t", 1, [tally("AGR")])
    store.apply("keep", "s", 9, [Upsert("kept", "k", set={"v": 1})])
    store.drop_consumer("c", ["tallies", "complaints"])
    assert (store.last_position("c", "s"), store.last_position("c", "t")) == (0, 0)
    assert store.count("tallies") == store.count("complaints") == 0
    assert store.last_position("keep", "s") == 9 and store.get("kept", "k") == {"v": 1}
    assert store.apply("c", "s", 1, [tally("LKO")])  # the rebuild starts from the beginning
    assert store.get("tallies", "LKO") == {"complaints": 1}


def test_upsert_refuses_reserved_dotted_and_conflicting_fields():
    for bad in ({"set": {"_id": 1}}, {"set": {"a.b": 1}}, {"inc": {"$x": 1}}, {"set": {"n": 1}, "inc": {"n": 1}}):
        with pytest.raises(ValueError):
            Upsert("d", "k", **bad)


# MongoDB only: the two writes are not atomic there


def test_mongo_replay_after_crash_between_documents_and_position(mongo_store):
    items = [(1, [tally("LKO"), complaint("a", 1)]), (2, [tally("LKO"), tally("AGR")])]
    mongo_store.write_documents("c", "s", items)  # the process dies before recording position 2
    assert mongo_store.last_position("c", "s") == 0
    assert mongo_store.apply_batch("c", "s", items + [(3, [tally("LKO")])]) == 3
    assert mongo_store.get("tallies", "LKO") == {"complaints": 3}
    assert mongo_store.get("tallies", "AGR") == {"complaints": 1}
    assert mongo_store.last_position("c", "s") == 3


def test_mongo_replay_after_partial_document_write(mongo_store):
    mongo_store.write_documents("c", "s", [(1, [tally("LKO")])])  # only part of position 1..2 landed
    assert mongo_store.apply_batch("c", "s", [(1, [tally("LKO"), tally("AGR")]), (2, [tally("LKO")])]) == 2
    assert mongo_store.get("tallies", "LKO") == {"complaints": 2}
    assert mongo_store.get("tallies", "AGR") == {"complaints": 1}


def test_mongo_duplicate_key_from_a_concurrent_insert_is_redone(mongo_store, monkeypatch):
    if MONGO_URL:
        pytest.skip("the race is simulated on mongomock's collection class")
    bulk_write, calls = mongomock.Collection.bulk_write, []

    def racing_bulk_write(self, requests, ordered=True, **kwargs):
        if not calls:  # another consumer inserts the document between our miss and our insert
            calls.append(self.insert_one({"_id": "LKO", "other": 1}))
            raise BulkWriteError({"writeErrors": [{"index": 0, "code": 11000, "errmsg": "E11000"}]})
        return bulk_write(self, requests, ordered=ordered, **kwargs)

    monkeypatch.setattr(mongomock.Collection, "bulk_write", racing_bulk_write)
    assert mongo_store.apply("c", "s", 1, [tally("LKO")])
    assert mongo_store.get("tallies", "LKO") == {"other": 1, "complaints": 1}


def test_mongo_documents_keep_guards_out_of_reads(mongo_store):
    mongo_store.apply("c.x", "s", 1, [tally("LKO")])
    raw = mongo_store._db["tallies"].find_one({"_id": "LKO"})
    assert raw["_pos"] == {guard_key("c.x", "s"): 1} and "." not in guard_key("c.x", "s")
    assert mongo_store.find("tallies") == [{"_id": "LKO", "complaints": 1}]


# the factory


def test_factory_builds_sqlite_from_url(tmp_path):
    store = build_read_model_store(f"sqlite:///{tmp_path / 'rm.sqlite'}")
    assert isinstance(store, SqliteReadModelStore)
    store.close()
    assert (tmp_path / "rm.sqlite").exists()


@pytest.mark.parametrize("url, database", [("mongodb://127.0.0.1:1/reports", "reports"), ("mongodb://127.0.0.1:1", "wcso")])
def test_factory_builds_mongo_from_url(url, database):
    store = build_read_model_store(url)  # pymongo connects lazily: nothing listens on port 1
    assert isinstance(store, MongoReadModelStore) and store._db.name == database
    store.close()


@pytest.mark.parametrize("url", ["", "sqlite:///", "postgresql://x/y", "read.sqlite"])
def test_factory_refuses_other_urls(url):
    with pytest.raises(ValueError, match="WCSO_READ_MODEL_URL"):
        build_read_model_store(url)
