"""One contract for the event store, run against every persistence backend the settings offer:
SQLite (a file per service), PostgreSQL (production) and memory (fast tests) where it makes sense.

It pins down what the relay, the consumers and the due-work scheduler rely on: optimistic
concurrency, a gap-free ordered notification log, the public integration log chained across
private events, tracking positions that survive a restart, personal data never stored in clear,
and the command metadata carried from the request to the CloudEvent.
"""
from __future__ import annotations

import pytest
from eventsourcing.persistence import IntegrityError, Tracking

from chassis.auth import Officer, Role
from chassis.clock import MovableClock
from chassis.eventstore import CommandMeta, current_command
from chassis.bootstrap import build_application
from contracts.complaints import AtrBody, ComplaintRegistration, FeedbackBody
from services.complaints.application import ComplaintsApplication
from services.complaints.domain import Complaint

from .conftest import backend_params

NAME = "Sunita Devi"
PHONE = "+91 98765-43210"
ADDRESS = "12 Gomti Nagar Extension"
DESCRIPTION = "A man follows me from the Charbagh bus stop every evening and shouts at me."
COMMENT = "Nothing changed, he still waits outside the coaching centre."
STATION_OFFICER = Officer("so-lko-1", Role.STATION_OFFICER, "LKO")
ATR_TEXT = "The respondent was called to the thana and warned in writing; patrolling increased."


def registration(name: str = NAME, phone: str = PHONE, description: str = DESCRIPTION) -> ComplaintRegistration:
    return ComplaintRegistration.model_validate({
        "filed_by": "self",
        "complainant": {"name": name, "phone": phone, "address": ADDRESS},
        "district": "LKO",
        "police_station": "Hazratganj",
        "category": "stalking",
        "description": description,
    })


def close(app: ComplaintsApplication) -> None:
    app.close()
    app.cipher.vault.db.close()


@pytest.fixture(params=backend_params("sqlite", "postgres", "memory"))
def backend(request) -> str:
    return request.param


@pytest.fixture
def app(backend, make_settings):
    application = build_application(ComplaintsApplication, make_settings(backend), MovableClock())
    yield application
    close(application)


@pytest.fixture
def reopen():
    """reopen(app) → a new application instance on the same store (closed at teardown)."""
    opened = []

    def make(app: ComplaintsApplication) -> ComplaintsApplication:
        opened.append(build_application(ComplaintsApplication, app.settings, MovableClock()))
        return opened[-1]

    yield make
    for application in opened:
        close(application)


def load(app: ComplaintsApplication, complaint_id: str) -> Complaint:
    return app.repository.get(Complaint.create_id(complaint_id))


def notifications(app: ComplaintsApplication):
    return app.recorder.select_notifications(start=1, limit=1000)


def topics(app: ComplaintsApplication) -> list[str]:
    return [n.topic.rsplit(".", 1)[-1] for n in notifications(app)]


# ------------------------------------------------------------------ saving and reloading


def test_a_saved_complaint_reloads_with_the_same_state(app):
    complaint_id = app.register(registration())["complaint_id"]
    app.file_atr(complaint_id, AtrBody(text=ATR_TEXT, language="hi"), STATION_OFFICER)

    first, second = load(app, complaint_id), load(app, complaint_id)

    assert first is not second
    assert vars(first) == vars(second)
    assert first.version == 4  # Registered, 2 x SmsRequested, AtrFiled
    assert first.complaint_id == complaint_id
    assert first.status.value == "atr_filed"
    assert [atr["text"] for atr in first.atrs] == [ATR_TEXT]
    assert set(first.sms) == {"sms-1", "sms-2"}
    assert first.registered_at == app.clock.now()


def test_a_stale_copy_is_refused_and_stores_nothing(app):
    complaint_id = app.register(registration())["complaint_id"]
    fresh, stale = load(app, complaint_id), load(app, complaint_id)
    fresh.file_atr(ATR_TEXT, "hi", "so-1", app.clock.now(), protected_names=[])
    app.save(fresh)
    before = [(n.id, n.originator_version, n.topic) for n in notifications(app)]

    stale.record_sms_outcome("sms-1", True, "ref-1", None, app.clock.now())
    with pytest.raises(IntegrityError):
        app.save(stale)

    assert [(n.id, n.originator_version, n.topic) for n in notifications(app)] == before
    reloaded = load(app, complaint_id)
    assert reloaded.version == 4
    assert reloaded.sms["sms-1"]["delivered"] is None
    assert reloaded.status.value == "atr_filed"


def test_registering_the_same_complaint_id_twice_is_refused_by_the_store(app):
    complaint_id = app.register(registration())["complaint_id"]
    duplicate = app._new_complaint(registration(), complaint_id, "ABCDEFGHJK", app.clock.now())

    with pytest.raises(IntegrityError):
        app.save(duplicate)

    assert len(notifications(app)) == 3


# ------------------------------------------------------------------ the notification log and the integration log


def register_three(app: ComplaintsApplication) -> list[str]:
    return [app.register(registration(phone=f"98765432{i}0"))["complaint_id"] for i in range(3)]


def test_the_notification_log_is_gap_free_and_ordered(app):
    ids = register_three(app)
    app.file_atr(ids[1], AtrBody(text=ATR_TEXT, language="hi"), STATION_OFFICER)

    log = notifications(app)

    assert [n.id for n in log] == list(range(1, 11))
    assert topics(app) == ["Registered", "SmsRequested", "SmsRequested"] * 3 + ["AtrFiled"]
    assert app.max_position() == 10
    # Read in pages, the log is the same.
    paged = [n.id for start in (1, 4, 7, 10) for n in app.recorder.select_notifications(start=start, limit=3)]
    assert paged == list(range(1, 11))


def test_integration_log_publishes_only_public_events_chained_across_private_ones(app):
    ids = register_three(app)

    batch = app.integration_events(0, 100)

    assert [e.type for e in batch.events] == ["complaint.registered.v1"] * 3
    assert [e.sequence for e in batch.events] == [1, 4, 7]
    assert [e.previoussequence for e in batch.events] == [0, 1, 4]
    assert [e.subject for e in batch.events] == ids
    assert [e.id for e in batch.events] == ["complaints-1", "complaints-4", "complaints-7"]
    assert {e.source for e in batch.events} == {"/wcso/complaints"}
    assert (batch.last_position, batch.last_published) == (9, 7)


def test_integration_log_bounds_and_resumes(app):
    register_three(app)

    bounded = app.integration_events(0, 100, up_to=5)
    assert [e.sequence for e in bounded.events] == [1, 4]
    assert (bounded.last_position, bounded.last_published) == (5, 4)

    # Resuming after a private event looks back for the previous published position.
    resumed = app.integration_events(5, 100)
    assert [(e.sequence, e.previoussequence) for e in resumed.events] == [(7, 4)]
    # The relay passes the previous position it knows, saving the look-up.
    assert app.integration_events(5, 100, previous=4).events == resumed.events

    # A page of private events only publishes nothing, but the position still moves on.
    private_only = app.integration_events(1, 2)
    assert private_only.events == []
    assert (private_only.last_position, private_only.last_published) == (3, 1)

    limited = app.integration_events(0, 4)
    assert [e.sequence for e in limited.events] == [1, 4]
    assert limited.last_position == 4

    at_the_end = app.integration_events(9, 100)
    assert at_the_end.events == []
    assert (at_the_end.last_position, at_the_end.last_published) == (9, 7)


def test_last_published_at_or_before(app):
    register_three(app)

    assert [app.last_published_at_or_before(p) for p in range(0, 10)] == [0, 1, 1, 1, 4, 4, 4, 7, 7, 7]


def test_last_published_looks_back_across_more_than_one_page(app):
    complaint_id = app.register(registration())["complaint_id"]
    complaint = load(app, complaint_id)
    # 150 private events after the only published one: more than one page of the look-back.
    for i in range(75):
        request_id = f"sms-{len(complaint.sms) + 1}"
        complaint._request_sms(request_id=request_id, recipient_group="msp_hq", message=f"reminder {i}",
                               **complaint._stamp(complaint.status, app.clock.now()))
        complaint.record_sms_outcome(request_id, True, f"ref-{i}", None, app.clock.now())
    app.save(complaint)

    assert app.max_position() == 153
    assert app.last_published_at_or_before(153) == 1
    assert app.integration_events(100, 100).events == []


# ------------------------------------------------------------------ tracking


def test_tracking_positions_are_recorded_and_read_back(app):
    tracking = app.factory.tracking_recorder()

    assert tracking.max_tracking_id("relay") is None
    tracking.insert_tracking(Tracking("relay", 3))
    tracking.insert_tracking(Tracking("relay", 9))
    tracking.insert_tracking(Tracking("other", 1))

    assert tracking.max_tracking_id("relay") == 9
    assert tracking.max_tracking_id("other") == 1
    assert tracking.has_tracking_id("relay", 9)
    with pytest.raises(IntegrityError):
        tracking.insert_tracking(Tracking("relay", 9))  # the same position twice is a duplicate


@pytest.mark.parametrize("backend", backend_params("sqlite", "postgres"), indirect=True)
def test_tracking_positions_survive_a_new_application_instance(app, reopen):
    app.factory.tracking_recorder().insert_tracking(Tracking("relay", 42))
    complaint_id = app.register(registration())["complaint_id"]
    close(app)

    restarted = reopen(app)

    assert restarted.factory.tracking_recorder().max_tracking_id("relay") == 42
    assert restarted.max_position() == 3
    assert load(restarted, complaint_id).complaint_id == complaint_id


# ------------------------------------------------------------------ personal data at rest


def test_stored_events_never_hold_personal_data_in_clear(app):
    complaint_id, access_code = app.register(registration()).values()
    app.file_atr(complaint_id, AtrBody(text=ATR_TEXT, language="hi"), STATION_OFFICER)
    app.give_feedback(complaint_id, access_code, FeedbackBody(rating="dissatisfied", comment=COMMENT))

    stored = b"\n".join(n.state for n in notifications(app)).lower()

    assert len(notifications(app)) == 5
    for secret in ("Sunita", "Devi", "9876543210", "98765", "43210", "Gomti", "Charbagh", "follows me",
                   "coaching centre", access_code):
        assert secret.lower().encode() not in stored, secret
    # ... while the sealed values are there, and open for someone allowed to read them.
    complaint = load(app, complaint_id)
    assert complaint.sealed_identity.encode().lower() in stored
    assert app.cipher.open(complaint.sealed_identity)["name"] == NAME
    assert app.cipher.open(complaint.sealed_description) == {"description": DESCRIPTION}
    assert app.cipher.open(complaint.feedback[0]["comment_sealed"]) == {"comment": COMMENT}


# ------------------------------------------------------------------ command metadata


def test_command_meta_is_stored_with_every_event_and_carried_to_the_cloud_event(app):
    meta = CommandMeta(correlation_id="corr-123", traceparent="00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                       actor="gateway:citizen")
    token = current_command.set(meta)
    try:
        complaint_id = app.register(registration())["complaint_id"]
    finally:
        current_command.reset(token)

    stored = [app.mapper.to_domain_event(n) for n in notifications(app)]
    assert [e.meta for e in stored] == [vars(meta)] * 3

    (event,) = app.integration_events(0, 10).events
    assert event.subject == complaint_id
    assert event.correlationid == "corr-123"
    assert event.traceparent == meta.traceparent
    assert "meta" not in event.data


def test_without_a_command_each_save_gets_its_own_system_correlation_id(app):
    first = app.register(registration())["complaint_id"]
    second = app.register(registration(phone="9123456780"))["complaint_id"]

    metas = [app.mapper.to_domain_event(n).meta for n in notifications(app)]
    assert {m["actor"] for m in metas} == {"system"}
    assert {m["traceparent"] for m in metas} == {None}
    events = app.integration_events(0, 10).events
    assert [e.subject for e in events] == [first, second]
    assert events[0].correlationid and events[1].correlationid
    assert events[0].correlationid != events[1].correlationid
