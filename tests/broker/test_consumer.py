"""The tracking consumer on the real broker: at-least-once delivery, exactly-once effects, gap
filling from the source's log over RPC, and explicit failures parked on the dead-letter queue
(ARCHITECTURE rules 2 and 5)."""
from __future__ import annotations

import json

import kombu
import pytest

from chassis.messaging import ConfirmingPublisher, event_exchange
from contracts.envelope import CloudEvent
from gateway.projections import PlatformViews, remote_log_reader
from gateway.projections.complaints import COMPLAINTS
from gateway.projections.persons import PERSONS
from services.complaints.service import ComplaintsService

from .conftest import get_messages, no_log_reader, published, queue_depth, register, wait_until

pytestmark = pytest.mark.broker

VIEWS = PlatformViews.name  # "gateway.views": the consumer's queue and tracking key
DEAD_LETTER = f"{VIEWS}.dead-letter"


def publish(url: str, *events: CloudEvent) -> None:
    publisher = ConfirmingPublisher(url)
    try:
        for event in events:  # one confirmed publish each: separate deliveries
            publisher.publish("complaints", [event])
    finally:
        publisher.close()


def publish_raw(url: str, body: bytes, routing_key: str = "complaint.registered.v1") -> None:
    with kombu.Connection(url, connect_timeout=5, transport_options={"confirm_publish": True}) as connection:
        connection.Producer().publish(body, exchange=event_exchange("complaints"), routing_key=routing_key,
                                      content_type="application/json", content_encoding="utf-8",
                                      delivery_mode=2)


def record_outcomes(consumer_thread) -> list:
    """Wraps the consumer's applier so the test sees each apply's result (True applied, False duplicate)."""
    applier = consumer_thread.consumer.applier
    outcomes, apply = [], applier.apply

    def recording_apply(event):
        result = apply(event)
        outcomes.append((event.sequence, result))
        return result

    applier.apply = recording_apply
    return outcomes


def test_a_duplicated_message_is_applied_once(complaints_app, broker_url, read_model, run_consumer):
    [complaint_id] = register(complaints_app, 1)
    [event] = published(complaints_app)
    consumer = run_consumer(PlatformViews(), no_log_reader)
    outcomes = record_outcomes(consumer)

    publish(broker_url, event, event)  # the relay republishing a batch after a crash looks like this

    wait_until(lambda: len(outcomes) == 2, message="both deliveries to be handled")
    assert outcomes == [(1, True), (1, False)]
    person = read_model.get(PERSONS, event.data["person_ref"])
    assert person["record_count"] == 1
    assert person["records"] == [f"complaints/{complaint_id}"]
    assert read_model.get(COMPLAINTS, complaint_id)["status"] == "awaiting_atr"
    assert read_model.last_position(VIEWS, "complaints") == event.sequence == 1

    consumer.stop()
    assert queue_depth(broker_url, VIEWS) == 0  # both acknowledged, none parked
    assert queue_depth(broker_url, DEAD_LETTER) == 0


def test_a_gap_is_filled_from_the_source_log_over_rpc(
        complaints_app, settings, broker_url, read_model, run_consumer, container_factory, rabbit_config,
        monkeypatch):
    # The real complaints service serves the log the events came from (same data folder).
    monkeypatch.setenv("WCSO_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("WCSO_AMQP_URL", broker_url)
    container = container_factory(ComplaintsService, {"AMQP_URI": rabbit_config["AMQP_URI"]})
    container.start()

    complaint_ids = register(complaints_app, 3)
    first, skipped, third = published(complaints_app)
    assert (first.sequence, skipped.sequence, third.sequence) == (1, 4, 7)
    assert third.previoussequence == skipped.sequence

    reader, gap_reads = remote_log_reader(settings), []

    def recording_reader(service, after, up_to):
        gap_reads.append((service, after, up_to))
        return reader(service, after, up_to)

    consumer = run_consumer(PlatformViews(), recording_reader)
    publish(broker_url, first, third)  # event 4 never arrives

    wait_until(lambda: read_model.last_position(VIEWS, "complaints") == 7, message="position 7 to be applied")
    assert gap_reads == [("complaints", 1, 4)]
    for complaint_id in complaint_ids:
        assert read_model.get(COMPLAINTS, complaint_id) is not None, complaint_id
    assert read_model.get(COMPLAINTS, skipped.subject)["registered_at"] == skipped.data["occurred_at"]
    person = read_model.get(PERSONS, first.data["person_ref"])  # one phone: one person, three records
    assert person["record_count"] == 3
    assert sorted(person["records"]) == sorted(f"complaints/{cid}" for cid in complaint_ids)

    consumer.stop()
    assert queue_depth(broker_url, VIEWS) == 0
    assert queue_depth(broker_url, DEAD_LETTER) == 0


def test_poison_messages_are_parked_with_the_reason_and_consumption_goes_on(
        complaints_app, broker_url, read_model, run_consumer):
    register(complaints_app, 1)
    [good] = published(complaints_app)
    consumer = run_consumer(PlatformViews(), no_log_reader)

    publish_raw(broker_url, b"{not json")
    publish_raw(broker_url, json.dumps({"hello": "world"}).encode(), routing_key="partner.says.hello")
    publish(broker_url, good)

    wait_until(lambda: read_model.last_position(VIEWS, "complaints") == 1, message="the good event to be applied")
    unreadable, not_an_event = get_messages(broker_url, DEAD_LETTER, 2)

    assert unreadable.body in ("{not json", b"{not json")  # py-amqp decodes utf-8 bodies
    reason = unreadable.headers["x-wcso-reason"]
    assert "not a valid CloudEvent" in reason and "Expecting property name" in reason, reason
    assert unreadable.headers["x-wcso-attempts"] == 1  # poison is parked at once, not retried
    assert unreadable.headers["x-wcso-consumer"] == VIEWS
    assert unreadable.headers["x-wcso-routing-key"] == "complaint.registered.v1"

    assert json.loads(not_an_event.body) == {"hello": "world"}
    reason = not_an_event.headers["x-wcso-reason"]
    assert reason.startswith("not a valid CloudEvent"), reason
    assert "id: Field required" in reason and "data: Field required" in reason, reason  # every field and rule
    assert not_an_event.headers["x-wcso-routing-key"] == "partner.says.hello"

    assert read_model.get(COMPLAINTS, good.subject) is not None
    consumer.stop()
    assert queue_depth(broker_url, VIEWS) == 0, "the original queue keeps nothing back"


class FailingViews(PlatformViews):
    """The platform views with a bug: registrations cannot be folded."""

    def __init__(self):
        super().__init__()
        self.attempts = 0

    def changes_for(self, event, store):
        if event.type == "complaint.registered.v1":
            self.attempts += 1
            raise RuntimeError(f"cannot fold {event.id}")
        return super().changes_for(event, store)


def test_a_failing_projection_is_retried_then_parked_and_nothing_is_lost(
        complaints_app, broker_url, read_model, run_consumer):
    register(complaints_app, 1)
    [event] = published(complaints_app)
    projection = FailingViews()
    consumer = run_consumer(projection, no_log_reader, max_attempts=3, retry_delay=0.01)

    publish(broker_url, event)

    [parked] = get_messages(broker_url, DEAD_LETTER, 1)
    assert projection.attempts == 3
    assert parked.headers["x-wcso-attempts"] == 3
    assert parked.headers["x-wcso-reason"] == "RuntimeError: cannot fold complaints-1"
    assert parked.headers["x-wcso-consumer"] == VIEWS
    assert CloudEvent.model_validate_json(parked.body) == event  # the whole message, intact
    assert read_model.last_position(VIEWS, "complaints") == 0  # no effect recorded
    assert read_model.get(COMPLAINTS, event.subject) is None

    consumer.stop()
    assert queue_depth(broker_url, VIEWS) == 0


class TwoSourceViews:
    """A projection that folds two programmes' events (as the person view will)."""

    name = "two-source.views"
    sources = ("complaints", "posh")

    def changes_for(self, event, store):
        return []


def _event(service: str, event_type: str) -> CloudEvent:
    return CloudEvent(id=f"{service}-1", source=f"/wcso/{service}", type=event_type, time="2026-11-01T10:00:00Z",
                      sequence=1, previoussequence=0, data={"for": service})


def test_a_projection_with_two_sources_receives_both(broker_url, read_model, run_consumer):
    # Only what the consumer itself declares is bound (run_consumer pre-declares nothing).
    consumer = run_consumer(TwoSourceViews(), no_log_reader)

    publish(broker_url, _event("complaints", "complaint.registered.v1"))
    publisher = ConfirmingPublisher(broker_url)
    publisher.publish("posh", [_event("posh", "posh.case_opened.v1")])
    publisher.close()

    wait_until(lambda: read_model.last_position(TwoSourceViews.name, "posh") == 1,
               message="the posh event to be applied")
    # The complaints event was confirmed (so enqueued, if bound) before the posh one.
    assert read_model.last_position(TwoSourceViews.name, "complaints") == 1, "complaints.events is not bound"
    consumer.stop()


class FailsUntilFixed(PlatformViews):
    fixed = False

    def changes_for(self, event, store):
        if not self.fixed:
            raise RuntimeError(f"cannot fold {event.id}")
        return super().changes_for(event, store)


def test_parked_messages_are_listed_with_their_reason_and_replayed_once_the_cause_is_fixed(
        complaints_app, broker_url, read_model, run_consumer):
    from chassis.dead_letters import parked_messages, replay

    register(complaints_app, 1)
    [event] = published(complaints_app)
    projection = FailsUntilFixed()
    run_consumer(projection, no_log_reader, max_attempts=2, retry_delay=0.01)
    publish(broker_url, event)
    wait_until(lambda: queue_depth(broker_url, DEAD_LETTER) == 1, message="the message to be parked")

    [parked] = parked_messages(broker_url, VIEWS)
    assert parked.reason == "RuntimeError: cannot fold complaints-1" and parked.attempts == 2
    assert parked.routing_key == "complaint.registered.v1" and parked.message_id == "complaints-1"
    assert queue_depth(broker_url, DEAD_LETTER) == 1  # listing leaves it parked

    projection.fixed = True
    assert replay(broker_url, VIEWS) == 1
    wait_until(lambda: read_model.last_position(VIEWS, "complaints") == 1, message="the replayed event to apply")
    assert read_model.get(COMPLAINTS, event.subject)["status"] == "awaiting_atr"
    assert queue_depth(broker_url, DEAD_LETTER) == 0
