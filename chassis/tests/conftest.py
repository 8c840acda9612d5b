"""Fixtures shared by the chassis tests: settings per persistence backend, and a clean
PostgreSQL database for every test that uses it.

Our settings cannot point eventsourcing at a schema of its own, so PostgreSQL isolation is by
dropping, before each postgres test, the tables these tests create: the complaints event store
(eventsourcing names it after the application, `complaintsapplication_*`) and the chassis'
personal-data tables.
"""
from __future__ import annotations

import os

import pytest

from chassis.settings import Settings, load_settings

POSTGRES_URL = os.environ.get("WCSO_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/wcso_test")
CHASSIS_TABLES = frozenset({"person_keys", "erased_persons", "personal_data_reads"})
APP_TABLE_PREFIXES = ("complaintsapplication_",)


def drop_test_tables() -> None:
    import psycopg

    try:
        connection = psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:  # `make test` starts PostgreSQL: its absence is a failure, not a skip
        pytest.fail(f"PostgreSQL not reachable at {POSTGRES_URL} (run `make test`, which starts it): {exc}")
    with connection:
        tables = [row[0] for row in connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()]
        for table in tables:
            if table in CHASSIS_TABLES or table.startswith(APP_TABLE_PREFIXES):
                connection.execute(f'DROP TABLE IF EXISTS public."{table}" CASCADE')


@pytest.fixture
def clean_postgres():
    drop_test_tables()
    yield POSTGRES_URL


def backend_params(*backends: str) -> list:
    """pytest params for the given backends, the postgres one carrying the `postgres` marker."""
    return [pytest.param(name, marks=pytest.mark.postgres, id=name) if name == "postgres"
            else pytest.param(name, id=name) for name in backends]


@pytest.fixture
def make_settings(tmp_path, request):
    """make_settings(backend) → Settings on that backend, data under this test's tmp_path."""

    def make(backend: str, **extra: str) -> Settings:
        if backend == "postgres":
            request.getfixturevalue("clean_postgres")
        return load_settings({
            "WCSO_DATA_DIR": str(tmp_path),
            "WCSO_EVENT_STORE": backend,
            "WCSO_POSTGRES_URL": POSTGRES_URL,
            **extra,
        })

    return make
