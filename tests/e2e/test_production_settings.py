"""The production persistence setting end to end: every event store, relay position and the person-key
vault in PostgreSQL (a database made for this module), the services under eventlet with pure-Python
psycopg. The read models stay on SQLite here: no MongoDB server can be installed on this machine."""
from __future__ import annotations

import uuid
from datetime import timedelta

import psycopg
import pytest

from .conftest import running_platform

pytestmark = [pytest.mark.e2e, pytest.mark.broker, pytest.mark.postgres]

SERVER = "postgresql://postgres@127.0.0.1:5432"


@pytest.fixture(scope="module")
def postgres_url():
    name = f"wcso_e2e_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield f"{SERVER}/{name}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture(scope="module")
def platform(tmp_path_factory, vhost, postgres_url):
    settings = {"WCSO_EVENT_STORE": "postgres", "WCSO_POSTGRES_URL": postgres_url}
    with running_platform(tmp_path_factory.mktemp("pg-platform"), vhost, settings=settings) as running:
        yield running


def test_every_service_starts_on_postgresql(platform, postgres_url):
    from chassis.cli import discover_services

    platform.check_alive()
    with psycopg.connect(postgres_url) as connection:
        tables = {row[0] for row in connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()}
    for service, (_, application) in discover_services().items():
        assert f"{application.rsplit(':', 1)[1].lower()}_events" in tables, service


def test_vikalp_runs_on_postgresql_event_stores(api, platform, postgres_url):
    form = {"filed_by": "self", "complainant": {"name": "Lata Verma", "phone": "9811122233"}, "district": "KNP",
            "category": "dowry", "description": "Demands for dowry and threats from my husband's family."}
    nodal = api.token("district_nodal_officer", "KNP")
    status, _, created = api.call("POST", "/api/v1/complaints", form)
    assert status == 201
    api.wait_for(lambda: api.call("GET", "/api/v1/districts/KNP/complaints", token=nodal)[2],
                 lambda view: view["total"] == 1)

    api.advance_clock(timedelta(hours=25))
    view = api.wait_for(lambda: api.call("GET", "/api/v1/districts/KNP/complaints", token=nodal)[2],
                        lambda view: view["atr_overdue"] == 1)
    assert view["escalations"]["district_nodal_officer"] == 1

    status, _, filed = api.call("POST", f"/api/v1/complaints/{created['complaint_id']}/atr",
                                {"text": "The family was called to the station and warned in writing.", "language": "en"},
                                token=api.token("station_officer", "KNP"))
    assert status == 200 and filed["status"] == "atr_filed"
    api.wait_for(lambda: api.call("GET", "/api/v1/districts/KNP/complaints", token=nodal)[2],
                 lambda view: view["atr_overdue"] == 0 and view["median_hours_to_first_atr"] is not None)

    with psycopg.connect(postgres_url) as connection:
        events = connection.execute("SELECT count(*) FROM complaintsapplication_events").fetchone()[0]
        keys = connection.execute("SELECT count(*) FROM person_keys").fetchone()[0]
        relay = connection.execute("SELECT max(notification_id) FROM complaintsapplication_tracking").fetchone()[0]
        stored = b"".join(bytes(row[0]) for row in connection.execute("SELECT state FROM complaintsapplication_events"))
    assert events >= 6 and keys == 1 and relay >= 6  # registered, 2 SMS + outcomes, deadlines, ATR
    assert b"Lata" not in stored and b"9811122233" not in stored
    assert not list(platform.settings.data_dir.glob("complaints_events.sqlite*"))
